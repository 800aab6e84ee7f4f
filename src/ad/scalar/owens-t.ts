import erfc from '@stdlib/math-base-special-erfc';
import { ADD, DIV, ERF, EXP, MUL, NEG, definePrimitive } from './primitives.js';

// Owen's T function (Owen 1956, "Tables for computing bivariate normal probabilities",
// Annals of Mathematical Statistics 27(4)):
//   T(h, a) = (1/2π) ∫₀^a exp(−h²(1 + x²)/2)/(1 + x²) dx,
// even in h and odd in a. For 0 < a ≤ 1 the integrand is smooth and is integrated by
// Gauss–Legendre quadrature over [0, min(a, 9/h)] (beyond x = 9/h it is below e⁻⁴⁰ of its
// value at 0); for a > 1, Owen's identity (eq. 2.3) maps it to T(ah, 1/a). Partials:
//   ∂T/∂h = −φ(h) erf(ah/√2)/2,   ∂T/∂a = exp(−h²(1 + a²)/2)/(2π(1 + a²)).

const ORDER = 40;

/** Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on P_n (Press et al., Numerical Recipes §4.6). */
function gaussLegendre(n: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let [previous, current] = [1, z];
      for (let k = 2; k <= n; k++) [previous, current] = [current, ((2 * k - 1) * z * current - (k - 1) * previous) / k];
      derivative = (n * (z * current - previous)) / (z * z - 1);
      const step = current / derivative;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes[i] = z;
    weights[i] = 2 / ((1 - z * z) * derivative * derivative);
  }
  return { nodes, weights };
}

const RULE = gaussLegendre(ORDER);
const Phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** T(h, a) for h ≥ 0 and 0 < a ≤ 1. */
function integrate(h: number, a: number): number {
  const upper = h > 0 ? Math.min(a, 9 / h) : a;
  const half = upper / 2;
  const c = -0.5 * h * h;
  let total = 0;
  for (let i = 0; i < ORDER; i++) {
    const x = half * (RULE.nodes[i]! + 1);
    const q = 1 + x * x;
    total += (RULE.weights[i]! * Math.exp(c * q)) / q;
  }
  return (half * total) / (2 * Math.PI);
}

/** Owen's T(h, a). */
export function owensT(h: number, a: number): number {
  if (Number.isNaN(h) || Number.isNaN(a)) return NaN;
  if (a < 0) return -owensT(h, -a);
  if (a === 0) return 0;
  const g = Math.abs(h);
  if (a === Infinity) return 0.5 * Phi(-g);
  if (a <= 1) return integrate(g, a);
  const ag = a * g;
  return 0.5 * (Phi(g) * Phi(-ag) + Phi(ag) * Phi(-g)) - integrate(ag, 1 / a);
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export const OWENS_T = definePrimitive({
  name: 'owensT',
  arity: 2,
  evaluate: owensT,
  derivative: (b, [h, a]) => {
    const halfSquare = b.apply(MUL, [-0.5, b.apply(MUL, [h!, h!])]);
    const phi = b.apply(MUL, [INV_SQRT_2PI, b.apply(EXP, [halfSquare])]);
    const dh = b.apply(NEG, [b.apply(MUL, [b.apply(MUL, [0.5, phi]), b.apply(ERF, [b.apply(MUL, [Math.SQRT1_2, b.apply(MUL, [a!, h!])])])])]);
    const onePlus = b.apply(ADD, [1, b.apply(MUL, [a!, a!])]);
    const da = b.apply(DIV, [b.apply(EXP, [b.apply(MUL, [halfSquare, onePlus])]), b.apply(MUL, [2 * Math.PI, onePlus])]);
    return [dh, da];
  },
});
