import erfc from '@stdlib/math-base-special-erfc';
import erfcx from '@stdlib/math-base-special-erfcx';
import { mul, sub } from '../../ad/ops/arithmetic.js';
import { unaryOp } from '../../ad/ops/unary-op.js';
import { exp, square } from '../../ad/ops/unary.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log Φ(x), accurate in both tails. Below 0 it uses the scaled complementary error function,
 * Φ(x) = ½ erfcx(−x/√2) e^(−x²/2), so the log never underflows (log Φ(−40) ≈ −804.6);
 * above 0 it is log1p(−Φ(−x)), keeping the digits of the small upper tail.
 */
export function logPhiScalar(x: number): number {
  if (x < 0) return Math.log(0.5 * erfcx(-x / Math.SQRT2)) - 0.5 * x * x;
  return Math.log1p(-0.5 * erfc(x / Math.SQRT2));
}

/**
 * log Φ(x) as a differentiable op (Stan's std_normal_lcdf). Its derivative is the inverse
 * Mills ratio φ(x)/Φ(x) = exp(log φ(x) − log Φ(x)), written with AD ops and the saved output,
 * so it differentiates again.
 */
export const logPhi = unaryOp('logPhi', logPhiScalar, (x, ans) => exp(sub(sub(mul(-0.5, square(x)), LOG_SQRT_2PI), ans)));
