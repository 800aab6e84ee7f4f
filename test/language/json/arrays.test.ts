import { describe, expect, it } from 'vitest';
import gammaln from '@stdlib/math-base-special-gammaln';
import { compileSpec } from '../../../src/language/json/compile.js';
import { SpecError, formatIssue } from '../../../src/language/json/errors.js';
import { makeRng } from '../../../src/random/rng.js';
import type { ModelInstance } from '../../../src/models/api/index.js';
import type { Tensor } from '../../../src/ad/tensor.js';

// Arrays in specs (Stan's `array[G] simplex[K] theta`): each array of constrained parameters
// against the same model written with one parameter per element (same θ layout, element
// after element, so the log densities and gradients must agree to rounding), the gradient
// against central differences of the log density, and n-d data read back and checked.

type Json = Record<string, any>;

const points = (dim: number, count: number, seed: number): Float64Array[] => {
  const rng = makeRng(seed, 0);
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => 2 * rng.uniform() - 1));
};

/** Largest relative error of the gradient against central differences of logDensity (step 1e-6). */
function gradientError(model: ModelInstance, theta: Float64Array): number {
  const { gradient } = model.logDensityAndGradient(theta);
  let worst = 0;
  for (let i = 0; i < theta.length; i++) {
    const [up, down] = [Float64Array.from(theta), Float64Array.from(theta)];
    up[i]! += 1e-6;
    down[i]! -= 1e-6;
    const numeric = (model.logDensity(up) - model.logDensity(down)) / 2e-6;
    worst = Math.max(worst, Math.abs(numeric - gradient[i]!) / Math.max(1, Math.abs(numeric)));
  }
  return worst;
}

function expectSameModel(arrayed: Json, separate: Json, data: Json): ModelInstance {
  const [a, b] = [compileSpec(arrayed, data), compileSpec(separate, data)];
  expect(a.dim).toBe(b.dim);
  for (const theta of points(a.dim, 3, 17)) {
    const [ga, gb] = [a.logDensityAndGradient(theta), b.logDensityAndGradient(theta)];
    expect(Number.isFinite(ga.logDensity)).toBe(true);
    expect(ga.logDensity).toBeCloseTo(gb.logDensity, 10);
    ga.gradient.forEach((g, i) => expect(g).toBeCloseTo(gb.gradient[i]!, 10));
    expect(gradientError(a, theta)).toBeLessThan(1e-6);
  }
  return a;
}

describe('arrays of constrained parameters', () => {
  const counts = { G: 3, K: 4, y: [[3, 1, 0, 2], [0, 5, 1, 1], [2, 2, 2, 2]] };
  const countData = { G: { type: 'int', lower: 1 }, K: { type: 'int', lower: 2 }, y: { type: 'int', array: ['G', 'K'], lower: 0 } };

  it('array[G] simplex[K]: the same density as G simplexes, with multinomial over the rows of 2-D int data', () => {
    const arrayed = {
      data: countData,
      parameters: { theta: { type: 'simplex', size: 'K', array: ['G'] } },
      model: [
        { for: 'g', from: 1, to: 'G', body: [{ sample: 'theta[g]', distribution: 'dirichlet', args: ['rep_vector(2, K)'] }, { sample: 'y[g]', distribution: 'multinomial', args: ['theta[g]'] }] },
      ],
    };
    const separate = {
      data: countData,
      parameters: Object.fromEntries([1, 2, 3].map((g) => [`theta${g}`, { type: 'simplex', size: 'K' }])),
      model: [1, 2, 3].flatMap((g) => [
        { sample: `theta${g}`, distribution: 'dirichlet', args: ['rep_vector(2, K)'] },
        { sample: `y[${g}]`, distribution: 'multinomial', args: [`theta${g}`] },
      ]),
    };
    const model = expectSameModel(arrayed, separate, counts);
    expect(model.dim).toBe(3 * 3);
    const theta = model.constrain(points(9, 1, 2)[0]!).theta as Tensor;
    expect(theta.shape).toEqual([3, 4]);
    for (let g = 0; g < 3; g++) expect(theta.data.slice(4 * g, 4 * g + 4).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
  });

  it('multinomial over rows equals the closed form Σ_g [log n_g! − Σ_k log y_gk! + Σ_k y_gk log θ_gk] (without Jacobian)', () => {
    const spec = {
      data: countData,
      parameters: { theta: { type: 'simplex', size: 'K', array: ['G'] } },
      model: [{ for: 'g', from: 1, to: 'G', body: [{ sample: 'y[g]', distribution: 'multinomial', args: ['theta[g]'] }] }],
    };
    const model = compileSpec(spec, counts);
    const values = { theta: [[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [0.5, 0.2, 0.2, 0.1]] };
    let expected = 0;
    counts.y.forEach((row, g) => {
      expected += gammaln(row.reduce((s, v) => s + v, 0) + 1);
      row.forEach((count, k) => (expected += count * Math.log(values.theta[g]![k]!) - gammaln(count + 1)));
    });
    expect(model.logDensityConstrained(values, { jacobian: false })).toBeCloseTo(expected, 11);
  });

  it('multinomial over rows replays its recorded gradient, and a θ that is not a simplex is still −∞ at replay', () => {
    // theta is a simplex only where p < 0.5 (beyond, its entries sum to about 1 + 0.001 (p − 0.5), a smooth
    // step that keeps the gradient replayable), and
    // never where its entries go negative (q > 1 − p): the checks must run at every replayed point.
    const spec = {
      data: countData,
      parameters: { p: { type: 'real', lower: 0, upper: 1 }, q: { type: 'real', lower: 0, upper: 1 } },
      model: [
        { declare: 'theta', type: 'vector', size: 4, value: '[p * q, p * (1 - q), (1 - p) / 2 + 1e-6 * log1p_exp(1000 * (p - 0.5)), (1 - p) / 2]' },
        { declare: 'bent', type: 'vector', size: 4, value: '[p, q, (1 - p - q) / 2, (1 - p - q) / 2]' },
        { for: 'g', from: 1, to: 'G', body: [{ sample: 'y[g]', distribution: 'multinomial', args: ['theta'] }, { sample: 'y[g]', distribution: 'multinomial', args: ['bent'] }] },
      ],
    };
    const model = compileSpec(spec, counts);
    const logit = (x: number): number => Math.log(x / (1 - x));
    const at = (p: number, q: number): number => model.logDensityAndGradient(Float64Array.of(logit(p), logit(q))).logDensity;
    const first = at(0.3, 0.2);
    expect(Number.isFinite(first)).toBe(true);
    expect(at(0.3, 0.2)).toBe(first);
    expect(model.replayStatus()).toMatchObject({ replayed: true });
    expect(Number.isFinite(at(0.45, 0.4))).toBe(true);
    expect(at(0.6, 0.2)).toBe(-Infinity); // theta sums to 1.0001
    expect(at(0.45, 0.6)).toBe(-Infinity); // bent has negative entries
    expect(model.replayStatus()).toMatchObject({ replayed: true });
    expect(at(0.3, 0.2)).toBe(first);
  });

  it('arrays of ordered vectors, of vectors, and of Cholesky factors of correlation matrices', () => {
    const arrayed = {
      parameters: {
        c: { type: 'ordered', size: 3, array: [2] },
        v: { type: 'vector', size: 2, array: [2, 2] },
        L: { type: 'cholesky_factor_corr', size: 3, array: [2] },
      },
      model: [
        { for: 'k', from: 1, to: 2, body: [
          { sample: 'c[k]', distribution: 'normal', args: ['0', '2'] },
          { sample: 'L[k]', distribution: 'lkj_corr_cholesky', args: ['1.5'] },
          { for: 'j', from: 1, to: 2, body: [{ sample: 'v[k, j]', distribution: 'normal', args: ['c[k, 1:2]', '1'] }] },
        ] },
      ],
    };
    const separate = {
      parameters: {
        c1: { type: 'ordered', size: 3 }, c2: { type: 'ordered', size: 3 },
        v11: { type: 'vector', size: 2 }, v12: { type: 'vector', size: 2 }, v21: { type: 'vector', size: 2 }, v22: { type: 'vector', size: 2 },
        L1: { type: 'cholesky_factor_corr', size: 3 }, L2: { type: 'cholesky_factor_corr', size: 3 },
      },
      model: [1, 2].flatMap((k) => [
        { sample: `c${k}`, distribution: 'normal', args: ['0', '2'] },
        { sample: `L${k}`, distribution: 'lkj_corr_cholesky', args: ['1.5'] },
        ...[1, 2].map((j) => ({ sample: `v${k}${j}`, distribution: 'normal', args: [`c${k}[1:2]`, '1'] })),
      ]),
    };
    // Stan lays out parameters in declaration order: c (both), v (all four), L (both).
    const model = expectSameModel(arrayed, separate, {});
    expect(model.parameterInfo.map((q) => [q.name, q.shape, q.unconstrainedSize])).toEqual([
      ['c', [2, 3], 6],
      ['v', [2, 2, 2], 8],
      ['L', [2, 3, 3], 6],
    ]);
  });

  it('bounded reals with array and vector bounds: each element between its own bounds', () => {
    const data = { K: 3, lo: [-1, 0, 2], hi: [1, 5, 2.5] };
    const dataDeclarations = { K: { type: 'int' }, lo: { type: 'real', array: ['K'] }, hi: { type: 'real', array: ['K'] } };
    const arrayed = {
      data: dataDeclarations,
      parameters: { s: { type: 'real', array: ['K'], lower: 'lo', upper: 'hi' }, w: { type: 'vector', size: 'K', lower: 'to_vector(lo)' } },
      model: [{ sample: 's', distribution: 'normal', args: ['0', '1'] }, { sample: 'w', distribution: 'normal', args: ['1', '2'] }],
    };
    const separate = {
      data: dataDeclarations,
      parameters: {
        ...Object.fromEntries([1, 2, 3].map((k) => [`s${k}`, { type: 'real', lower: `lo[${k}]`, upper: `hi[${k}]` }])),
        ...Object.fromEntries([1, 2, 3].map((k) => [`w${k}`, { type: 'real', lower: `lo[${k}]` }])),
      },
      model: [1, 2, 3].flatMap((k) => [{ sample: `s${k}`, distribution: 'normal', args: ['0', '1'] }]).concat([1, 2, 3].map((k) => ({ sample: `w${k}`, distribution: 'normal', args: ['1', '2'] }))),
    };
    const model = expectSameModel(arrayed, separate, data);
    for (const theta of points(6, 20, 4)) {
      const { s, w } = model.constrain(theta) as unknown as Record<string, { data: Float64Array }>;
      s!.data.forEach((v, k) => expect(v > data.lo[k]! && v < data.hi[k]!).toBe(true));
      w!.data.forEach((v, k) => expect(v > data.lo[k]!).toBe(true));
    }
  });
});

describe('n-dimensional data', () => {
  const spec = {
    data: { x: { type: 'real', array: [2, 2, 3] }, n: { type: 'int', array: [2, 3], lower: 0 }, m: { type: 'matrix', rows: 2, cols: 2, array: [2] } },
    parameters: { mu: { type: 'real' } },
    model: [
      { for: 'i', from: 1, to: 2, body: [{ for: 'j', from: 1, to: 2, body: [{ sample: 'x[i, j]', distribution: 'normal', args: ['mu', '1'] }] }] },
    ],
    generated_quantities: [
      { declare: 'corner', type: 'real', value: 'x[2, 1, 3]' },
      { declare: 'count', type: 'int', value: 'n[2, 3]' },
      { declare: 'cell', type: 'real', value: 'm[2, 1, 2]' },
      { declare: 'total', type: 'int', value: 'sum(n[1]) + sum(n[2])' },
    ],
  };
  const data = { x: [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]], n: [[1, 2, 3], [4, 5, 6]], m: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] };

  it('reads 3-D real, 2-D int and arrays of matrices by Stan\'s indexing; the likelihood sums over every element', () => {
    const model = compileSpec(spec, data);
    expect(Array.from(model.outputs(Float64Array.of(0.5), makeRng(1, 0)))).toEqual([0.5, 9, 6, 6, 21]);
    const expected = data.x.flat(2).reduce((s, v) => s - 0.5 * (v - 0.5) ** 2 - 0.5 * Math.log(2 * Math.PI), 0);
    expect(model.logDensity(Float64Array.of(0.5))).toBeCloseTo(expected, 11);
  });

  it('names the place of data of the wrong shape or type', () => {
    // JSON paths are 0-based (data.n[1] is the second row); the Stan element named beside them is 1-based.
    const problems = (n: unknown): string[] => {
      try {
        compileSpec(spec, { ...data, n });
      } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        return (error as SpecError).issues.map((issue) => formatIssue(issue));
      }
      throw new Error('expected a SpecError');
    };
    expect(problems([[1, 2, 3], [4, 5]])).toEqual(['data.n[1]: has 2 numbers in n[2], but 3 are expected (declared array[2, 3] int)']);
    expect(problems([[1, 2, 3], [4, 5, 6.5]])).toEqual(['data.n[1][2]: n[2,3] is 6.5, but must be an integer (declared array[2, 3] int)']);
    expect(problems([[1, 2, 3], [4, -5, 6]])).toEqual(['data.n[1][1]: n[2,2] (1-based) is -5, but must be ≥ 0 (declared at data.n.lower)']);
    expect(problems([[1, 2, 3], 4])).toEqual(['data.n[1]: is 4, but must be an array of 3 numbers in n[2] (declared array[2, 3] int)']);
  });
});
