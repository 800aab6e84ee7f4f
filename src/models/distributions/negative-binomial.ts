import gammaSampler from '@stdlib/random-base-gamma';
import poissonSampler from '@stdlib/random-base-poisson';
import type { Value } from '../../ad/trace.js';
import { nonNegativeInteger, positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { lchooseNegBinomial, xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
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
  sampler: (rng) => {
    const drawRate = gammaSampler.factory({ prng: rng.prng });
    const drawCount = poissonSampler.factory({ prng: rng.prng });
    return (p) => drawCount(drawRate(p[1]!, p[1]! / p[0]!));
  },
  mean: (p) => p[0]!,
  variance: (p) => p[0]! + (p[0]! * p[0]!) / p[1]!,
});

/** Negative binomial with mean `mu` and overdispersion `phi` (Stan's neg_binomial_2). */
export function negativeBinomial2(mu: Value, phi: Value): Distribution {
  return negBinomial2Family.make(mu, phi);
}
