/**
 * What the no-U-turn checks inside a NUTS subtree need, kept per leaf in a few preallocated
 * slots instead of per subtree (the iterative form of NUTS in NumPyro, Phan, Pradhan &
 * Jankowiak 2019, "Composable effects for flexible and accelerated probabilistic programming
 * in NumPyro", section 3.1, here extended to Stan's extra checks across each merge).
 *
 * The leaves of a subtree of depth D are numbered j = 0 .. 2^D − 1 in the order they are
 * built. Stan's recursive build_tree merges, after leaf j, the subtrees of size 2^d that end
 * at j, for d = 1 .. t, t the number of trailing one bits of j. The merge at level d joins
 * the blocks [i, m] and [s, j] with i = j + 1 − 2^d, s = j + 1 − 2^(d−1), m = s − 1; its
 * three criteria need the momenta and velocities at i, s, m and j and the sums of momenta
 * over both halves. With R_j the running sum of the momenta of leaves 0..j, the halves' sums
 * are R_m − R_(i−1) and R_j − R_m, so it suffices to keep:
 *   - for even leaves i ("starts"), p_i, v_i and R_(i−1), in slot tz(i) (trailing zeros;
 *     leaf 0 in slot maxDepth, with R_(−1) = 0): every start a merge reads is even, and no
 *     leaf between i and the merge that reads it has as many trailing zeros;
 *   - for odd leaves m ("ends"), p_m and v_m in slot to(m) (trailing ones), for the same
 *     reason: every m a merge at level d ≥ 2 reads has d − 1 trailing ones, and the leaves
 *     after it up to j have fewer (at level 1, m = j − 1 is even and read as a start).
 * Each leaf writes its momentum and velocity once (and an even one R too), where Stan's
 * recursion copied each leaf's ends into every subtree holding them.
 *
 * Layout: the slots, the running sums, the ends' momenta and velocities and the diagonal
 * metric are one interleaved array, coordinate by coordinate (a record of `stride` values
 * per coordinate, at the offsets below), rather than a typed array each. A leaf at 100
 * dimensions read and wrote ten to twelve separate arrays at ~10 ns per coordinate in V8;
 * over one array it reads one base and one length (bench/README.md, "NUTS step", has the
 * before/after figures). Positions, gradients and the ends' momenta stay arrays of their
 * own: the model and the integrators take them as vectors.
 */

// Each record holds first what a transition or doubling reads once, then, side by side, what
// every leaf reads: M^{-1}_ii, R, and the slots of level 1, 2, ... (a start and an end each),
// so that the leaves of a shallow tree touch only the first values after the header.

/** The momentum sum of the trajectory so far. */
export const TRAJECTORY_SUM = 0;
/** p at the forward end between doublings (a rest offset); its velocity M^{-1} p follows. */
export const FORWARD_REST = 1;
/** p at the backward end between doublings; its velocity follows. */
export const BACKWARD_REST = 3;
/** 1/sqrt(M^{-1}_ii), to draw momenta without a square root each. */
export const MOMENTUM_SCALE = 5;
/** M^{-1}_ii of the diagonal metric the momenta were last drawn for (0: none yet). */
export const INVERSE_MASS = 6;
/** R: the running sum of the momenta of the subtree being built. */
export const EXTENSION_SUM = 7;
/** Level s ≥ 1 holds start slot s (p, v = M^{-1} p, R before the leaf), then end slot s (p, v). */
const FIRST_LEVEL = 8;
const LEVEL = 5;
const END_IN_LEVEL = 3;
/** Offset of the velocity after a momentum, in a slot or at a rest offset. */
export const VELOCITY = 1;
/** Offset of R in a start slot. */
export const SUM_BEFORE = 2;

/** The per-coordinate records of a tree of at most `lastSlot` doublings (slot lastSlot is leaf 0). */
export interface Lanes {
  readonly values: Float64Array;
  readonly stride: number;
  readonly lastSlot: number;
}

/**
 * Records for `dim` coordinates: levels 1..maxDepth − 1, then leaf 0's start slot (maxDepth).
 * Start slot 0 is never used (an even leaf other than 0 has a trailing zero), nor end slot
 * maxDepth (a subtree has at most maxDepth − 1 doublings).
 */
export function makeLanes(dim: number, maxDepth: number): Lanes {
  const stride = FIRST_LEVEL + LEVEL * (maxDepth - 1) + END_IN_LEVEL;
  return { values: new Float64Array(dim * stride), stride, lastSlot: maxDepth };
}

/** Offset in a record of start slot `slot` ≥ 1 (p, v, R). */
export function startOffset(slot: number): number {
  return FIRST_LEVEL + LEVEL * (slot - 1);
}

/** Offset in a record of end slot `slot` ≥ 1 (p, v). */
export function endOffset(slot: number): number {
  return FIRST_LEVEL + LEVEL * (slot - 1) + END_IN_LEVEL;
}

/** The start slot of even leaf `leaf` (trailing zeros; leaf 0 in the last slot). */
export function startSlot(leaf: number, lastSlot: number): number {
  return leaf === 0 ? lastSlot : 31 - Math.clz32(leaf & -leaf);
}

/** The end slot of odd leaf `leaf`: its trailing ones. */
export function endSlot(leaf: number): number {
  const next = leaf + 1;
  return 31 - Math.clz32(next & -next);
}

/** Copies a momentum and its velocity from offset `from` to offset `to` in every record. */
export function copyMomentumAndVelocity(lanes: Lanes, from: number, to: number): void {
  const { values, stride } = lanes;
  for (let r = 0; r < values.length; r += stride) {
    values[r + to] = values[r + from]!;
    values[r + to + VELOCITY] = values[r + from + VELOCITY]!;
  }
}
