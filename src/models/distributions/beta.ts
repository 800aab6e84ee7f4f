import betaln from '@stdlib/math-base-special-betaln';
import digammaScalar from '@stdlib/math-base-special-digamma';
import { add, neg, sub } from '../../ad/ops/arithmetic.js';
import type { Value } from '../../ad/trace.js';
import { drawBeta } from '../../random/gamma-ratios.js';
import { positive, unitInterval } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { lbeta, xlog1py, xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

const xlogyScalar = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));
const xlog1pyScalar = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log1p(y));

// beta(y | α, β) = (α − 1) log y + (β − 1) log(1 − y) − log B(α, β) on 0 ≤ y ≤ 1;
//   ∂/∂y = (α − 1)/y − (β − 1)/(1 − y),
//   ∂/∂α = log y − ψ(α) + ψ(α + β),  ∂/∂β = log(1 − y) − ψ(β) + ψ(α + β).
// At y = 0 the density is +∞ (α < 1), β (α = 1) or 0 (α > 1); likewise at 1 with β.

const betaLpdf = defineFusedDensity({
  name: 'beta_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  kernel: (input) => {
    const [y, alpha, beta] = input.data as Tuple<Float64Array, 3>;
    const [sy, sa, sb] = input.strides as Tuple<number, 3>;
    const [dy, dalpha, dbeta] = input.partials as Tuple<Partials, 3>;
    const both = sa === 0 && sb === 0 ? 0 : 1;
    const logB0 = (both === 0 ? betaln(alpha[0]!, beta[0]!) : NaN);
    const wantShapes = dalpha !== null || dbeta !== null;
    const digammaSum0 = wantShapes ? (both === 0 ? digammaScalar(alpha[0]! + beta[0]!) : NaN) : 0;
    const digammaA0 = dalpha === null ? 0 : (sa === 0 ? digammaScalar(alpha[0]!) : NaN);
    const digammaB0 = dbeta === null ? 0 : (sb === 0 ? digammaScalar(beta[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const x = y[i * sy]!;
      const a = alpha[i * sa]!;
      const b = beta[i * sb]!;
      total += xlogyScalar(a - 1, x) + xlog1pyScalar(b - 1, -x) - (both === 0 ? logB0 : betaln(a, b));
      if (dy !== null) dy[i * sy]! += (a === 1 ? 0 : (a - 1) / x) - (b === 1 ? 0 : (b - 1) / (1 - x));
      if (wantShapes) {
        const digammaSum = both === 0 ? digammaSum0 : digammaScalar(a + b);
        if (dalpha !== null) dalpha[i * sa]! += Math.log(x) - (sa === 0 ? digammaA0 : digammaScalar(a)) + digammaSum;
        if (dbeta !== null) dbeta[i * sb]! += Math.log1p(-x) - (sb === 0 ? digammaB0 : digammaScalar(b)) + digammaSum;
      }
    }
    return total;
  },
  composed: ([y, a, b]) => sub(add(xlogy(sub(a!, 1), y!), xlog1py(sub(b!, 1), neg(y!))), lbeta(a!, b!)),
});

export const betaFamily = defineScalarFamily({
  name: 'beta',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: unitInterval,
  density: betaLpdf,
  sampler: (rng) => (p) => drawBeta(rng, p[0]!, p[1]!),
  mean: (p) => p[0]! / (p[0]! + p[1]!),
  variance: (p) => {
    const s = p[0]! + p[1]!;
    return (p[0]! * p[1]!) / (s * s * (s + 1));
  },
});

/** Beta with shapes `alpha` and `beta` on [0, 1] (Stan's beta). */
export function beta(alpha: Value, beta: Value): Distribution {
  return betaFamily.make(alpha, beta);
}
