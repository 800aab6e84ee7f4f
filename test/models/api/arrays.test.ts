import { describe, expect, it } from 'vitest';
import { mul, reshape, slice, shapeOf, sum, square, tensor, type Value } from '../../../src/ad/index.js';
import { array, choleskyCorr, defineModel, int, intArray, ordered, real, simplex, vector } from '../../../src/models/api/index.js';
import { dirichlet, lkjCholesky, multinomial, normal } from '../../../src/models/distributions/index.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { gradientError, randomPoints } from '../../examples/support.js';

// Arrays of every kind in the TypeScript API (`array('G', simplex('K'))`, `intArray(['G', 'K'])`):
// the same model as its JSON spec (the two front ends share one compile path, so density,
// gradient, layout and names must agree), gradients against finite differences, and
// declarations that cannot be arrays or bounds that do not fit, refused with the place.

/** Element k of an array (its leading axis), as Stan's x[k]. */
const element = (x: Value, k: number): Value => reshape(slice(x, k, k + 1, 0), shapeOf(x).slice(1));

const data = { G: 3, K: 4, y: [[3, 1, 0, 2], [0, 5, 1, 1], [2, 2, 2, 2]], hi: [1, 2, 3, 4] };

const model = defineModel({
  name: 'arrays',
  data: { G: int({ lower: 1 }), K: int({ lower: 2 }), y: intArray(['G', 'K'], { lower: 0 }), hi: vector('K') },
  parameters: {
    theta: array('G', simplex('K')),
    cuts: array(2, ordered(3)),
    L: array(2, choleskyCorr(3)),
    s: array('K', real({ lower: 0, upper: 'hi' })),
  },
  model: (p, d, target) => {
    for (let g = 0; g < d.G; g++) {
      target.sample(element(p.theta, g), dirichlet(tensor([2, 2, 2, 2])));
      target.sample(element(d.y, g), multinomial(element(p.theta, g)));
    }
    for (let k = 0; k < 2; k++) {
      target.sample(element(p.cuts, k), normal(0, 2));
      target.sample(element(p.L, k), lkjCholesky(3, 1.5));
    }
    target.add(mul(-0.5, sum(square(p.s))), 's');
  },
});

const spec = {
  data: {
    G: { type: 'int', lower: 1 },
    K: { type: 'int', lower: 2 },
    y: { type: 'int', array: ['G', 'K'], lower: 0 },
    hi: { type: 'real', array: ['K'] },
  },
  parameters: {
    theta: { type: 'simplex', size: 'K', array: ['G'] },
    cuts: { type: 'ordered', size: 3, array: [2] },
    L: { type: 'cholesky_factor_corr', size: 3, array: [2] },
    s: { type: 'real', array: ['K'], lower: 0, upper: 'hi' },
  },
  model: [
    { for: 'g', from: 1, to: 'G', body: [{ sample: 'theta[g]', distribution: 'dirichlet', args: ['rep_vector(2, K)'] }, { sample: 'y[g]', distribution: 'multinomial', args: ['theta[g]'] }] },
    { for: 'k', from: 1, to: 2, body: [{ sample: 'cuts[k]', distribution: 'normal', args: ['0', '2'] }, { sample: 'L[k]', distribution: 'lkj_corr_cholesky', args: ['1.5'] }] },
    { target: '-0.5 * dot_self(to_vector(s))' },
  ],
};

describe('arrays in the TypeScript API', () => {
  const instance = model.compile(data);

  it('lays out each element in its own block of θ, in declaration order, named as Stan names them', () => {
    expect(instance.parameterInfo.map((q) => [q.name, q.shape, q.unconstrainedOffset, q.unconstrainedSize, q.declaration])).toEqual([
      ['theta', [3, 4], 0, 9, 'array[G] simplex[K]'],
      ['cuts', [2, 3], 9, 6, 'array[2] ordered[3]'],
      ['L', [2, 3, 3], 15, 6, 'array[2] choleskyCorr[3]'],
      ['s', [4], 21, 4, 'array[K] real<lower=0, upper=hi>'],
    ]);
    expect(instance.outputNames.slice(0, 5)).toEqual(['theta[1,1]', 'theta[1,2]', 'theta[1,3]', 'theta[1,4]', 'theta[2,1]']);
    expect(instance.outputNames).toContain('L[2,3,1]');
  });

  it('differentiates in agreement with finite differences', () => {
    for (const theta of randomPoints(instance.dim, 3, 8)) expect(gradientError(instance, theta)).toBeLessThan(1e-6);
  });

  it('constrains each element into its set, with the bounds of its own position', () => {
    for (const theta of randomPoints(instance.dim, 10, 9, 3)) {
      const values = instance.constrain(theta) as unknown as Record<string, { data: Float64Array }>;
      values['s']!.data.forEach((v, k) => expect(v > 0 && v < data.hi[k]!).toBe(true));
      for (let g = 0; g < 3; g++) expect(values['theta']!.data.slice(4 * g, 4 * g + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    }
  });

  it('equals the same model written as a JSON spec, value and gradient', () => {
    const json = compileSpec(spec, data);
    expect(json.dim).toBe(instance.dim);
    for (const theta of randomPoints(instance.dim, 3, 10)) {
      const [a, b] = [instance.logDensityAndGradient(theta), json.logDensityAndGradient(theta)];
      expect(a.logDensity).toBeCloseTo(b.logDensity, 10);
      a.gradient.forEach((g, i) => expect(g).toBeCloseTo(b.gradient[i]!, 10));
    }
  });

  it('refuses what cannot be declared, naming the place', () => {
    const defining = (parameters: Record<string, unknown>) => () =>
      defineModel({ name: 'bad', data: { K: int() }, parameters: parameters as never, model: () => {} }).compile({ K: 2 });
    expect(defining({ w: array('K', simplex('K')), v: array(2, vector(3, { lower: 'nope' })) })).toThrow("its lower bound 'nope' is not a data field");
    expect(defining({ w: { ...simplex(3), lower: 0 } })).toThrow('simplex takes no lower: its constraint is part of its kind');
  });
});
