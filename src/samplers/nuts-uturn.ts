import { EXTENSION_SUM, type Lanes, SUM_BEFORE, TRAJECTORY_SUM, VELOCITY } from './nuts-checkpoints.js';

/**
 * The generalised no-U-turn criterion (Betancourt 2017, "A Conceptual Introduction to
 * Hamiltonian Monte Carlo", appendix A.4.2): a subtree with momentum sum rho keeps going while
 * v_minus · rho > 0 and v_plus · rho > 0, v = M^{-1} p the velocities (Stan's p_sharp) at its
 * two ends. At a merge of two adjacent subtrees Stan (since 2019, after the forum report
 * "NUTS misses U-turns, runs in circles until max treedepth") checks it three times: for the
 * merged subtree, for the first subtree extended by the first point of the second, and for
 * the second extended by the last point of the first. Each function below computes the three
 * (or, for two single points, the one that all three reduce to) in one pass over the tree's
 * interleaved records (nuts-checkpoints.ts): each vector is an offset in every record, its
 * velocity at the next offset.
 */

/**
 * The merge of two single leaves a then b (momenta at offsets a and b): rho = p_a + p_b, ends
 * v_a and v_b (both extra checks equal this one term for term).
 */
export function pointsContinue(lanes: Lanes, a: number, b: number): boolean {
  const { values, stride } = lanes;
  let plus = 0;
  let minus = 0;
  for (let r = 0; r < values.length; r += stride) {
    const rho = values[r + a]! + values[r + b]!;
    plus += values[r + b + VELOCITY]! * rho;
    minus += values[r + a + VELOCITY]! * rho;
  }
  return plus > 0 && minus > 0;
}

/**
 * The merge, inside a subtree under construction, of the blocks [i, m] and [s = m + 1, j] of
 * its leaves (nuts-checkpoints.ts): `first` and `second` the start slots of i and s (p, v and
 * the running sum R before them), `lastOfFirst` the end slot of m, `last` that of j; the
 * momentum sums come from R as R_m − R_(i−1) and R_j − R_m.
 */
export function blocksContinue(lanes: Lanes, first: number, second: number, lastOfFirst: number, last: number): boolean {
  const { values, stride } = lanes;
  let plus1 = 0;
  let minus1 = 0;
  let plus2 = 0;
  let minus2 = 0;
  let plus3 = 0;
  let minus3 = 0;
  for (let r = 0; r < values.length; r += stride) {
    const before = values[r + first + SUM_BEFORE]!;
    const middle = values[r + second + SUM_BEFORE]!;
    const total = values[r + EXTENSION_SUM]!;
    // Criterion 1: the first block and s, between i and s; criterion 2: m and the second
    // block, between m and j; criterion 3: the merged block, between i and j.
    const extendedFirst = middle - before + values[r + second]!;
    const extendedSecond = total - middle + values[r + lastOfFirst]!;
    const merged = total - before;
    const velocityMinus = values[r + first + VELOCITY]!;
    const velocityPlus = values[r + last + VELOCITY]!;
    plus1 += values[r + second + VELOCITY]! * extendedFirst;
    minus1 += velocityMinus * extendedFirst;
    plus2 += velocityPlus * extendedSecond;
    minus2 += values[r + lastOfFirst + VELOCITY]! * extendedSecond;
    plus3 += velocityPlus * merged;
    minus3 += velocityMinus * merged;
  }
  return plus1 > 0 && minus1 > 0 && plus2 > 0 && minus2 > 0 && plus3 > 0 && minus3 > 0;
}

/**
 * The merge of the whole trajectory (momentum sum at TRAJECTORY_SUM) with the subtree just
 * built beside it (EXTENSION_SUM), whichever side that is: the extension's first point a
 * (momentum at `first`, next to the trajectory's old end o at `oldEnd`), its last point n
 * (velocity at `newEnd` + VELOCITY), and the trajectory's far end f (`farEnd`). The criteria
 * are symmetric in their two ends, so the three are (trajectory + a; f, a), (extension + o;
 * o, n) and (trajectory + extension; f, n). Adds the extension's sum into the trajectory's as
 * it goes (every element is read first).
 */
export function trajectoryContinues(lanes: Lanes, first: number, oldEnd: number, farEnd: number, newEnd: number): boolean {
  const { values, stride } = lanes;
  let plus1 = 0;
  let minus1 = 0;
  let plus2 = 0;
  let minus2 = 0;
  let plus3 = 0;
  let minus3 = 0;
  for (let r = 0; r < values.length; r += stride) {
    const trajectory = values[r + TRAJECTORY_SUM]!;
    const extension = values[r + EXTENSION_SUM]!;
    const extendedTrajectory = trajectory + values[r + first]!;
    const extendedExtension = extension + values[r + oldEnd]!;
    const merged = trajectory + extension;
    const velocityFar = values[r + farEnd + VELOCITY]!;
    const velocityNew = values[r + newEnd + VELOCITY]!;
    plus1 += values[r + first + VELOCITY]! * extendedTrajectory;
    minus1 += velocityFar * extendedTrajectory;
    plus2 += velocityNew * extendedExtension;
    minus2 += values[r + oldEnd + VELOCITY]! * extendedExtension;
    plus3 += velocityNew * merged;
    minus3 += velocityFar * merged;
    values[r + TRAJECTORY_SUM] = merged;
  }
  return plus1 > 0 && minus1 > 0 && plus2 > 0 && minus2 > 0 && plus3 > 0 && minus3 > 0;
}
