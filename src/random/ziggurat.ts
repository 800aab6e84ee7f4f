import erfc from '@stdlib/math-base-special-erfc';
import type { Rng } from './rng.js';

// Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat
// method for generating random variables", J. Stat. Software 5(8)), with 256 layers, and
// with the correction of Doornik (2005, "An improved ziggurat method to generate normal
// random samples"): the layer index and the abscissa come from disjoint bits of the
// generator (Marsaglia & Tsang took both from one 32-bit integer, which correlates them and
// fails tests), and the abscissa has 52 bits rather than 32. The method is exact: the
// density is covered by 256 regions of equal area v — a base strip [0, r] × [0, f(r)]
// with the tail beyond r, and 255 rectangles stacked above it — a region is chosen
// uniformly, a point uniformly in it, and the point is kept if it lies under f. About 99%
// of draws cost two 32-bit outputs, a multiplication and a comparison.
//
// f(x) = exp(−x²/2) (unnormalised). Layer i ≥ 1 is the rectangle of width x_i between the
// heights f(x_i) and f(x_{i+1}), where x_1 = r > x_2 > … > x_256 = 0; layer 0 is the base
// strip plus the tail, given the width x_0 = v/f(r) so that it too is a rectangle of area v.

const LAYERS = 256;
const TWO_TO_52 = 2 ** 52;

const density = (x: number): number => Math.exp(-0.5 * x * x);

/** ∫_r^∞ f = √(π/2)·erfc(r/√2). */
const tailArea = (r: number): number => Math.sqrt(Math.PI / 2) * erfc(r / Math.SQRT2);

/** The common area of the layers when the base strip ends at r. */
const layerArea = (r: number): number => r * density(r) + tailArea(r);

/**
 * Fills edges[1..LAYERS−1] from r by stacking layers of area v(r) — x_{i+1} solves
 * x_i·(f(x_{i+1}) − f(x_i)) = v — and returns how far the top layer misses: the area it
 * would need, x_{N−1}·(1 − f(x_{N−1})), minus v, scaled; positive when the layers reach the
 * mode early (v too big, r too small), negative when they fall short.
 */
function stack(r: number, edges: Float64Array): number {
  const v = layerArea(r);
  edges[1] = r;
  for (let i = 1; i < LAYERS - 1; i++) {
    const height = density(edges[i]!) + v / edges[i]!;
    if (height >= 1) return LAYERS - i; // reached f(0) before the last layer
    edges[i + 1] = Math.sqrt(-2 * Math.log(height));
  }
  const last = edges[LAYERS - 1]!;
  return density(last) + v / last - 1;
}

/**
 * The layer edges x_0..x_256 for the r at which the top layer closes exactly, found by
 * bisection to the last bit of a double: Marsaglia & Tsang's tabled r (3.6541528853610088
 * for 256 layers) is checked against it in the tests.
 */
function buildEdges(): { readonly edges: Float64Array; readonly r: number } {
  const edges = new Float64Array(LAYERS + 1);
  let low = 3;
  let high = 4;
  for (let k = 0; k < 200; k++) {
    const middle = 0.5 * (low + high);
    if (middle <= low || middle >= high) break;
    if (stack(middle, edges) > 0) low = middle;
    else high = middle;
  }
  const r = high;
  stack(r, edges);
  edges[0] = layerArea(r) / density(r);
  edges[LAYERS] = 0;
  return { edges, r };
}

const { edges: EDGES, r: R } = buildEdges();

/** x_i·2^−52: abscissa of a 52-bit integer u in layer i. */
export const WIDTH = Float64Array.from({ length: LAYERS }, (_, i) => EDGES[i]! / TWO_TO_52);
/** x_{i+1}/x_i·2^52: u below it puts the point inside the curve without evaluating f. */
export const ACCEPT = Float64Array.from({ length: LAYERS }, (_, i) => (EDGES[i + 1]! / EDGES[i]!) * TWO_TO_52);
/** f(x_i), i = 0..256. */
const HEIGHT = Float64Array.from(EDGES, density);

/** Start of the tail (r) and the edges x_0..x_256, copied: for tests of the construction. */
export function zigguratLayers(): { readonly r: number; readonly area: number; readonly edges: Float64Array } {
  return { r: R, area: layerArea(R), edges: Float64Array.from(EDGES) };
}

/**
 * A draw from the normal tail beyond r (Marsaglia 1964, as in Marsaglia & Tsang 2000):
 * x = −log(U₁)/r, y = −log(U₂), accepted when 2y > x²; then r + x. U in (0, 1].
 */
function tail(rng: Rng): number {
  for (;;) {
    const x = -Math.log(1 - rng.uniform()) / R;
    const y = -Math.log(1 - rng.uniform());
    if (y + y > x * x) return R + x;
  }
}

/**
 * The ziggurat step for two 32-bit words a, b of the generator: bits 0–7 of a pick the layer,
 * bit 8 the sign, the other 52 bits the abscissa. Inside the layer's core (about 99% of
 * draws) that is the draw; otherwise the wedge test or the tail draws more from `rng`, and a
 * rejection starts again with two fresh words. The common case is kept small enough for the
 * engine to inline into the caller's loop.
 */
function normalFromWords(a: number, b: number, rng: Rng): number {
  const layer = a & 0xff;
  const u = (a >>> 9) * 536870912 + (b >>> 3);
  // The sign as a factor ±1 (1 − 2·bit 8), not a branch: it is a coin flip, which no branch
  // predictor learns.
  if (u < ACCEPT[layer]!) return u * WIDTH[layer]! * (1 - ((a >>> 7) & 2));
  return outsideCore(layer, u, (a & 0x100) !== 0, rng);
}

/** The 1% of draws outside a layer's core: the tail (layer 0) or the wedge test, else a new draw. */
export function outsideCore(layer: number, u: number, negative: boolean, rng: Rng): number {
  if (layer === 0) return negative ? -tail(rng) : tail(rng);
  // The wedge between the curve and the layer's inner edge: a uniform height in the layer.
  const x = u * WIDTH[layer]!;
  const low = HEIGHT[layer]!;
  if (low + rng.uniform() * (HEIGHT[layer + 1]! - low) < density(x)) return negative ? -x : x;
  return standardNormal(rng);
}

/** A standard normal draw from any Rng (its next two uint32 words, then more if needed). */
export function standardNormal(rng: Rng): number {
  const a = rng.uint32();
  return normalFromWords(a, rng.uint32(), rng);
}

/**
 * Fills `out` with standard normal draws and returns it: NUTS's momenta, one call per
 * transition, nothing allocated. The same numbers as out.length calls of standardNormal(rng)
 * (and of rng.normal() for makeRng's generators).
 */
export function normals(rng: Rng, out: Float64Array): Float64Array {
  // A generator may fill the buffer itself (xoshiro128**: its state in locals for the whole
  // loop), with the same numbers.
  if (rng.fillNormals !== undefined) {
    rng.fillNormals(out);
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = standardNormal(rng);
  return out;
}
