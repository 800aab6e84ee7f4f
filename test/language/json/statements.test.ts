import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { makeRng } from '../../../src/random/rng.js';

// Statements and blocks of the spec language, each checked against an equivalent spec
// written another way (a loop against its vectorised form, censoring against the CDF).

type Json = Record<string, any>;

const points = (dim: number, count: number, seed = 3): Float64Array[] => {
  const rng = makeRng(seed, 0);
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => 2 * rng.uniform() - 1));
};

/** Asserts that two specs (with the same parameters) have the same log density. */
function expectSameDensity(a: Json, b: Json, data: Json): void {
  const [ma, mb] = [compileSpec(a, data), compileSpec(b, data)];
  expect(ma.dim).toBe(mb.dim);
  for (const theta of points(ma.dim, 3)) {
    const [ga, gb] = [ma.logDensityAndGradient(theta), mb.logDensityAndGradient(theta)];
    expect(ga.logDensity).toBeCloseTo(gb.logDensity, 10);
    ga.gradient.forEach((g, i) => expect(g).toBeCloseTo(gb.gradient[i]!, 10));
  }
}

const series = { T: 6, y: [0.5, -0.2, 0.9, 1.4, 0.3, -0.8] };
const seriesData = { T: { type: 'int', lower: 1 }, y: { type: 'vector', size: 'T' } };

describe('model statements', () => {
  it('a local filled element by element in a loop equals the vectorised expression', () => {
    const loop = {
      data: seriesData,
      parameters: { a: { type: 'real' }, b: { type: 'real', lower: 0 } },
      model: [
        { local: 'running', type: 'vector', size: 'T' },
        { assign: 'running[1]', value: 'a' },
        { for: 't', from: 2, to: 'T', body: [{ assign: 'running[t]', value: 'running[t - 1] + a' }] },
        { sample: 'y', distribution: 'normal', args: ['running', 'b'] },
      ],
    };
    const vectorised = {
      data: seriesData,
      parameters: loop.parameters,
      model: [{ sample: 'y', distribution: 'normal', args: ['cumulative_sum(rep_vector(a, T))', 'b'] }],
    };
    expectSameDensity(loop, vectorised, series);
  });

  it('assigns matrix rows, single cells and vector ranges', () => {
    const pieces = {
      data: seriesData,
      parameters: { a: { type: 'vector', size: 3 } },
      model: [
        { local: 'm', type: 'matrix', rows: 2, cols: 3 },
        { assign: 'm[1]', value: "a'" },
        { assign: 'm[2]', value: "2 * a'" },
        { assign: 'm[2, 3]', value: '-1' },
        { local: 'v', type: 'vector', size: 'T' },
        { assign: 'v[1:3]', value: 'a' },
        { assign: 'v[4:6]', value: 'to_vector(m[2])' },
        { sample: 'y', distribution: 'normal', args: ['v', '1'] },
      ],
    };
    const whole = {
      data: seriesData,
      parameters: pieces.parameters,
      model: [{ sample: 'y', distribution: 'normal', args: ['append_row(a, [2 * a[1], 2 * a[2], -1])', '1'] }],
    };
    expectSameDensity(pieces, whole, series);
  });

  it('if and else choose statements by an int condition', () => {
    const branching = {
      data: seriesData,
      parameters: { a: { type: 'real' } },
      model: [
        {
          for: 't',
          from: 1,
          to: 'T',
          body: [{ if: 'y[t] > 0', then: [{ sample: 'y[t]', distribution: 'normal', args: ['a', '1'] }], else: [{ sample: 'y[t]', distribution: 'normal', args: ['-a', '2'] }] }],
        },
      ],
    };
    const split = {
      data: seriesData,
      parameters: branching.parameters,
      model: [{ target: 'normal_lpdf(y[{1, 3, 4, 5}] | a, 1)' }, { target: 'normal_lpdf(y[{2, 6}] | -a, 2)' }],
    };
    expectSameDensity(branching, split, series);
  });

  it('censored observations add the log CDF (left) or log CCDF (right)', () => {
    const censored = {
      data: seriesData,
      parameters: { mu: { type: 'real' }, sigma: { type: 'real', lower: 0 } },
      model: [
        { sample: 'y[1:2]', distribution: 'normal', args: ['mu', 'sigma'], censor: 'left' },
        { sample: 'y[3:6]', distribution: 'normal', args: ['mu', 'sigma'], censor: 'right' },
      ],
    };
    const cdfs = {
      data: seriesData,
      parameters: censored.parameters,
      model: [{ target: 'normal_lcdf(y[1:2] | mu, sigma)' }, { target: 'normal_lccdf(y[3:6] | mu, sigma)' }],
    };
    expectSameDensity(censored, cdfs, series);
  });

  it('rejects a point where a transformed parameter breaks its bound (log density -Infinity)', () => {
    const model = compileSpec(
      {
        parameters: { a: { type: 'real' } },
        transformed_parameters: { b: { type: 'real', lower: 0, value: '1 - a' } },
        model: [{ sample: 'a', distribution: 'normal', args: ['0', '1'] }],
      },
      {},
    );
    // normal(0.5 | 0, 1) with its constant; b = 0.5 is inside its bound.
    expect(model.logDensity(Float64Array.of(0.5))).toBeCloseTo(-0.125 - 0.5 * Math.log(2 * Math.PI), 12);
    expect(model.logDensity(Float64Array.of(1.5))).toBe(-Infinity);
  });

  it('a bound may depend on an earlier parameter (garch11): draws respect it', () => {
    const model = compileSpec(
      {
        parameters: { alpha1: { type: 'real', lower: 0, upper: 1 }, beta1: { type: 'real', lower: 0, upper: '1 - alpha1' } },
        model: [{ target: '0' }],
      },
      {},
    );
    for (const theta of points(2, 20, 11)) {
      const [alpha1, beta1] = model.outputs(theta, makeRng(0, 0));
      expect(beta1).toBeGreaterThan(0);
      expect(alpha1! + beta1!).toBeLessThan(1);
    }
  });

  it('an index out of range at a later point throws with the statement path (not a silent rejection)', () => {
    const model = compileSpec(
      {
        data: seriesData,
        parameters: { a: { type: 'real' } },
        model: [{ sample: 'y[a > 1 ? 7 : 1]', distribution: 'normal', args: ['a', '1'] }],
      },
      series,
    );
    // At a = 0 the index is 1: normal(y[1] = 0.5 | 0, 1) with its constant.
    expect(model.logDensity(Float64Array.of(0))).toBeCloseTo(-0.125 - 0.5 * Math.log(2 * Math.PI), 12);
    expect(() => model.logDensity(Float64Array.of(2))).toThrow("model[0]: 'y' (vector[6]): index 7 is out of range; valid indices are 1 to 6 (1-based)");
  });

  it('names the statement of a non-finite term', () => {
    const model = compileSpec(
      { parameters: { a: { type: 'real' } }, model: [{ sample: 'a', distribution: 'normal', args: ['0', '1'] }, { target: 'log(a)' }] },
      {},
    );
    expect(model.nonFiniteTerms(Float64Array.of(-1)).join('\n')).toContain('model[1]: target += log(a)');
  });

  it('ignores data fields that are not declared', () => {
    expect(() => compileSpec({ data: seriesData, parameters: { a: { type: 'real' } }, model: [{ sample: 'y', distribution: 'normal', args: ['a', '1'] }] }, { ...series, unused: 'x' })).not.toThrow();
  });
});

describe('generated quantities', () => {
  const spec = {
    data: seriesData,
    parameters: { mu: { type: 'real' } },
    model: [{ sample: 'y', distribution: 'normal', args: ['mu', '1'] }],
    generated_quantities: {
      y_rep: { type: 'vector', size: 'T', sample: { distribution: 'normal', args: ['mu', '1'] } },
      shifted: { type: 'real', value: 'normal_rng(mu + 10, 1)' },
      above: { type: 'int', value: 'shifted > mu + 10' },
    },
  };

  it('draws with the given rng: reproducible, of the declared shapes, named in Stan style', () => {
    const model = compileSpec(spec, series);
    expect(model.outputNames).toEqual(['mu', ...Array.from({ length: 6 }, (_, i) => `y_rep[${i + 1}]`), 'shifted', 'above']);
    const theta = Float64Array.of(0.3);
    const first = model.outputs(theta, makeRng(5, 1));
    expect(Array.from(model.outputs(theta, makeRng(5, 1)))).toEqual(Array.from(first));
    expect(Array.from(model.outputs(theta, makeRng(6, 1)))).not.toEqual(Array.from(first));
    expect([0, 1]).toContain(first[8]);
  });

  it('normal_rng has the right mean (4 Monte Carlo standard errors)', () => {
    const model = compileSpec(spec, series);
    const rng = makeRng(9, 0);
    const draws = 4000;
    let total = 0;
    for (let k = 0; k < draws; k++) total += model.outputs(Float64Array.of(0.3), rng)[7]!;
    expect(Math.abs(total / draws - 10.3)).toBeLessThan(4 / Math.sqrt(draws));
  });
});

describe('checkSpec', () => {
  const eightSchools = {
    data: { J: { type: 'int', lower: 1 }, y: { type: 'vector', size: 'J' }, sigma: { type: 'vector', size: 'J', lower: 0 } },
    parameters: { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, theta_raw: { type: 'vector', size: 'J' }, p: { type: 'simplex', size: 3 } },
    transformed_parameters: { theta: { type: 'vector', size: 'J', value: 'mu + tau * theta_raw' } },
    model: [{ sample: 'y', distribution: 'normal', args: ['theta', 'sigma'] }],
  };

  it('lists the quantities with their types and unconstrained sizes, with data', () => {
    const result = checkSpec(eightSchools, { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] });
    expect(result).toEqual({
      ok: true,
      quantities: [
        { name: 'mu', block: 'parameters', type: 'real', unconstrainedSize: 1 },
        { name: 'tau', block: 'parameters', type: 'real<lower=0>', unconstrainedSize: 1 },
        { name: 'theta_raw', block: 'parameters', type: 'vector[8]', unconstrainedSize: 8 },
        { name: 'p', block: 'parameters', type: 'simplex[3]', unconstrainedSize: 2 },
        { name: 'theta', block: 'transformed_parameters', type: 'vector[8]', unconstrainedSize: 0 },
      ],
      warnings: [],
    });
  });

  it('without data, checks names and types and leaves sizes unknown', () => {
    const result = checkSpec(eightSchools);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.quantities.find((q) => q.name === 'theta_raw')).toEqual({ name: 'theta_raw', block: 'parameters', type: 'vector[?]', unconstrainedSize: null });
  });
});
