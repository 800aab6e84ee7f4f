import type { Value } from '../../ad/trace.js';
import { nonNegativeInteger, positive, real } from '../constraints.js';
import { drawNegativeBinomial2 } from '../../random/mixtures.js';
import type { Distribution } from './distribution.js';
import { lchooseNegBinomial, log1pExp, xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_INC_BETA } from './incomplete-beta.js';
import { defineScalarFamily } from './scalar-family.js';

// neg_binomial_2(y | μ, φ) = log C(y + φ − 1, y) + y log μ − φ log(1 + μ/φ) − y log(μ + φ)
// (mean μ, variance μ + μ²/φ), as Stan's neg_binomial_2_lpmf: the binomial coefficient of
// real arguments keeps its digits for large φ, where log Γ(y + φ) − log Γ(φ) cancels.
const negBinomial2Lpmf = defineFusedDensity({
  name: 'neg_binomial_2_lpmf',
  argNames: ['y', 'mu', 'phi'],
  element: (e, [y, mu, phi]) => {
    const coefficient = lchooseNegBinomial(e, y!, phi!);
    return e.sub(e.sub(e.add(coefficient, xlogy(e, y!, mu!)), e.mul(phi!, e.log1p(e.div(mu!, phi!)))), e.mul(y!, e.log(e.add(mu!, phi!))));
  },
});

export const negBinomial2Family = defineScalarFamily({
  name: 'neg_binomial_2',
  params: [
    { name: 'mu', constraint: positive },
    { name: 'phi', constraint: positive },
  ],
  support: nonNegativeInteger,
  integerArgs: [0],
  density: negBinomial2Lpmf,
  // The gamma–Poisson mixture: λ ~ gamma(φ, φ/μ) (mean μ), y ~ poisson(λ).
  sampler: (rng) => (p) => drawNegativeBinomial2(rng, p[0]!, p[1]!),
  mean: (p) => p[0]!,
  variance: (p) => p[0]! + (p[0]! * p[0]!) / p[1]!,
  // P(Y ≤ y) = I_(φ/(μ+φ))(φ, y + 1).
  logCdf: (e, [y, mu, phi]) => e.b.apply(LOG_INC_BETA, [phi!, e.add(y!, 1), e.div(phi!, e.add(mu!, phi!))]),
  logCcdf: (e, [y, mu, phi]) => e.b.apply(LOG_INC_BETA, [e.add(y!, 1), phi!, e.div(mu!, e.add(mu!, phi!))]),
});

/** Negative binomial with mean `mu` and overdispersion `phi` (Stan's neg_binomial_2). */
export function negativeBinomial2(mu: Value, phi: Value): Distribution {
  return negBinomial2Family.make(mu, phi);
}

// neg_binomial_2_log(y | η, φ): neg_binomial_2 with log mean η, evaluated as Stan's
// neg_binomial_2_log_lpmf does, through log1p_exp(η − log φ) (no overflow of e^η):
//   log C(y + φ − 1, y) + y η − (φ + y) log1p_exp(η − log φ) − y log φ.
const negBinomial2LogLpmf = defineFusedDensity({
  name: 'neg_binomial_2_log_lpmf',
  argNames: ['y', 'eta', 'phi'],
  element: (e, [y, eta, phi]) => {
    const logPhi = e.log(phi!);
    const softplus = log1pExp(e, e.sub(eta!, logPhi));
    return e.sub(e.sub(e.add(lchooseNegBinomial(e, y!, phi!), e.mul(y!, eta!)), e.mul(e.add(phi!, y!), softplus)), e.mul(y!, logPhi));
  },
});

export const negBinomial2LogFamily = defineScalarFamily({
  name: 'neg_binomial_2_log',
  params: [
    { name: 'eta', constraint: real },
    { name: 'phi', constraint: positive },
  ],
  support: nonNegativeInteger,
  integerArgs: [0],
  density: negBinomial2LogLpmf,
  sampler: (rng) => (p) => drawNegativeBinomial2(rng, Math.exp(p[0]!), p[1]!),
  mean: (p) => Math.exp(p[0]!),
  variance: (p) => Math.exp(p[0]!) + Math.exp(2 * p[0]!) / p[1]!,
});

/** Negative binomial with log mean `eta` and overdispersion `phi` (Stan's neg_binomial_2_log). */
export function negativeBinomial2Log(eta: Value, phi: Value): Distribution {
  return negBinomial2LogFamily.make(eta, phi);
}

// neg_binomial(y | α, β) = log C(y + α − 1, y) + α log β − (α + y) log(1 + β): the
// gamma(α, β)–Poisson mixture, mean α/β (Stan's neg_binomial).
const negBinomialLpmf = defineFusedDensity({
  name: 'neg_binomial_lpmf',
  argNames: ['y', 'alpha', 'beta'],
  element: (e, [y, alpha, beta]) => e.sub(e.add(lchooseNegBinomial(e, y!, alpha!), e.mul(alpha!, e.log(beta!))), e.mul(e.add(alpha!, y!), e.log1p(beta!))),
});

export const negBinomialFamily = defineScalarFamily({
  name: 'neg_binomial',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: nonNegativeInteger,
  integerArgs: [0],
  density: negBinomialLpmf,
  // The gamma(α, rate β)–Poisson mixture: neg_binomial_2 with mean α/β and φ = α.
  sampler: (rng) => (p) => drawNegativeBinomial2(rng, p[0]! / p[1]!, p[0]!),
  mean: (p) => p[0]! / p[1]!,
  variance: (p) => (p[0]! * (p[1]! + 1)) / (p[1]! * p[1]!),
  // P(Y ≤ y) = I_(β/(1+β))(α, y + 1).
  logCdf: (e, [y, alpha, beta]) => e.b.apply(LOG_INC_BETA, [alpha!, e.add(y!, 1), e.div(beta!, e.add(1, beta!))]),
  logCcdf: (e, [y, alpha, beta]) => e.b.apply(LOG_INC_BETA, [e.add(y!, 1), alpha!, e.div(1, e.add(1, beta!))]),
});

/** Negative binomial with shape `alpha` and inverse scale `beta` (Stan's neg_binomial; mean alpha/beta). */
export function negativeBinomial(alpha: Value, beta: Value): Distribution {
  return negBinomialFamily.make(alpha, beta);
}
