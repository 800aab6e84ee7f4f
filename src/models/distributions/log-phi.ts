import erfc from '@stdlib/math-base-special-erfc';
import erfcx from '@stdlib/math-base-special-erfcx';
import { unaryOp } from '../../ad/ops/unary-op.js';
import { definePrimitive, EXP, MUL, SUB } from '../../ad/scalar/primitives.js';

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
 * log Φ as a primitive: its derivative is the inverse Mills ratio φ(x)/Φ(x) = exp(log φ(x) −
 * log Φ(x)), from the saved output, stable far into both tails.
 */
export const LOG_PHI = definePrimitive({
  name: 'logPhi',
  arity: 1,
  evaluate: logPhiScalar,
  derivative: (b, [x], out) => [b.apply(EXP, [b.apply(SUB, [b.apply(SUB, [b.apply(MUL, [-0.5, b.apply(MUL, [x!, x!])]), LOG_SQRT_2PI]), out])])],
});

/** log Φ(x) as a differentiable op (Stan's std_normal_lcdf). */
export const logPhi = unaryOp('logPhi', (e, x) => e.b.apply(LOG_PHI, [x]));
