import erfc from '@stdlib/math-base-special-erfc';
import { unaryOp } from '../../ad/ops/unary-op.js';
import { definePrimitive, EXP, MUL, SUB } from '../../ad/scalar/primitives.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Below this x, Φ(x) = ½ erfc(−x/√2) is under 1e-300 and the asymptotic series takes over. */
const SERIES_BELOW = -37;

/**
 * log Φ(x), accurate in both tails. Above 0 it is log1p(−Φ(−x)), keeping the digits of the
 * small upper tail; from −37 to 0 the log of ½ erfc(−x/√2), which erfc gives to full relative
 * precision there; below −37, where Φ nears the smallest double, the asymptotic series of
 * Mills' ratio (Abramowitz & Stegun 26.2.12), Φ(x) = φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + …),
 * whose terms past the sixth are under 1e-17 of the sum there (log Φ(−40) ≈ −804.6).
 *
 * (It used @stdlib's erfcx, Φ(x) = ½ erfcx(−x/√2) e^(−x²/2), whose 20 KB of Chebyshev tables
 * were the largest single module a page that samples had to load.)
 */
export function logPhiScalar(x: number): number {
  if (x >= 0) return Math.log1p(-0.5 * erfc(x / Math.SQRT2));
  if (x >= SERIES_BELOW) return Math.log(0.5 * erfc(-x / Math.SQRT2));
  const inverseSquare = 1 / (x * x);
  // 1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸ − 945/x¹⁰ + 10395/x¹², by Horner.
  let series = 10395;
  for (const coefficient of [-945, 105, -15, 3, -1, 1]) series = coefficient + inverseSquare * series;
  return -0.5 * x * x - LOG_SQRT_2PI - Math.log(-x) + Math.log(series);
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
