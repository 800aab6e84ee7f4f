import { describe, expect, it } from 'vitest';
import { tensor, valueAndGrad, type Tensor, type Value } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import * as d from '../../../src/models/distributions/index.js';
import { scalarCases } from './reference-cases.js';

// Argument checks: plain parameters that break their rule throw at construction with the
// distribution, the parameter (Stan's name), the index, the value and the rule; traced ones
// make the log density −∞ at evaluation (never NaN, never an exception).

describe('parameter checks at construction', () => {
  it.each([
    [() => d.normal(0, tensor([1, 1, -1])), 'normal: sigma[2] is -1, but must be positive'],
    [() => d.normal(0, -1), 'normal: sigma is -1, but must be positive'],
    [() => d.normal(Infinity, 1), 'normal: mu is Infinity, but must be finite'],
    [() => d.normal(0, NaN), 'normal: sigma is NaN, but must be positive'],
    [() => d.normal(0, Infinity), 'normal: sigma is Infinity, but must be finite'],
    [() => d.studentT(0, 0, 1), 'student_t: nu is 0, but must be positive'],
    [() => d.gamma(tensor([[1, 2], [3, -4]]), 1), 'gamma: alpha[1, 1] is -4, but must be positive'],
    [() => d.bernoulli(1.5), 'bernoulli: theta is 1.5, but must be in [0, 1]'],
    [() => d.binomial(2.5, 0.5), 'binomial: N is 2.5, but must be a non-negative integer'],
    [() => d.binomial(-1, 0.5), 'binomial: N is -1, but must be a non-negative integer'],
    [() => d.poisson(-1), 'poisson: lambda is -1, but must be non-negative'],
    [() => d.negativeBinomial2(1, 0), 'neg_binomial_2: phi is 0, but must be positive'],
    [() => d.uniform(1, 0), 'uniform: beta is 0, but must be greater than alpha (1)'],
    [() => d.uniform(tensor([0, 2]), 1), 'uniform: beta is 1, but must be greater than alpha (2) at [1]'],
    [() => d.exponential(0), 'exponential: beta is 0, but must be positive'],
    [() => d.dirichlet(tensor([1, 0, 2])), 'dirichlet: alpha[1] is 0, but must be positive'],
    [() => d.multinomial(tensor([0.5, 0.6])), 'multinomial: theta sums to 1.1, but a simplex must sum to 1'],
    [() => d.multinomial(tensor([1.5, -0.5])), 'multinomial: theta[1] is -0.5, but must be non-negative'],
    [() => d.categoricalLogit(tensor([0, NaN])), 'categorical_logit: beta[1] is NaN, but must be finite'],
    [() => d.lkjCholesky(3, -1), 'lkj_corr_cholesky: eta is -1, but must be positive'],
    [() => d.multiNormal(tensor([0, 0]), tensor([[1, 0.5], [0.4, 1]])), 'multi_normal: Sigma is not symmetric: Sigma[1, 0] is 0.4, but Sigma[0, 1] is 0.5'],
    [() => d.multiNormal(tensor([0, 0]), tensor([[1, 2], [2, 1]])), 'multi_normal: Sigma is not positive definite (its Cholesky factorisation fails)'],
    [() => d.multiNormalCholesky(tensor([0, 0]), tensor([[1, 0], [0.5, -1]])), 'multi_normal_cholesky: L[1, 1] is -1, but the diagonal of a Cholesky factor must be positive'],
    [() => d.multiNormalCholesky(tensor([0, 0]), tensor([[1, 0.2], [0.5, 1]])), 'multi_normal_cholesky: L[0, 1] is 0.2, but L must be lower triangular'],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(message);
    try {
      make();
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });

  it('names the distribution and the shapes when arguments do not broadcast', () => {
    expect(() => d.normal(tensor([0, 0]), tensor([1, 1, 1]))).toThrow('normal: mu has shape [2] and sigma has shape [3], which cannot be broadcast together');
    expect(() => d.normal(0, tensor([1, 1, 1])).logProb(tensor([1, 2]))).toThrow('normal: y has shape [2] and sigma has shape [3], which cannot be broadcast together');
    expect(() => d.multiNormal(tensor([0, 0]), tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))).toThrow(
      'multi_normal: Sigma has shape [3, 3], but mu has 2 entries, so Sigma must be 2×2',
    );
    expect(() => d.dirichlet(tensor([1, 1])).logProb(tensor([0.2, 0.3, 0.5]))).toThrow('dirichlet: theta has shape [3], but its rows must have 2 entries');
  });

  it('names wrong kinds of arguments and suggests the fix', () => {
    expect(() => d.normal(0, [1, 2] as unknown as Value)).toThrow('normal: sigma is an array, but must be a number or a tensor (wrap arrays with tensor([...]))');
    expect(() => d.normalFamily.make(0)).toThrow('normal: expected 2 parameters (mu, sigma), got 1');
  });
});

describe.each(scalarCases.map((c) => [c.family.name, c] as const))('%s with an invalid traced parameter', (_name, c) => {
  it('gives −∞ and a zero gradient, without throwing', () => {
    // Every real-valued parameter in turn is traced with a value that breaks its rule.
    c.family.params.forEach((spec, k) => {
      if (spec.constraint.kind === 'integer') return;
      const bad = spec.constraint.kind === 'real' ? NaN : spec.constraint.kind === 'interval' ? 2 : -1;
      if (c.family.name === 'uniform' && k === 0) return; // alpha is real: only NaN breaks it, covered by beta
      const f = (x: Value): Value => c.family.make(...c.interior.params.map((p, j) => (j === k ? x : p))).logProb(c.inside);
      const { value, grad: g } = valueAndGrad(f)(bad);
      expect(value, `${spec.name} = ${bad}`).toBe(-Infinity);
      expect(g).toBe(0);
    });
  });

  it('gives −∞ for a value outside the support', () => {
    const distribution = c.family.make(...c.interior.params);
    const outside = c.family.support.kind === 'real' && c.family.name !== 'uniform' ? [NaN, -Infinity, Infinity] : [NaN, -Infinity, Infinity, -1e9];
    for (const y of outside) expect(primal(distribution.logProb(y)), `y = ${y}`).toBe(-Infinity);
  });
});

describe('runtime checks of the vector distributions', () => {
  it('gives −∞ where a traced parameter leaves its set', () => {
    const y = tensor([0.2, 0.8]);
    expect(valueAndGrad((a: Value) => d.dirichlet(a).logProb(y))(tensor([1, -1])).value).toBe(-Infinity);
    expect(valueAndGrad((s: Value) => d.multiNormal(tensor([0, 0]), s).logProb(y))(tensor([[1, 2], [2, 1]])).value).toBe(-Infinity);
    expect(valueAndGrad((l: Value) => d.multiNormalCholesky(tensor([0, 0]), l).logProb(y))(tensor([[1, 0], [0, -1]])).value).toBe(-Infinity);
    expect(valueAndGrad((eta: Value) => d.lkjCholesky(2, eta).logProb(tensor([[1, 0], [0, 1]])))(-2).value).toBe(-Infinity);
    expect(valueAndGrad((t: Value) => d.multinomial(t).logProb(tensor([1, 2])))(tensor([0.5, 0.6])).value).toBe(-Infinity);
    const categorical = valueAndGrad((b: Value) => d.categoricalLogit(b).logProb(1))(tensor([0, NaN]));
    expect(categorical.value).toBe(-Infinity);
    expect(Array.from((categorical.grad as Tensor).data)).toEqual([0, 0]);
  });

  it('gives −∞ for values outside the support', () => {
    expect(d.dirichlet(tensor([1, 1, 1])).logProb(tensor([0.5, 0.6, -0.1]))).toBe(-Infinity);
    expect(d.dirichlet(tensor([1, 1])).logProb(tensor([0.5, 0.6]))).toBe(-Infinity);
    expect(d.multinomial(tensor([0.5, 0.5])).logProb(tensor([1, 1.5]))).toBe(-Infinity);
    expect(d.categoricalLogit(tensor([0, 1, 2])).logProb(4)).toBe(-Infinity);
    expect(d.categoricalLogit(tensor([0, 1, 2])).logProb(0)).toBe(-Infinity);
    expect(d.lkjCholesky(2, 1).logProb(tensor([[1, 0], [0.5, 0.5]]))).toBe(-Infinity);
    expect(d.multiNormal(tensor([0]), tensor([[1]])).logProb(tensor([NaN]))).toBe(-Infinity);
  });
});
