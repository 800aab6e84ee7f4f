import { type Checkpoints, endSlot, startSlot } from './nuts-checkpoints.js';

/**
 * The U-turn checks of nuts-uturn.ts on the diagonal leapfrog path, where no velocity is
 * stored: v = M^{-1} p is M^{-1}_ii · p_i, recomputed from the momentum as the leaf computed
 * it (IEEE multiplication is commutative, so the same bits). A leaf then writes one vector
 * less and a check reads the diagonal once instead of each end's velocity. Each dot product
 * is summed in two lanes, even and odd coordinates, as the leaves' (nuts-leaf-diagonal.ts)
 * and the WebAssembly twins' (assembly/nuts.ts) are.
 */

/** pointsMergeContinue (nuts-uturn.ts) from the two points' momenta. */
export function pointsMergeContinueDiagonal(
  trajectorySum: Float64Array,
  extensionSum: Float64Array,
  momentumA: Float64Array,
  momentumB: Float64Array,
  diagonal: Float64Array,
): boolean {
  let plus = 0;
  let plusOther = 0;
  let minus = 0;
  let minusOther = 0;
  for (let k = 0; k < trajectorySum.length; k++) {
    const rho = trajectorySum[k]! + extensionSum[k]!;
    const inverseMass = diagonal[k]!;
    const plusAdded = plus + inverseMass * momentumB[k]! * rho;
    plus = plusOther;
    plusOther = plusAdded;
    const minusAdded = minus + inverseMass * momentumA[k]! * rho;
    minus = minusOther;
    minusOther = minusAdded;
    trajectorySum[k] = rho;
  }
  return plus + plusOther > 0 && minus + minusOther > 0;
}

/** blocksContinue (nuts-uturn.ts), velocities from momenta. */
export function blocksContinueDiagonal(
  sumBeforeFirst: Float64Array,
  sumBeforeSecond: Float64Array,
  sum: Float64Array,
  momentumFirst: Float64Array,
  momentumSecond: Float64Array,
  momentumLastOfFirst: Float64Array,
  momentumLast: Float64Array,
  diagonal: Float64Array,
): boolean {
  let plus1 = 0;
  let plus1Other = 0;
  let minus1 = 0;
  let minus1Other = 0;
  let plus2 = 0;
  let plus2Other = 0;
  let minus2 = 0;
  let minus2Other = 0;
  let plus3 = 0;
  let plus3Other = 0;
  let minus3 = 0;
  let minus3Other = 0;
  for (let k = 0; k < sum.length; k++) {
    const before = sumBeforeFirst[k]!;
    const middle = sumBeforeSecond[k]!;
    const total = sum[k]!;
    const inverseMass = diagonal[k]!;
    const momentumS = momentumSecond[k]!;
    const momentumM = momentumLastOfFirst[k]!;
    const extendedFirst = middle - before + momentumS;
    const extendedSecond = total - middle + momentumM;
    const merged = total - before;
    const velocityMinus = inverseMass * momentumFirst[k]!;
    const velocityPlus = inverseMass * momentumLast[k]!;
    const plus1Added = plus1 + inverseMass * momentumS * extendedFirst;
    plus1 = plus1Other;
    plus1Other = plus1Added;
    const minus1Added = minus1 + velocityMinus * extendedFirst;
    minus1 = minus1Other;
    minus1Other = minus1Added;
    const plus2Added = plus2 + velocityPlus * extendedSecond;
    plus2 = plus2Other;
    plus2Other = plus2Added;
    const minus2Added = minus2 + inverseMass * momentumM * extendedSecond;
    minus2 = minus2Other;
    minus2Other = minus2Added;
    const plus3Added = plus3 + velocityPlus * merged;
    plus3 = plus3Other;
    plus3Other = plus3Added;
    const minus3Added = minus3 + velocityMinus * merged;
    minus3 = minus3Other;
    minus3Other = minus3Added;
  }
  return plus1 + plus1Other > 0 && minus1 + minus1Other > 0 && plus2 + plus2Other > 0 && minus2 + minus2Other > 0 && plus3 + plus3Other > 0 && minus3 + minus3Other > 0;
}

/**
 * subtreesContinue (nuts-uturn.ts) on the diagonal path, from level 2: the leaf's own pass
 * made the level-1 check.
 */
export function subtreesContinueDiagonal(checkpoints: Checkpoints, sum: Float64Array, leaf: number, diagonal: Float64Array): boolean {
  const { startMomenta, startSums, endMomenta } = checkpoints;
  const lastSlot = startMomenta.length - 1;
  const top = endSlot(leaf);
  for (let level = 2; level <= top; level++) {
    const first = startSlot(leaf + 1 - (1 << level), lastSlot);
    const second = level - 1;
    const continues = blocksContinueDiagonal(
      startSums[first]!,
      startSums[second]!,
      sum,
      startMomenta[first]!,
      startMomenta[second]!,
      endMomenta[level - 1]!,
      endMomenta[top]!,
      diagonal,
    );
    if (!continues) return false;
  }
  return true;
}
