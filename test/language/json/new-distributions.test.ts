import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/language/json/compile.js';
import { defineModel, intArray, matrix, ordered, real, simplex, vector, int } from '../../../src/models/api/index.js';
import * as d from '../../../src/models/distributions/index.js';

// Specs can use the distributions of issue 17 (registry and argument-shape rules): each
// model's log density equals the same terms computed with the TypeScript distributions,
// and a misshapen call is named at check time.

const counts = [0, 3, 1, 7, 2];
const X = [[0.5, -1.2], [1.1, 0.4], [-0.3, 0.9], [0.2, 0.2], [-1, 0.5]];

const spec = {
  name: 'issue_17_distributions',
  data: {
    N: { type: 'int', lower: 0 },
    y: { type: 'int_array', size: 'N', lower: 0 },
    X: { type: 'matrix', rows: 'N', cols: 2 },
    grade: { type: 'int_array', size: 'N', lower: 1, upper: 3 },
    theta: { type: 'vector', size: 3 },
    n: { type: 'int_array', size: 3, lower: 0 },
    z2: { type: 'matrix', rows: 'N', cols: 2 },
  },
  parameters: {
    eta: { type: 'real' },
    phi: { type: 'real', lower: 0 },
    beta: { type: 'vector', size: 2 },
    c: { type: 'ordered', size: 2 },
    alpha: { type: 'vector', size: 3, lower: 0 },
    w: { type: 'simplex', size: 2 },
  },
  model: [
    { sample: 'y', distribution: 'neg_binomial_2_log', args: ['eta', 'phi'] },
    { sample: 'y', distribution: 'poisson_log_glm', args: ['X', 'eta', 'beta'] },
    { sample: 'grade', distribution: 'ordered_logistic', args: ['eta', 'c'] },
    { sample: 'grade', distribution: 'categorical', args: ['theta'] },
    { sample: 'n', distribution: 'dirichlet_multinomial', args: ['alpha'] },
    { sample: 'phi', distribution: 'pareto', args: ['0.1', '1.5'] },
    { sample: 'eta', distribution: 'std_normal', args: [] },
    { target: 'log_mix(w, z2)' },
    { target: 'gumbel_lccdf(phi | 0, 2)' },
  ],
};

const data = { N: 5, y: counts, X, grade: [1, 3, 2, 2, 3], theta: [0.2, 0.5, 0.3], n: [2, 0, 4], z2: [[0.1, -0.4], [1.2, 0.3], [-2, 0.5], [0, 0], [1, -1]] };

// The same model written in TypeScript: the same declarations, so the same Jacobians.
const twin = defineModel({
  name: 'issue_17_distributions_ts',
  data: { N: int(), y: intArray('N'), X: matrix('N', 2), grade: intArray('N'), theta: vector(3), n: intArray(3), z2: matrix('N', 2) },
  parameters: { eta: real(), phi: real({ lower: 0 }), beta: vector(2), c: ordered(2), alpha: vector(3, { lower: 0 }), w: simplex(2) },
  model: (p, data, target) => {
    target.sample(data.y, d.negativeBinomial2Log(p.eta, p.phi));
    target.sample(data.y, d.poissonLogGlm(data.X, p.eta, p.beta));
    target.sample(data.grade, d.orderedLogistic(p.eta, p.c));
    target.sample(data.grade, d.categorical(data.theta));
    target.sample(data.n, d.dirichletMultinomial(p.alpha));
    target.sample(p.phi, d.pareto(0.1, 1.5));
    target.sample(p.eta, d.stdNormal());
    target.add(d.logMix(p.w, data.z2));
    target.add(d.gumbel(0, 2).logCcdf!(p.phi));
  },
});

describe('JSON specs with the new distributions', () => {
  it('give the log density and gradient of the same model written in TypeScript', () => {
    const json = compileSpec(spec, data);
    const ts = twin.compile(data);
    expect(json.dim).toBe(ts.dim);
    for (const values of [
      { eta: 0.3, phi: 2.5, beta: [0.4, -0.2], c: [-0.5, 0.8], alpha: [1.5, 0.5, 2], w: [0.3, 0.7] },
      { eta: -1.1, phi: 0.7, beta: [-0.1, 0.6], c: [0.2, 0.25], alpha: [0.2, 3.5, 1], w: [0.9, 0.1] },
    ]) {
      const theta = json.unconstrain(values);
      const a = json.logDensityAndGradient(theta);
      const b = ts.logDensityAndGradient(theta);
      expect(Number.isFinite(a.logDensity)).toBe(true);
      expect(Math.abs(a.logDensity - b.logDensity)).toBeLessThan(1e-10 * Math.max(1, Math.abs(b.logDensity)));
      a.gradient.forEach((g, i) => expect(Math.abs(g - b.gradient[i]!), `gradient ${i}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(g))));
    }
  });

  it('name misshapen arguments at check time', () => {
    const bad = { ...spec, model: [{ sample: 'y', distribution: 'poisson_log_glm', args: ['X', 'eta', 'theta'] }] };
    expect(() => compileSpec(bad, data)).toThrow(/poisson_log_glm: beta \(argument 3\) has 3 elements, but 2 are needed here/);
    const badMix = { ...spec, model: [{ target: 'log_mix(theta, z2)' }] };
    expect(() => compileSpec(badMix, data)).toThrow(/log_mix: theta has 3 components, so lambda \(argument 2\) must be a vector of 3 or a matrix with 3 columns/);
  });
});
