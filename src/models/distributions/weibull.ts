import gammaFunction from '@stdlib/math-base-special-gamma';
import { add, div, neg, pow, sub } from '../../ad/ops/arithmetic.js';
import { log } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawWeibull } from '../../random/inversion.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { log1mExp, xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

// weibull(y | α, σ) = log α − log σ + (α − 1) log(y/σ) − (y/σ)^α on y ≥ 0 (α shape, σ scale);
// with x = y/σ:
//   ∂/∂y = (α − 1 − α x^α)/y,  ∂/∂α = 1/α + (1 − x^α) log x,  ∂/∂σ = α (x^α − 1)/σ.
// At y = 0 the density is +∞ (α < 1), 1/σ (α = 1) or 0 (α > 1).
// CDF 1 − exp(−x^α): log CDF = log1m_exp(−x^α), log CCDF = −x^α.

const weibullLpdf = defineFusedDensity({
  name: 'weibull_lpdf',
  argNames: ['y', 'alpha', 'sigma'],
  kernel: (input) => {
    const [y, alpha, sigma] = input.data as Tuple<Float64Array, 3>;
    const [sy, sa, ss] = input.strides as Tuple<number, 3>;
    const [dy, dalpha, dsigma] = input.partials as Tuple<Partials, 3>;
    const logAlpha0 = (sa === 0 ? Math.log(alpha[0]!) : NaN);
    const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const a = alpha[i * sa]!;
      const s = sigma[i * ss]!;
      const v = y[i * sy]!;
      const logX = Math.log(v / s);
      const xa = Math.pow(v / s, a);
      total += (sa === 0 ? logAlpha0 : Math.log(a)) - (ss === 0 ? logSigma0 : Math.log(s)) + (a === 1 ? 0 : (a - 1) * logX) - xa;
      if (dy !== null) dy[i * sy]! += a === 1 ? -1 / s : (a - 1 - a * xa) / v; // α = 1: exactly −1/σ, also at y = 0
      if (dalpha !== null) dalpha[i * sa]! += 1 / a + (1 - xa) * logX;
      if (dsigma !== null) dsigma[i * ss]! += (a * (xa - 1)) / s;
    }
    return total;
  },
  composed: ([y, alpha, sigma]) => {
    const x = div(y!, sigma!);
    return sub(add(sub(log(alpha!), log(sigma!)), xlogy(sub(alpha!, 1), x)), pow(x, alpha!));
  },
});

const powerTerm = ([y, alpha, sigma]: readonly Value[]): Value => pow(div(y!, sigma!), alpha!);

export const weibullFamily = defineScalarFamily({
  name: 'weibull',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'sigma', constraint: positive },
  ],
  support: positive,
  density: weibullLpdf,
  sampler: (rng) => (p) => p[1]! * drawWeibull(rng, p[0]!),
  mean: (p) => p[1]! * gammaFunction(1 + 1 / p[0]!),
  variance: (p) => p[1]! * p[1]! * (gammaFunction(1 + 2 / p[0]!) - gammaFunction(1 + 1 / p[0]!) ** 2),
  logCdf: (args) => log1mExp(neg(powerTerm(args))),
  logCcdf: (args) => neg(powerTerm(args)),
});

/** Weibull with shape `alpha` and scale `sigma` (Stan's weibull). */
export function weibull(alpha: Value, sigma: Value): Distribution {
  return weibullFamily.make(alpha, sigma);
}
