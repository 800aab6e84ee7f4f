import type { CompiledModel } from '../models/model.js';
import { endSlot, startSlot } from './nuts-checkpoints.js';
import { evaluate, type LeafBuffers, type TrajectoryEnd } from './nuts-leaf.js';

/**
 * The leaves of the diagonal-metric leapfrog path (nuts-tree.ts), each the gradient and one
 * fused pass over the vectors. Velocities v = M^{-1}_ii p_i are never stored: a check that
 * needs one recomputes it from the momentum (nuts-uturn-diagonal.ts).
 */

/**
 * A leapfrog step with a diagonal metric from the pending drift: the gradient at the new
 * position, then one pass for the second half kick, the velocity, the kinetic energy, the
 * finiteness check of the gradient, the running momentum sum, the leaf's checkpoint (its
 * momentum: velocities are recomputed from it where a check needs them), for an odd leaf
 * the U-turn check of its merge with the leaf before (Stan's level-1 merge, into
 * buffers.uTurned), and the next step's first half kick and drift. Returns the kinetic
 * energy, or NaN if the log density or gradient is not finite.
 */
export function diagonalLeaf(
  buffers: LeafBuffers,
  model: CompiledModel,
  end: TrajectoryEnd,
  leaf: number,
  stepSize: number,
  diagonal: Float64Array,
): number {
  const position = end.nextPosition;
  const nextPosition = end.position;
  end.position = position;
  end.nextPosition = nextPosition;
  const { momentum, logDensityGrad } = end;
  const dim = momentum.length;
  const halfStep = 0.5 * stepSize;
  const logDensity = evaluate(model, end);
  end.logDensity = logDensity;
  // x − x is 0 for finite x and NaN for infinities and NaN: one sum checks every value.
  let check = logDensity - logDensity;
  // Each dot product in two lanes, as the WebAssembly leaves sum (assembly/nuts.ts): a
  // coordinate adds to the first accumulator, then the two swap, so one holds the even
  // coordinates' sum and the other the odd ones', added at the end (the same bits: IEEE
  // addition is commutative). Two chains of dependent additions instead of one.
  let twiceKinetic = 0;
  let twiceKineticOther = 0;
  const sum = buffers.extensionSum;
  const checkpoints = buffers.checkpoints;
  if ((leaf & 1) === 1) {
    const slot = endSlot(leaf);
    const momentumOut = checkpoints.endMomenta[slot]!;
    if (leaf === buffers.lastLeaf) return mergingLeaf(buffers, end, momentumOut, leaf, diagonal, stepSize, check);
    const previous = startSlot(leaf - 1, buffers.firstSlot);
    const momentumBefore = checkpoints.startMomenta[previous]!;
    let plus = 0;
    let minus = 0;
    let plusOther = 0;
    let minusOther = 0;
    for (let k = 0; k < dim; k++) {
      const gradient = logDensityGrad[k]!;
      check += gradient - gradient;
      const kick = halfStep * gradient;
      const p = momentum[k]! + kick;
      const inverseMass = diagonal[k]!;
      const v = inverseMass * p;
      const kinetic = twiceKinetic + p * v;
      twiceKinetic = twiceKineticOther;
      twiceKineticOther = kinetic;
      sum[k]! += p;
      momentumOut[k] = p;
      const before = momentumBefore[k]!;
      const rho = before + p;
      const plusAdded = plus + v * rho;
      plus = plusOther;
      plusOther = plusAdded;
      const minusAdded = minus + inverseMass * before * rho;
      minus = minusOther;
      minusOther = minusAdded;
      const half = p + kick;
      momentum[k] = half;
      nextPosition[k] = position[k]! + stepSize * inverseMass * half;
    }
    buffers.uTurned = !(plus + plusOther > 0 && minus + minusOther > 0);
  } else {
    const slot = startSlot(leaf, buffers.firstSlot);
    const momentumOut = checkpoints.startMomenta[slot]!;
    if (leaf === 0) return firstLeaf(end, momentumOut, sum, diagonal, stepSize, check);
    const sumOut = checkpoints.startSums[slot]!;
    for (let k = 0; k < dim; k++) {
      const gradient = logDensityGrad[k]!;
      check += gradient - gradient;
      const kick = halfStep * gradient;
      const p = momentum[k]! + kick;
      const inverseMass = diagonal[k]!;
      const v = inverseMass * p;
      const kinetic = twiceKinetic + p * v;
      twiceKinetic = twiceKineticOther;
      twiceKineticOther = kinetic;
      const before = sum[k]!;
      sumOut[k] = before;
      sum[k] = before + p;
      momentumOut[k] = p;
      const half = p + kick;
      momentum[k] = half;
      nextPosition[k] = position[k]! + stepSize * inverseMass * half;
    }
  }
  return check === 0 ? 0.5 * (twiceKinetic + twiceKineticOther) : Number.NaN;
}

/**
 * diagonalLeaf's pass for a subtree's first leaf, where the running sum R starts: R_(−1) = 0
 * stays in leaf 0's slot (allocated zero, never written) and R_0 = 0 + p is written rather
 * than added to a cleared buffer, which saves clearing it (`0 + p`, not `p`, keeps R's bits:
 * 0 + (−0) is +0).
 */
function firstLeaf(
  end: TrajectoryEnd,
  momentumOut: Float64Array,
  sum: Float64Array,
  diagonal: Float64Array,
  stepSize: number,
  check: number,
): number {
  const { position, nextPosition, momentum, logDensityGrad } = end;
  const halfStep = 0.5 * stepSize;
  let twiceKinetic = 0;
  let twiceKineticOther = 0; // two lanes (see diagonalLeaf)
  for (let k = 0; k < momentum.length; k++) {
    const gradient = logDensityGrad[k]!;
    check += gradient - gradient;
    const kick = halfStep * gradient;
    const p = momentum[k]! + kick;
    const inverseMass = diagonal[k]!;
    const v = inverseMass * p;
    const kinetic = twiceKinetic + p * v;
    twiceKinetic = twiceKineticOther;
    twiceKineticOther = kinetic;
    sum[k] = 0 + p;
    momentumOut[k] = p;
    const half = p + kick;
    momentum[k] = half;
    nextPosition[k] = position[k]! + stepSize * inverseMass * half;
  }
  return check === 0 ? 0.5 * (twiceKinetic + twiceKineticOther) : Number.NaN;
}

/**
 * diagonalLeaf's pass for an odd leaf that ends its subtree: the leaf's own work, the level-1
 * check, and the checks of the subtree's merge into the trajectory (see LeafBuffers), the
 * three criteria of trajectoryContinues with velocities recomputed from momenta (the same
 * products, summed in two lanes as every sum of this path: the same bits as
 * nuts-uturn-diagonal.ts's checks and the WebAssembly leaves).
 */
function mergingLeaf(
  buffers: LeafBuffers,
  end: TrajectoryEnd,
  momentumOut: Float64Array,
  leaf: number,
  diagonal: Float64Array,
  stepSize: number,
  check: number,
): number {
  const { position, nextPosition, momentum, logDensityGrad, restMomentum: oldEnd } = end;
  const { checkpoints, extensionSum: sum, trajectorySum, farEnd } = buffers;
  const momentumBefore = checkpoints.startMomenta[startSlot(leaf - 1, buffers.firstSlot)]!;
  const momentumFirst = checkpoints.startMomenta[buffers.firstSlot]!;
  const halfStep = 0.5 * stepSize;
  let twiceKinetic = 0;
  let twiceKineticOther = 0;
  let plus = 0;
  let plusOther = 0;
  let minus = 0;
  let minusOther = 0;
  // The merge: 1 trajectory + first point a (f, a), 2 subtree + old end o (o, n), 3 both (f, n).
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
  for (let k = 0; k < momentum.length; k++) {
    const gradient = logDensityGrad[k]!;
    check += gradient - gradient;
    const kick = halfStep * gradient;
    const p = momentum[k]! + kick;
    const inverseMass = diagonal[k]!;
    const v = inverseMass * p;
    const twiceKineticAdded = twiceKinetic + p * v;
    twiceKinetic = twiceKineticOther;
    twiceKineticOther = twiceKineticAdded;
    const extension = sum[k]! + p;
    sum[k] = extension;
    momentumOut[k] = p;
    const before = momentumBefore[k]!;
    const rho = before + p;
    const plusAdded = plus + v * rho;
    plus = plusOther;
    plusOther = plusAdded;
    const minusAdded = minus + inverseMass * before * rho;
    minus = minusOther;
    minusOther = minusAdded;
    const trajectory = trajectorySum[k]!;
    const first = momentumFirst[k]!;
    const old = oldEnd[k]!;
    const extendedTrajectory = trajectory + first;
    const extendedExtension = extension + old;
    const merged = trajectory + extension;
    const velocityFar = inverseMass * farEnd[k]!;
    const plus1Added = plus1 + inverseMass * first * extendedTrajectory;
    plus1 = plus1Other;
    plus1Other = plus1Added;
    const minus1Added = minus1 + velocityFar * extendedTrajectory;
    minus1 = minus1Other;
    minus1Other = minus1Added;
    const plus2Added = plus2 + v * extendedExtension;
    plus2 = plus2Other;
    plus2Other = plus2Added;
    const minus2Added = minus2 + inverseMass * old * extendedExtension;
    minus2 = minus2Other;
    minus2Other = minus2Added;
    const plus3Added = plus3 + v * merged;
    plus3 = plus3Other;
    plus3Other = plus3Added;
    const minus3Added = minus3 + velocityFar * merged;
    minus3 = minus3Other;
    minus3Other = minus3Added;
    trajectorySum[k] = merged;
    const half = p + kick;
    momentum[k] = half;
    nextPosition[k] = position[k]! + stepSize * inverseMass * half;
  }
  buffers.uTurned = !(plus + plusOther > 0 && minus + minusOther > 0);
  buffers.mergeContinues =
    plus1 + plus1Other > 0 && minus1 + minus1Other > 0 && plus2 + plus2Other > 0 && minus2 + minus2Other > 0 && plus3 + plus3Other > 0 && minus3 + minus3Other > 0;
  return check === 0 ? 0.5 * (twiceKinetic + twiceKineticOther) : Number.NaN;
}
