import erfc from '@stdlib/math-base-special-erfc';
import { ADD, DIV, ERF, EXP, MUL, NEG, definePrimitive } from '../../ad/scalar/primitives.js';

// Owen's T function, T(h, a) = (1/2π) ∫₀^a exp(−h²(1 + x²)/2) / (1 + x²) dx (Owen 1956,
// "Tables for computing bivariate normal probabilities"), for the skew normal's CDF
// Φ(z) − 2T(z, α). With x = tan θ it is (1/2π) ∫₀^atan(a) exp(−(h²/2) sec²θ) dθ, a smooth
// integrand on a finite interval, integrated by 48-point Gauss–Legendre on [0, U] for a ≤ 1,
// U cut where the integrand has fallen below 1e-18 of its peak (tan θ < 9.2/h); a > 1 goes
// through Owen's identity to 1/a. T is odd in a and even in h. Its partials are closed forms:
//   ∂T/∂h = −φ(h) erf(a h/√2)/2,   ∂T/∂a = exp(−h²(1 + a²)/2) / (2π(1 + a²)).

const NODES = 48;

/** Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on P_n (Golub & Welsch give the same). */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

const RULE = Object.freeze(gaussLegendre(NODES));

/** Owen's T(h, a). */
export function owensT(h: number, a: number): number {
  if (Number.isNaN(h) || Number.isNaN(a)) return NaN;
  if (a === 0) return 0;
  if (a < 0) return -owensT(h, -a);
  const hh = Math.abs(h);
  if (a <= 1) return owensTQuadrature(hh, a);
  // a > 1 (Owen 1956, eq. 2.3): T(h, a) = ½[Φ(h)Φ(−ah) + Φ(ah)Φ(−h)] − T(ah, 1/a), the
  // bracket written without a difference; the remaining T has 1/a < 1.
  const ah = a * hh;
  const bracket = 0.5 * (standardNormalCdf(hh) * standardNormalCdf(-ah) + standardNormalCdf(ah) * standardNormalCdf(-hh));
  return bracket - owensTQuadrature(ah, 1 / a);
}

/** T(h, a) for h ≥ 0, 0 < a ≤ 1 by Gauss–Legendre on [0, min(atan a, atan(9.2/h))]. */
function owensTQuadrature(h: number, a: number): number {
  const upper = Math.min(Math.atan(a), h > 0 ? Math.atan(9.2 / h) : Infinity);
  const half = 0.5 * upper;
  const c = 0.5 * h * h;
  let sum = 0;
  for (let i = 0; i < NODES; i++) {
    const t = Math.tan(half * (RULE.nodes[i]! + 1));
    sum += RULE.weights[i]! * Math.exp(-c * t * t);
  }
  return (Math.exp(-c) * half * sum) / (2 * Math.PI);
}

const standardNormalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export const OWENS_T = definePrimitive({
  name: 'owensT',
  arity: 2,
  evaluate: owensT,
  derivative: (b, [h, a]) => {
    const halfSquare = b.apply(MUL, [-0.5, b.apply(MUL, [h!, h!])]);
    const density = b.apply(MUL, [INV_SQRT_2PI, b.apply(EXP, [halfSquare])]);
    const dh = b.apply(NEG, [b.apply(MUL, [b.apply(MUL, [0.5, density]), b.apply(ERF, [b.apply(MUL, [b.apply(MUL, [a!, h!]), Math.SQRT1_2])])])]);
    const onePlus = b.apply(ADD, [1, b.apply(MUL, [a!, a!])]);
    const da = b.apply(DIV, [b.apply(EXP, [b.apply(MUL, [halfSquare, onePlus])]), b.apply(MUL, [2 * Math.PI, onePlus])]);
    return [dh, da];
  },
});

