import { add, div, sub } from '../../ad/ops/arithmetic.js';
import { log, log1p, square } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawCauchy } from '../../random/inversion.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type KernelInput, type Partials, type Tuple } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

const LOG_PI = Math.log(Math.PI);

// cauchy(y | μ, σ) = −log π − log σ − log(1 + z²),  z = (y − μ)/σ;
//   ∂/∂y = −2z/(σ(1 + z²)),  ∂/∂μ = −∂/∂y,  ∂/∂σ = (2z²/(1 + z²) − 1)/σ.
// It has no mean or variance.

/** The cauchy kernel over [y, μ, σ], or [y, σ] with μ = 0 when `centred` is false (plus `shift` per element). */
function cauchyKernel(input: KernelInput, centred: boolean, shift: number): number {
  const [y, mu, sigma] = (centred ? input.data : [input.data[0], ZERO, input.data[1]]) as Tuple<Float64Array, 3>;
  const [sy, sm, ss] = (centred ? input.strides : [input.strides[0], 0, input.strides[1]]) as Tuple<number, 3>;
  const [dy, dmu, dsigma] = (centred ? input.partials : [input.partials[0], null, input.partials[1]]) as Tuple<Partials, 3>;
  const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
  let total = 0;
  for (let i = 0; i < input.size; i++) {
    const s = sigma[i * ss]!;
    const z = (y[i * sy]! - mu[i * sm]!) / s;
    const z2 = z * z;
    total -= (ss === 0 ? logSigma0 : Math.log(s)) + Math.log1p(z2);
    const dz = (2 * z) / (s * (1 + z2));
    if (dy !== null) dy[i * sy]! += -dz;
    if (dmu !== null) dmu[i * sm]! += dz;
    if (dsigma !== null) dsigma[i * ss]! += ((2 * z2) / (1 + z2) - 1) / s;
  }
  return total + input.size * (shift - LOG_PI);
}

const ZERO = new Float64Array(1);

const cauchyComposed = (residual: Value, sigma: Value): Value =>
  sub(sub(-LOG_PI, log(sigma)), log1p(square(div(residual, sigma))));

const cauchyLpdf = defineFusedDensity({
  name: 'cauchy_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  kernel: (input) => cauchyKernel(input, true, 0),
  composed: ([y, mu, sigma]) => cauchyComposed(sub(y!, mu!), sigma!),
});

export const cauchyFamily = defineScalarFamily({
  name: 'cauchy',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: cauchyLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * drawCauchy(rng),
});

/** Cauchy with location `mu` and scale `sigma` (Stan's cauchy); no mean or variance. */
export function cauchy(mu: Value, sigma: Value): Distribution {
  return cauchyFamily.make(mu, sigma);
}

const halfCauchyLpdf = defineFusedDensity({
  name: 'half_cauchy_lpdf',
  argNames: ['y', 'sigma'],
  kernel: (input) => cauchyKernel(input, false, Math.LN2),
  composed: ([y, sigma]) => add(Math.LN2, cauchyComposed(y!, sigma!)),
});

export const halfCauchyFamily = defineScalarFamily({
  name: 'half_cauchy',
  params: [{ name: 'sigma', constraint: positive }],
  support: positive,
  density: halfCauchyLpdf,
  sampler: (rng) => (p) => p[0]! * Math.abs(drawCauchy(rng)),
});

/** The positive half of cauchy(0, sigma): density doubled on y ≥ 0; no mean or variance. */
export function halfCauchy(sigma: Value): Distribution {
  return halfCauchyFamily.make(sigma);
}
