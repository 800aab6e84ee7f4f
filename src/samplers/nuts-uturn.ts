import { type Checkpoints, endSlot, startSlot } from './nuts-checkpoints.js';

/**
 * The generalised no-U-turn criterion (Betancourt 2017, "A Conceptual Introduction to
 * Hamiltonian Monte Carlo", appendix A.4.2): a subtree with momentum sum rho keeps going while
 * v_minus · rho > 0 and v_plus · rho > 0, v = M^{-1} p the velocities (Stan's p_sharp) at its
 * two ends. At a merge of two adjacent subtrees Stan (since 2019, after the forum report
 * "NUTS misses U-turns, runs in circles until max treedepth") checks it three times: for the
 * merged subtree, for the first subtree extended by the first point of the second, and for
 * the second extended by the last point of the first. Each function below computes the three
 * (or, for two single points, the one that all three reduce to) in one pass over the vectors.
 */

/**
 * The merge of two single leaves a then b: rho = p_a + p_b, ends v_a and v_b (both extra
 * checks equal this one term for term).
 */
export function pointsContinue(
  momentumA: Float64Array,
  velocityA: Float64Array,
  momentumB: Float64Array,
  velocityB: Float64Array,
): boolean {
  let plus = 0;
  let minus = 0;
  for (let k = 0; k < momentumA.length; k++) {
    const rho = momentumA[k]! + momentumB[k]!;
    plus += velocityB[k]! * rho;
    minus += velocityA[k]! * rho;
  }
  return plus > 0 && minus > 0;
}

/**
 * pointsContinue for the first doubling's merge of the initial point a with the leaf b,
 * from the momentum sums: `trajectorySum` holds p_a and `extensionSum` 0 + p_b, so their
 * sum is rho = p_a + p_b (up to the sign of a zero, which no comparison sees). Adds
 * `extensionSum` into `trajectorySum` in the same pass.
 */
export function pointsMergeContinue(
  trajectorySum: Float64Array,
  extensionSum: Float64Array,
  velocityA: Float64Array,
  velocityB: Float64Array,
): boolean {
  let plus = 0;
  let minus = 0;
  for (let k = 0; k < trajectorySum.length; k++) {
    const rho = trajectorySum[k]! + extensionSum[k]!;
    plus += velocityB[k]! * rho;
    minus += velocityA[k]! * rho;
    trajectorySum[k] = rho;
  }
  return plus > 0 && minus > 0;
}

/**
 * The merge, inside a subtree under construction, of the blocks [i, m] and [s = m + 1, j] of
 * its leaves (nuts-checkpoints.ts): the momentum sums come from the running sum R as
 * R_m − R_(i−1) and R_j − R_m.
 */
export function blocksContinue(
  sumBeforeFirst: Float64Array,
  sumBeforeSecond: Float64Array,
  sum: Float64Array,
  momentumFirst: Float64Array,
  velocityFirst: Float64Array,
  momentumSecond: Float64Array,
  velocitySecond: Float64Array,
  momentumLastOfFirst: Float64Array,
  velocityLastOfFirst: Float64Array,
  velocityLast: Float64Array,
): boolean {
  let plus1 = 0;
  let minus1 = 0;
  let plus2 = 0;
  let minus2 = 0;
  let plus3 = 0;
  let minus3 = 0;
  for (let k = 0; k < sum.length; k++) {
    const before = sumBeforeFirst[k]!;
    const middle = sumBeforeSecond[k]!;
    const total = sum[k]!;
    // Criterion 1: the first block and s, between i and s; criterion 2: m and the second
    // block, between m and j; criterion 3: the merged block, between i and j.
    const extendedFirst = middle - before + momentumSecond[k]!;
    const extendedSecond = total - middle + momentumLastOfFirst[k]!;
    const merged = total - before;
    const velocityMinus = velocityFirst[k]!;
    const velocityPlus = velocityLast[k]!;
    plus1 += velocitySecond[k]! * extendedFirst;
    minus1 += velocityMinus * extendedFirst;
    plus2 += velocityPlus * extendedSecond;
    minus2 += velocityLastOfFirst[k]! * extendedSecond;
    plus3 += velocityPlus * merged;
    minus3 += velocityMinus * merged;
  }
  return plus1 > 0 && minus1 > 0 && plus2 > 0 && minus2 > 0 && plus3 > 0 && minus3 > 0;
}

/**
 * The merge of the whole trajectory (momentum sum `trajectorySum`) with the subtree just
 * built beside it (momentum sum `extensionSum`), whichever side that is: the extension's
 * first point a (next to the trajectory's old end o), its last point n (the new end), and
 * the trajectory's far end f. The criteria are symmetric in their two ends, so the three are
 * (trajectory + a; f, a), (extension + o; o, n) and (trajectory + extension; f, n). Adds
 * the extension's sum into `trajectorySum` as it goes (every element is read first).
 */
export function trajectoryContinues(
  trajectorySum: Float64Array,
  extensionSum: Float64Array,
  momentumFirst: Float64Array,
  velocityFirst: Float64Array,
  momentumOldEnd: Float64Array,
  velocityOldEnd: Float64Array,
  velocityFarEnd: Float64Array,
  velocityNewEnd: Float64Array,
): boolean {
  let plus1 = 0;
  let minus1 = 0;
  let plus2 = 0;
  let minus2 = 0;
  let plus3 = 0;
  let minus3 = 0;
  for (let k = 0; k < trajectorySum.length; k++) {
    const trajectory = trajectorySum[k]!;
    const extension = extensionSum[k]!;
    const extendedTrajectory = trajectory + momentumFirst[k]!;
    const extendedExtension = extension + momentumOldEnd[k]!;
    const merged = trajectory + extension;
    const velocityFar = velocityFarEnd[k]!;
    const velocityNew = velocityNewEnd[k]!;
    plus1 += velocityFirst[k]! * extendedTrajectory;
    minus1 += velocityFar * extendedTrajectory;
    plus2 += velocityNew * extendedExtension;
    minus2 += velocityOldEnd[k]! * extendedExtension;
    plus3 += velocityNew * merged;
    minus3 += velocityFar * merged;
    trajectorySum[k] = merged;
  }
  return plus1 > 0 && minus1 > 0 && plus2 > 0 && minus2 > 0 && plus3 > 0 && minus3 > 0;
}

/**
 * The merges of Stan's recursion that odd leaf `leaf` of the subtree under construction
 * completes, innermost first (nuts-checkpoints.ts), from stored velocities; `sum` is R.
 */
export function subtreesContinue(checkpoints: Checkpoints, sum: Float64Array, leaf: number): boolean {
  const { startMomenta, startVelocities, startSums, endMomenta, endVelocities } = checkpoints;
  const lastSlot = startMomenta.length - 1;
  const top = endSlot(leaf);
  const momentum = endMomenta[top]!;
  const velocity = endVelocities[top]!;
  const previous = startSlot(leaf - 1, lastSlot);
  if (!pointsContinue(startMomenta[previous]!, startVelocities[previous]!, momentum, velocity)) return false;
  for (let level = 2; level <= top; level++) {
    const first = startSlot(leaf + 1 - (1 << level), lastSlot);
    const second = level - 1;
    const continues = blocksContinue(
      startSums[first]!,
      startSums[second]!,
      sum,
      startMomenta[first]!,
      startVelocities[first]!,
      startMomenta[second]!,
      startVelocities[second]!,
      endMomenta[level - 1]!,
      endVelocities[level - 1]!,
      velocity,
    );
    if (!continues) return false;
  }
  return true;
}
