import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/language/json/compile.js';
import { SpecError } from '../../../src/language/json/errors.js';
import { makeRng } from '../../../src/random/rng.js';

// Statements in every block, with Stan's meaning: transformed data run once (its draws
// fixed by the seed), transformed parameters and generated quantities as statement lists
// equal to their one-expression-per-variable form, locals of nested scopes not output,
// print writing at every evaluation, reject giving −∞ in the model, NaN quantities in
// generated quantities and an error in transformed data, fatal_error stopping.

type Json = Record<string, any>;

const series = { N: 6, y: [0.5, -0.2, 0.9, 1.4, 0.3, -0.8] };
const seriesData = { N: { type: 'int', lower: 1 }, y: { type: 'vector', size: 'N' } };

function sink(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line) };
}

function expectSameDensity(a: Json, b: Json, data: Json): void {
  const [ma, mb] = [compileSpec(a, data, { print: () => {} }), compileSpec(b, data, { print: () => {} })];
  expect(ma.dim).toBe(mb.dim);
  const rng = makeRng(4, 0);
  for (let k = 0; k < 3; k++) {
    const theta = Float64Array.from({ length: ma.dim }, () => 2 * rng.uniform() - 1);
    const [ga, gb] = [ma.logDensityAndGradient(theta), mb.logDensityAndGradient(theta)];
    expect(ga.logDensity).toBeCloseTo(gb.logDensity, 11);
    ga.gradient.forEach((g, i) => expect(g).toBeCloseTo(gb.gradient[i]!, 11));
    expect(Array.from(ma.outputs(theta, makeRng(1, 0)))).toEqual(Array.from(mb.outputs(theta, makeRng(1, 0))));
  }
}

describe('transformed data', () => {
  const spec = {
    data: seriesData,
    transformed_data: [
      { declare: 'lagged', type: 'vector', size: 'N' },
      { declare: 'positives', type: 'int' },
      { declare: 'jitter', type: 'real', value: 'normal_rng(0, 1)' },
      { assign: 'lagged[1]', value: '0' },
      { assign: 'positives', value: '0' },
      { for: 't', from: 2, to: 'N', body: [{ assign: 'lagged[t]', value: 'y[t - 1]' }] },
      { for: 'v', in: 'y', body: [{ if: 'v > 0', then: [{ assign: 'positives', op: '+=', value: '1' }] }] },
      { print: [{ text: 'transformed data ran: ' }, 'positives'] },
    ],
    parameters: { rho: { type: 'real', lower: -1, upper: 1 }, sigma: { type: 'real', lower: 0 } },
    model: [{ sample: 'y', distribution: 'normal', args: ['rho * lagged', 'sigma'] }],
    generated_quantities: [
      { declare: 'p', type: 'int', value: 'positives' },
      { declare: 'j', type: 'real', value: 'jitter' },
    ],
  };

  it('statements (locals, loops over ranges and elements, conditionals, compound assignment) equal the same data written out', () => {
    const written = {
      data: seriesData,
      parameters: spec.parameters,
      model: [{ sample: 'y', distribution: 'normal', args: ['rho * [0, 0.5, -0.2, 0.9, 1.4, 0.3]\'', 'sigma'] }],
    };
    const [a, b] = [compileSpec(spec, series, { print: () => {} }), compileSpec(written, series)];
    for (const theta of [Float64Array.of(0.2, -0.3), Float64Array.of(-1.5, 0.8)]) expect(a.logDensity(theta)).toBeCloseTo(b.logDensity(theta), 12);
    expect(a.outputs(Float64Array.of(0, 0), makeRng(1, 0))[2]).toBe(4);
  });

  it('runs once: its print writes one line however often the model is evaluated, and its draws stay fixed', () => {
    const { lines, print } = sink();
    const model = compileSpec(spec, series, { print, seed: 3 });
    const rng = makeRng(2, 0);
    const jitters = new Set<number>();
    for (let k = 0; k < 20; k++) {
      const theta = Float64Array.of(rng.normal(), rng.normal());
      model.logDensityAndGradient(theta);
      model.logDensity(theta);
      jitters.add(model.outputs(theta, rng)[3]!);
    }
    expect(lines).toEqual(['transformed data ran: 4']);
    expect(jitters.size).toBe(1);
    // The seed option seeds transformed data's draws: the same seed gives the same value, another a different one.
    const again = compileSpec(spec, series, { print: () => {}, seed: 3 }).outputs(Float64Array.of(0, 0), rng)[3];
    const other = compileSpec(spec, series, { print: () => {}, seed: 4 }).outputs(Float64Array.of(0, 0), rng)[3];
    expect(again).toBe([...jitters][0]);
    expect(other).not.toBe(again);
  });

  it('a reject there is a compile error naming the statement', () => {
    const rejecting = { ...spec, transformed_data: [{ if: 'N < 10', then: [{ reject: [{ text: 'need at least 10 observations, got ' }, 'N'] }] }] };
    expect(() => compileSpec(rejecting, series)).toThrow(SpecError);
    expect(() => compileSpec(rejecting, series)).toThrow('transformed_data[0].then[0]: transformed data: reject: need at least 10 observations, got 6');
  });
});

describe('transformed parameters', () => {
  it('a statement list with locals and a loop equals the one-expression-per-variable form', () => {
    const parameters = { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, raw: { type: 'vector', size: 'N' } };
    const statements = {
      data: seriesData,
      parameters,
      transformed_parameters: [
        { declare: 'theta', type: 'vector', size: 'N' },
        { declare: 'total', type: 'real', lower: 0 },
        {
          block: [
            { declare: 'scale', type: 'real', value: 'tau * 2' },
            { for: 'n', from: 1, to: 'N', body: [{ assign: 'theta[n]', value: 'mu + scale * raw[n]' }] },
          ],
        },
        { assign: 'total', value: 'exp(mu)' },
        { assign: 'total', op: '*=', value: '2' },
      ],
      model: [
        { sample: 'raw', distribution: 'std_normal', args: [] },
        { sample: 'y', distribution: 'normal', args: ['theta', 'total'] },
      ],
    };
    const short = {
      data: seriesData,
      parameters,
      transformed_parameters: {
        theta: { type: 'vector', size: 'N', value: 'mu + 2 * tau * raw' },
        total: { type: 'real', lower: 0, value: '2 * exp(mu)' },
      },
      model: statements.model,
    };
    expectSameDensity(statements, short, series);
    // Only the block's top-level declarations are quantities; the nested block's local is not.
    const names = compileSpec(statements, series).outputNames;
    expect(names.filter((n) => !/^(mu|tau|raw)/.test(n))).toEqual([...Array.from({ length: 6 }, (_, i) => `theta[${i + 1}]`), 'total']);
  });

  it('a reject depending on the parameters rejects those points (log density −∞), not others', () => {
    const spec = {
      parameters: { mu: { type: 'real' } },
      transformed_parameters: [
        { declare: 'half', type: 'real' },
        { if: 'mu > 1', then: [{ reject: [{ text: 'mu is ' }, 'mu'] }] },
        { assign: 'half', value: 'mu / 2' },
      ],
      model: [{ sample: 'mu', distribution: 'normal', args: ['0', '1'] }],
    };
    const model = compileSpec(spec, {});
    expect(model.logDensity(Float64Array.of(2))).toBe(-Infinity);
    expect(model.logDensity(Float64Array.of(0.5))).toBeCloseTo(-0.125 - 0.5 * Math.log(2 * Math.PI), 14);
    expect(model.logDensityAndGradient(Float64Array.of(0.5)).gradient[0]).toBeCloseTo(-0.5, 14);
  });
});

describe('model block: print, reject, fatal_error', () => {
  const spec = (statement: Json) => ({
    parameters: { mu: { type: 'real' } },
    model: [statement, { sample: 'mu', distribution: 'normal', args: ['0', '1'] }],
  });

  it('print writes its items at every evaluation', () => {
    const { lines, print } = sink();
    const model = compileSpec(spec({ print: [{ text: 'mu = ' }, 'mu', { text: ', twice: ' }, '2 * mu'] }), {}, { print });
    lines.length = 0;
    for (const mu of [0.25, 0.5, 1]) model.logDensityAndGradient(Float64Array.of(mu));
    expect(lines).toEqual(['mu = 0.25, twice: 0.5', 'mu = 0.5, twice: 1', 'mu = 1, twice: 2']);
    // A replayed gradient would not run the print: a model that prints is re-run, and says why.
    expect(model.replayStatus()).toMatchObject({ replayed: false, reason: 'a print statement writes at every evaluation' });
  });

  it('reject gives the point log density −∞; fatal_error stops with its message', () => {
    const rejecting = compileSpec(spec({ if: 'mu > 1', then: [{ reject: [{ text: 'too large' }] }] }), {});
    expect(rejecting.logDensity(Float64Array.of(1.5))).toBe(-Infinity);
    expect(Number.isFinite(rejecting.logDensity(Float64Array.of(0.5)))).toBe(true);
    const fatal = compileSpec(spec({ if: 'mu > 1', then: [{ fatal_error: [{ text: 'cannot go on at mu = ' }, 'mu'] }] }), {});
    expect(() => fatal.logDensity(Float64Array.of(1.5))).toThrow('fatal_error: cannot go on at mu = 1.5');
  });
});

describe('generated quantities', () => {
  const spec = {
    data: seriesData,
    parameters: { mu: { type: 'real' } },
    model: [{ sample: 'y', distribution: 'normal', args: ['mu', '1'] }],
    generated_quantities: [
      { declare: 'above', type: 'int', value: '0' },
      { declare: 'first_below', type: 'int', value: '0' },
      { declare: 'steps', type: 'int', value: '0' },
      { declare: 'resid', type: 'vector', size: 'N' },
      {
        for: 'n',
        from: 1,
        to: 'N',
        body: [
          { assign: 'resid[n]', value: 'y[n] - mu' },
          { if: 'y[n] <= mu', then: [{ if: 'first_below == 0', then: [{ assign: 'first_below', value: 'n' }] }, { continue: true }] },
          { assign: 'above', op: '+=', value: '1' },
        ],
      },
      { while: 'steps < 100', body: [{ assign: 'steps', op: '+=', value: '1' }, { if: 'steps * steps > N', then: [{ break: true }] }] },
      { if: 'mu < -5', then: [{ reject: [{ text: 'mu is below -5' }] }] },
    ],
  };

  it('loops with continue and break, nested conditionals and element assignment compute what Stan would', () => {
    const model = compileSpec(spec, series);
    const out = Array.from(model.outputs(Float64Array.of(0.4), makeRng(1, 0)));
    const resid = series.y.map((v) => v - 0.4);
    // Above 0.4: 0.5, 0.9, 1.4; first at or below: y[2]; the first s with s² > 6 is 3.
    expect(out.slice(0, 4)).toEqual([0.4, 3, 2, 3]);
    out.slice(4).forEach((v, i) => expect(v).toBeCloseTo(resid[i]!, 15));
  });

  it('a reject makes the draw\'s generated quantities NaN and writes why', () => {
    const { lines, print } = sink();
    const model = compileSpec(spec, series, { print });
    const out = Array.from(model.outputs(Float64Array.of(-6), makeRng(1, 0)));
    expect(out[0]).toBe(-6);
    expect(out.slice(1).every(Number.isNaN)).toBe(true);
    expect(lines).toEqual(["generated quantities: generated_quantities[6].then[0]: reject: mu is below -5 (this draw's generated quantities are NaN)"]);
  });
});
