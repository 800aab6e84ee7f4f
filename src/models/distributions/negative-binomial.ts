import digammaScalar from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { add, div, mul, sub } from '../../ad/ops/arithmetic.js';
import { lgamma } from '../../ad/ops/special.js';
import { log1p } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawNegativeBinomial2 } from '../../random/mixtures.js';
import { nonNegativeInteger, positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { factorialln, logFactorial } from './log-combinatorics.js';
import { xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

// neg_binomial_2(y | μ, φ) = log Γ(y + φ) − log Γ(φ) − log y! + y log(μ/(μ + φ)) − φ log(1 + μ/φ)
// (mean μ, variance μ + μ²/φ; Stan's parameterisation);
//   ∂/∂μ = y/μ − (y + φ)/(μ + φ),
//   ∂/∂φ = ψ(y + φ) − ψ(φ) − log(1 + μ/φ) + (μ − y)/(μ + φ).
const negBinomial2Lpmf = defineFusedDensity({
  name: 'neg_binomial_2_lpmf',
  argNames: ['y', 'mu', 'phi'],
  kernel: (input) => {
    const [y, mu, phi] = input.data as Tuple<Float64Array, 3>;
    const [sy, sm, sp] = input.strides as Tuple<number, 3>;
    const [, dmu, dphi] = input.partials as Tuple<Partials, 3>;
    const lgammaPhi0 = (sp === 0 ? gammaln(phi[0]!) : NaN);
    const digammaPhi0 = dphi === null ? 0 : (sp === 0 ? digammaScalar(phi[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const k = y[i * sy]!;
      const m = mu[i * sm]!;
      const f = phi[i * sp]!;
      const sum = m + f;
      const log1pRatio = Math.log1p(m / f);
      const rising = k === 0 ? 0 : gammaln(k + f) - (sp === 0 ? lgammaPhi0 : gammaln(f));
      total += rising - factorialln(k) + (k === 0 ? 0 : k * Math.log(m / sum)) - f * log1pRatio;
      if (dmu !== null) dmu[i * sm]! += (k === 0 ? 0 : k / m) - (k + f) / sum;
      if (dphi !== null) dphi[i * sp]! += digammaScalar(k + f) - (sp === 0 ? digammaPhi0 : digammaScalar(f)) - log1pRatio + (m - k) / sum;
    }
    return total;
  },
  composed: ([y, mu, phi]) => {
    const rising = sub(lgamma(add(y!, phi!)), lgamma(phi!));
    const ratio = div(mu!, add(mu!, phi!));
    return sub(add(sub(rising, logFactorial(y!)), xlogy(y!, ratio)), mul(phi!, log1p(div(mu!, phi!))));
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
});

/** Negative binomial with mean `mu` and overdispersion `phi` (Stan's neg_binomial_2). */
export function negativeBinomial2(mu: Value, phi: Value): Distribution {
  return negBinomial2Family.make(mu, phi);
}
