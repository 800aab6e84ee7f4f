import type { Value } from '../../ad/trace.js';
import { choleskyCorr, choleskyCov, nonNegativeInteger, ordered, positive, real, simplex, type Constraint } from '../constraints.js';
import { binary } from './bernoulli.js';
import { bernoulliFamily, bernoulliLogitFamily } from './bernoulli.js';
import { betaBinomialFamily } from './beta-binomial.js';
import { betaFamily, betaProportionFamily } from './beta.js';
import { binomialFamily, binomialLogitFamily } from './binomial.js';
import { categorical, categoricalLogit } from './categorical.js';
import { dirichletMultinomial } from './dirichlet-multinomial.js';
import { bernoulliLogitGlm, poissonLogGlm } from './glm-families.js';
import { orderedLogistic, orderedProbit } from './ordered.js';
import { cauchyFamily, halfCauchyFamily } from './cauchy.js';
import type { ParamSpec } from './checks.js';
import { dirichlet } from './dirichlet.js';
import type { Distribution, DistributionFamily } from './distribution.js';
import { exponentialFamily } from './exponential.js';
import { gammaFamily, inverseGammaFamily } from './gamma.js';
import { laplaceFamily } from './laplace.js';
import { lkjCholeskyOf, lkjCorr } from './lkj.js';
import { multiNormalPrec, multiStudentT, multiStudentTCholesky } from './multi-student-t.js';
import { invWishart, invWishartCholesky, wishart, wishartCholesky } from './wishart.js';
import { logisticFamily } from './logistic.js';
import { lognormalFamily } from './lognormal.js';
import { multiNormal, multiNormalCholesky } from './multi-normal.js';
import { multinomial } from './multinomial.js';
import { chiSquareFamily, invChiSquareFamily, scaledInvChiSquareFamily } from './chi-square.js';
import { discreteRangeFamily } from './discrete-range.js';
import { expModNormalFamily } from './exp-mod-normal.js';
import { frechetFamily, gumbelFamily, rayleighFamily } from './extreme-value.js';
import { loglogisticFamily } from './loglogistic.js';
import { negBinomial2Family, negBinomial2LogFamily, negBinomialFamily } from './negative-binomial.js';
import { paretoFamily, paretoType2Family } from './pareto.js';
import { skewNormalFamily } from './skew-normal.js';
import { vonMisesFamily } from './von-mises.js';
import { halfNormalFamily, normalFamily, stdNormalFamily } from './normal.js';
import { normalIdGlm } from './normal-id-glm.js';
import { poissonFamily, poissonLogFamily } from './poisson.js';
import { halfStudentTFamily, studentTFamily } from './student-t.js';
import { uniformFamily } from './uniform.js';
import { weibullFamily } from './weibull.js';

// Every distribution by Stan's name, for the JSON-spec helper: parameters in Stan's order
// with their constraints, the support, and a constructor. A lookup table keyed by the name
// a spec writes, not a dispatch mechanism: the families themselves are plain objects.

/** A family that is not a scalar one, from its header and constructor. */
function family(
  name: string,
  params: readonly ParamSpec[],
  support: Constraint,
  make: (...args: Value[]) => Distribution,
  discrete = false,
): DistributionFamily {
  const arity = params.length;
  return {
    name,
    params,
    support,
    supportDependsOnParameters: false,
    discrete,
    hasCdf: false,
    make: (...args: Value[]) => {
      if (args.length !== arity) {
        throw new Error(`${name}: expected ${arity} parameter(s) (${params.map((p) => p.name).join(', ')}), got ${args.length}`);
      }
      return make(...args);
    },
  };
}

/** Stan's GLM argument order: the data matrix, the intercept, the coefficients. */
const glmParams: readonly ParamSpec[] = [
  { name: 'x', constraint: real },
  { name: 'alpha', constraint: real },
  { name: 'beta', constraint: real },
];

const vectorFamilies: readonly DistributionFamily[] = [
  family('categorical_logit', [{ name: 'beta', constraint: real }], { kind: 'integer', lower: 1 }, (beta) => categoricalLogit(beta), true),
  family('categorical', [{ name: 'theta', constraint: simplex }], { kind: 'integer', lower: 1 }, (theta) => categorical(theta), true),
  family('ordered_logistic', [{ name: 'eta', constraint: real }, { name: 'c', constraint: ordered }], { kind: 'integer', lower: 1 }, (eta, c) => orderedLogistic(eta, c), true),
  family('ordered_probit', [{ name: 'eta', constraint: real }, { name: 'c', constraint: ordered }], { kind: 'integer', lower: 1 }, (eta, c) => orderedProbit(eta, c), true),
  family('dirichlet_multinomial', [{ name: 'alpha', constraint: positive }], { kind: 'integerSum' }, (alpha) => dirichletMultinomial(alpha), true),
  family('poisson_log_glm', glmParams, nonNegativeInteger, (x, alpha, beta) => poissonLogGlm(x, alpha, beta), true),
  family('bernoulli_logit_glm', glmParams, binary, (x, alpha, beta) => bernoulliLogitGlm(x, alpha, beta), true),
  family('dirichlet', [{ name: 'alpha', constraint: positive }], simplex, (alpha) => dirichlet(alpha)),
  family('multinomial', [{ name: 'theta', constraint: simplex }], { kind: 'integerSum' }, (theta) => multinomial(theta), true),
  family(
    'multi_normal',
    [
      { name: 'mu', constraint: real },
      // Symmetric positive definite: the union has no such kind, a Cholesky factor is its parameterisation.
      { name: 'Sigma', constraint: real },
    ],
    real,
    (mu, Sigma) => multiNormal(mu, Sigma),
  ),
  family(
    'multi_normal_cholesky',
    [
      { name: 'mu', constraint: real },
      { name: 'L', constraint: choleskyCov },
    ],
    real,
    (mu, L) => multiNormalCholesky(mu, L),
  ),
  family(
    'normal_id_glm',
    [
      { name: 'x', constraint: real },
      { name: 'alpha', constraint: real },
      { name: 'beta', constraint: real },
      { name: 'sigma', constraint: positive },
    ],
    real,
    (x, alpha, beta, sigma) => normalIdGlm(x, alpha, beta, sigma),
  ),
  family('multi_normal_prec', [{ name: 'mu', constraint: real }, { name: 'Omega', constraint: real }], real, (mu, Omega) => multiNormalPrec(mu, Omega)),
  family('multi_student_t', [{ name: 'nu', constraint: positive }, { name: 'mu', constraint: real }, { name: 'Sigma', constraint: real }], real, (nu, mu, Sigma) => multiStudentT(nu, mu, Sigma)),
  family('multi_student_t_cholesky', [{ name: 'nu', constraint: positive }, { name: 'mu', constraint: real }, { name: 'L', constraint: choleskyCov }], real, (nu, mu, L) => multiStudentTCholesky(nu, mu, L)),
  family('lkj_corr', [{ name: 'eta', constraint: positive }], real, (eta) => lkjCorr(eta)),
  family('wishart', [{ name: 'nu', constraint: positive }, { name: 'S', constraint: real }], real, (nu, S) => wishart(nu, S)),
  family('inv_wishart', [{ name: 'nu', constraint: positive }, { name: 'S', constraint: real }], real, (nu, S) => invWishart(nu, S)),
  family('wishart_cholesky', [{ name: 'nu', constraint: positive }, { name: 'L_S', constraint: choleskyCov }], choleskyCov, (nu, LS) => wishartCholesky(nu, LS)),
  family('inv_wishart_cholesky', [{ name: 'nu', constraint: positive }, { name: 'L_S', constraint: choleskyCov }], choleskyCov, (nu, LS) => invWishartCholesky(nu, LS)),
  // K is read from the value: Stan's `L ~ lkj_corr_cholesky(eta)`.
  family('lkj_corr_cholesky', [{ name: 'eta', constraint: positive }], choleskyCorr, (eta) => lkjCholeskyOf(undefined, eta)),
];

const allFamilies: readonly DistributionFamily[] = [
  normalFamily,
  studentTFamily,
  cauchyFamily,
  halfNormalFamily,
  halfCauchyFamily,
  halfStudentTFamily,
  exponentialFamily,
  gammaFamily,
  inverseGammaFamily,
  lognormalFamily,
  betaFamily,
  uniformFamily,
  weibullFamily,
  logisticFamily,
  laplaceFamily,
  bernoulliFamily,
  bernoulliLogitFamily,
  binomialFamily,
  binomialLogitFamily,
  betaBinomialFamily,
  poissonFamily,
  poissonLogFamily,
  negBinomial2Family,
  negBinomial2LogFamily,
  negBinomialFamily,
  paretoFamily,
  paretoType2Family,
  skewNormalFamily,
  gumbelFamily,
  frechetFamily,
  rayleighFamily,
  chiSquareFamily,
  invChiSquareFamily,
  scaledInvChiSquareFamily,
  expModNormalFamily,
  vonMisesFamily,
  loglogisticFamily,
  betaProportionFamily,
  stdNormalFamily,
  discreteRangeFamily,
  ...vectorFamilies,
];

/** All families by Stan's name ('normal', 'neg_binomial_2', 'lkj_corr_cholesky', ...). */
export const distributionRegistry: ReadonlyMap<string, DistributionFamily> = new Map(allFamilies.map((f) => [f.name, f]));

/** The family of a Stan distribution name; the error lists the known names. */
export function distributionFamily(name: string): DistributionFamily {
  const found = distributionRegistry.get(name);
  if (found === undefined) {
    const known = [...distributionRegistry.keys()].sort().join(', ');
    throw new Error(`unknown distribution '${name}'; known distributions: ${known}`);
  }
  return found;
}
