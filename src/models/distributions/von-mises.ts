import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import { BESSEL_RATIO, LOG_BESSEL_I0 } from './bessel.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

// von_mises(y | μ, κ) = κ cos(y − μ) − log 2π − log I₀(κ) for finite y, κ ≥ 0 (Stan's
// von_mises_lpdf, which normalises over one turn: any interval of length 2π).
const vonMisesLpdf = defineFusedDensity({
  name: 'von_mises_lpdf',
  argNames: ['y', 'mu', 'kappa'],
  element: (e, [y, mu, kappa]) => e.sub(e.sub(e.mul(kappa!, e.cos(e.sub(y!, mu!))), LOG_TWO_PI), e.b.apply(LOG_BESSEL_I0, [kappa!])),
});

/**
 * A draw by Best & Fisher (1979), "Efficient simulation of the von Mises distribution",
 * Applied Statistics 28(2), algorithm VM: a wrapped-Cauchy envelope accepted with
 * probability above 0.65 for every κ; in [μ − π, μ + π]. κ below 1e-8 is uniform.
 */
function drawVonMises(uniform: () => number, mu: number, kappa: number): number {
  if (kappa < 1e-8) return mu + Math.PI * (2 * uniform() - 1);
  const tau = 1 + Math.sqrt(1 + 4 * kappa * kappa);
  const rho = (tau - Math.sqrt(2 * tau)) / (2 * kappa);
  const r = (1 + rho * rho) / (2 * rho);
  for (;;) {
    const z = Math.cos(Math.PI * uniform());
    const f = (1 + r * z) / (r + z);
    const c = kappa * (r - f);
    const u2 = uniform();
    if (c * (2 - c) - u2 > 0 || Math.log(c / u2) + 1 - c >= 0) {
      const angle = Math.acos(Math.min(1, Math.max(-1, f)));
      return uniform() < 0.5 ? mu - angle : mu + angle;
    }
  }
}

export const vonMisesFamily = defineScalarFamily({
  name: 'von_mises',
  params: [
    { name: 'mu', constraint: real },
    { name: 'kappa', constraint: positive, inclusive: true },
  ],
  support: real,
  density: vonMisesLpdf,
  sampler: (rng) => (p) => drawVonMises(() => rng.uniform(), p[0]!, p[1]!),
  // On [μ − π, μ + π], where the draws fall: symmetric about μ.
  mean: (p) => p[0]!,
});

/** The circular mean resultant length E cos(y − μ) = I₁(κ)/I₀(κ), for tests and users. */
export const vonMisesResultantLength = (kappa: number): number => BESSEL_RATIO.evaluate(kappa);

/** Von Mises with location `mu` and concentration `kappa` (Stan's von_mises). */
export function vonMises(mu: Value, kappa: Value): Distribution {
  return vonMisesFamily.make(mu, kappa);
}
