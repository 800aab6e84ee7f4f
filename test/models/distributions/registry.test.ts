import { describe, expect, it } from 'vitest';
import { tensor } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import { distributionFamily, distributionRegistry, normal } from '../../../src/models/distributions/index.js';

// The registry the JSON-spec helper reads: Stan's names, parameters in Stan's order, and
// constructors that build the same distributions as the TypeScript functions.

describe('distribution registry', () => {
  it('lists every distribution by its Stan name with its parameters', () => {
    const expected: Record<string, string[]> = {
      normal: ['mu', 'sigma'],
      student_t: ['nu', 'mu', 'sigma'],
      cauchy: ['mu', 'sigma'],
      half_normal: ['sigma'],
      half_cauchy: ['sigma'],
      half_student_t: ['nu', 'sigma'],
      exponential: ['beta'],
      gamma: ['alpha', 'beta'],
      inv_gamma: ['alpha', 'beta'],
      lognormal: ['mu', 'sigma'],
      beta: ['alpha', 'beta'],
      uniform: ['alpha', 'beta'],
      weibull: ['alpha', 'sigma'],
      logistic: ['mu', 'sigma'],
      double_exponential: ['mu', 'sigma'],
      bernoulli: ['theta'],
      bernoulli_logit: ['alpha'],
      binomial: ['N', 'theta'],
      binomial_logit: ['N', 'alpha'],
      beta_binomial: ['N', 'alpha', 'beta'],
      poisson: ['lambda'],
      poisson_log: ['alpha'],
      neg_binomial_2: ['mu', 'phi'],
      neg_binomial_2_log: ['eta', 'phi'],
      neg_binomial: ['alpha', 'beta'],
      pareto: ['y_min', 'alpha'],
      pareto_type_2: ['mu', 'lambda', 'alpha'],
      skew_normal: ['xi', 'omega', 'alpha'],
      gumbel: ['mu', 'beta'],
      frechet: ['alpha', 'sigma'],
      rayleigh: ['sigma'],
      chi_square: ['nu'],
      inv_chi_square: ['nu'],
      scaled_inv_chi_square: ['nu', 's'],
      exp_mod_normal: ['mu', 'sigma', 'lambda'],
      von_mises: ['mu', 'kappa'],
      loglogistic: ['alpha', 'beta'],
      beta_proportion: ['mu', 'kappa'],
      std_normal: [],
      discrete_range: ['lower', 'upper'],
      categorical_logit: ['beta'],
      categorical: ['theta'],
      ordered_logistic: ['eta', 'c'],
      ordered_probit: ['eta', 'c'],
      dirichlet_multinomial: ['alpha'],
      poisson_log_glm: ['x', 'alpha', 'beta'],
      bernoulli_logit_glm: ['x', 'alpha', 'beta'],
      dirichlet: ['alpha'],
      multinomial: ['theta'],
      multi_normal: ['mu', 'Sigma'],
      multi_normal_cholesky: ['mu', 'L'],
      normal_id_glm: ['x', 'alpha', 'beta', 'sigma'],
      lkj_corr_cholesky: ['eta'],
      lkj_corr: ['eta'],
      multi_normal_prec: ['mu', 'Omega'],
      multi_student_t: ['nu', 'mu', 'Sigma'],
      multi_student_t_cholesky: ['nu', 'mu', 'L'],
      wishart: ['nu', 'S'],
      inv_wishart: ['nu', 'S'],
      wishart_cholesky: ['nu', 'L_S'],
      inv_wishart_cholesky: ['nu', 'L_S'],
    };
    expect([...distributionRegistry.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, params] of Object.entries(expected)) expect(distributionFamily(name).params.map((p) => p.name)).toEqual(params);
  });

  it('marks supports, discreteness and CDFs', () => {
    expect(distributionFamily('gamma').support).toEqual({ kind: 'lower', lower: 0 });
    expect(distributionFamily('beta').support).toEqual({ kind: 'interval', lower: 0, upper: 1 });
    expect(distributionFamily('poisson').discrete).toBe(true);
    expect(distributionFamily('normal').discrete).toBe(false);
    expect(distributionFamily('uniform').supportDependsOnParameters).toBe(true);
    expect(distributionFamily('uniform').make(-1, 2).support).toEqual({ kind: 'interval', lower: -1, upper: 2 });
    const withCdf = [...distributionRegistry.values()].filter((f) => f.hasCdf).map((f) => f.name).sort();
    expect(withCdf).toEqual([
      'bernoulli', 'beta', 'beta_proportion', 'binomial', 'cauchy', 'chi_square', 'discrete_range', 'double_exponential', 'exp_mod_normal', 'exponential', 'frechet', 'gamma', 'gumbel',
      'inv_chi_square', 'inv_gamma', 'logistic', 'loglogistic', 'lognormal', 'neg_binomial', 'neg_binomial_2', 'normal', 'pareto', 'pareto_type_2', 'poisson', 'rayleigh',
      'scaled_inv_chi_square', 'skew_normal', 'std_normal', 'student_t', 'uniform', 'weibull',
    ]);
  });

  it('builds the same distributions as the TypeScript constructors', () => {
    const y = tensor([0.3, -1]);
    expect(primal(distributionFamily('normal').make(1, 2).logProb(y))).toBe(primal(normal(1, 2).logProb(y)));
    const L = tensor([[1, 0], [0.6, 0.8]]);
    expect(Number.isFinite(primal(distributionFamily('lkj_corr_cholesky').make(2).logProb(L)) as number)).toBe(true);
    expect(() => distributionFamily('lkj_corr_cholesky').make(2).sample({} as never)).toThrow('lkj_corr_cholesky: K is unknown');
  });

  it('names unknown distributions and wrong arities', () => {
    expect(() => distributionFamily('normall')).toThrow("unknown distribution 'normall'; known distributions: bernoulli, bernoulli_logit");
    expect(() => distributionFamily('dirichlet').make()).toThrow('dirichlet: expected 1 parameter(s) (alpha), got 0');
  });
});
