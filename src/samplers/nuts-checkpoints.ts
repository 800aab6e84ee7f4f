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
 */

/** Slots of start checkpoints of a tree of at most maxDepth doublings (slot maxDepth is leaf 0). */
export interface Checkpoints {
  readonly startMomenta: Float64Array[];
  readonly startVelocities: Float64Array[];
  /** R before the start leaf: the sum of the momenta of the leaves before it. */
  readonly startSums: Float64Array[];
  readonly endMomenta: Float64Array[];
  readonly endVelocities: Float64Array[];
}

const EMPTY = new Float64Array(0);

/** Slots for leaves of trees up to maxDepth, allocated on first use (see `reserveCheckpoints`). */
export function makeCheckpoints(maxDepth: number): Checkpoints {
  return new CheckpointSlots(maxDepth);
}

// A class rather than an object literal: every kernel's slots then share one hidden class
// from the start, so the optimised leaf code compiled during the first chain still holds
// when the next chain's tree is built (with literals V8 generalised the tree's field type
// at the second tree and threw away the optimised leaves, extend and storeDraw).
class CheckpointSlots implements Checkpoints {
  readonly startMomenta: Float64Array[];
  readonly startVelocities: Float64Array[];
  readonly startSums: Float64Array[];
  readonly endMomenta: Float64Array[];
  readonly endVelocities: Float64Array[];

  constructor(maxDepth: number) {
    this.startMomenta = slots(maxDepth);
    this.startVelocities = slots(maxDepth);
    this.startSums = slots(maxDepth);
    this.endMomenta = slots(maxDepth);
    this.endVelocities = slots(maxDepth);
  }
}

function slots(maxDepth: number): Float64Array[] {
  const out = new Array<Float64Array>(maxDepth + 1);
  for (let k = 0; k <= maxDepth; k++) out[k] = EMPTY;
  return out;
}

/**
 * Makes sure the slots a subtree of `depth` doublings writes exist: starts tz(i) < depth and
 * leaf 0's slot, ends to(m) ≤ depth. A shallow tree so allocates little even with a large
 * maxTreeDepth; a deep one allocates each slot once per kernel.
 */
export function reserveCheckpoints(
  checkpoints: Checkpoints,
  depth: number,
  dim: number,
  vector: () => Float64Array = () => new Float64Array(dim),
): void {
  const first = checkpoints.startMomenta.length - 1;
  if (checkpoints.startMomenta[first]!.length !== dim) reserveStart(checkpoints, first, dim, vector);
  for (let slot = 0; slot < depth; slot++) {
    if (checkpoints.startMomenta[slot]!.length !== dim) reserveStart(checkpoints, slot, dim, vector);
  }
  for (let slot = 1; slot <= Math.min(depth, first - 1); slot++) {
    if (checkpoints.endMomenta[slot]!.length !== dim) {
      checkpoints.endMomenta[slot] = vector();
      checkpoints.endVelocities[slot] = new Float64Array(dim);
    }
  }
}

/** Momenta and sums from `vector` (plain arrays or a NUTS arena's views); velocities, used only off the diagonal path, plain. */
function reserveStart(checkpoints: Checkpoints, slot: number, dim: number, vector: () => Float64Array): void {
  checkpoints.startMomenta[slot] = vector();
  checkpoints.startVelocities[slot] = new Float64Array(dim);
  checkpoints.startSums[slot] = vector();
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
