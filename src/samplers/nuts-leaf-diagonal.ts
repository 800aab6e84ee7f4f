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
  let twiceKinetic = 0;
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
    for (let k = 0; k < dim; k++) {
      const gradient = logDensityGrad[k]!;
      check += gradient - gradient;
      const kick = halfStep * gradient;
      const p = momentum[k]! + kick;
      const inverseMass = diagonal[k]!;
      const v = inverseMass * p;
      twiceKinetic += p * v;
      sum[k]! += p;
      momentumOut[k] = p;
      const before = momentumBefore[k]!;
      const rho = before + p;
      plus += v * rho;
      minus += inverseMass * before * rho;
      const half = p + kick;
      momentum[k] = half;
      nextPosition[k] = position[k]! + stepSize * inverseMass * half;
    }
    buffers.uTurned = !(plus > 0 && minus > 0);
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
      twiceKinetic += p * v;
      const before = sum[k]!;
      sumOut[k] = before;
      sum[k] = before + p;
      momentumOut[k] = p;
      const half = p + kick;
      momentum[k] = half;
      nextPosition[k] = position[k]! + stepSize * inverseMass * half;
    }
  }
  return check === 0 ? 0.5 * twiceKinetic : Number.NaN;
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
  for (let k = 0; k < momentum.length; k++) {
    const gradient = logDensityGrad[k]!;
    check += gradient - gradient;
    const kick = halfStep * gradient;
    const p = momentum[k]! + kick;
    const inverseMass = diagonal[k]!;
    const v = inverseMass * p;
    twiceKinetic += p * v;
    sum[k] = 0 + p;
    momentumOut[k] = p;
    const half = p + kick;
    momentum[k] = half;
    nextPosition[k] = position[k]! + stepSize * inverseMass * half;
  }
  return check === 0 ? 0.5 * twiceKinetic : Number.NaN;
}


/**
 * diagonalLeaf's pass for an odd leaf that ends its subtree: the leaf's own work, the level-1
 * check, and the checks of the subtree's merge into the trajectory (see LeafBuffers), the
 * three criteria of trajectoryContinues with velocities recomputed from momenta (the same
 * products in the same order, so the same bits as a pass of their own).
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
  let plus = 0;
  let minus = 0;
  // The merge: 1 trajectory + first point a (f, a), 2 subtree + old end o (o, n), 3 both (f, n).
  let plus1 = 0;
  let minus1 = 0;
  let plus2 = 0;
  let minus2 = 0;
  let plus3 = 0;
  let minus3 = 0;
  for (let k = 0; k < momentum.length; k++) {
    const gradient = logDensityGrad[k]!;
    check += gradient - gradient;
    const kick = halfStep * gradient;
    const p = momentum[k]! + kick;
    const inverseMass = diagonal[k]!;
    const v = inverseMass * p;
    twiceKinetic += p * v;
    const extension = sum[k]! + p;
    sum[k] = extension;
    momentumOut[k] = p;
    const before = momentumBefore[k]!;
    const rho = before + p;
    plus += v * rho;
    minus += inverseMass * before * rho;
    const trajectory = trajectorySum[k]!;
    const first = momentumFirst[k]!;
    const old = oldEnd[k]!;
    const extendedTrajectory = trajectory + first;
    const extendedExtension = extension + old;
    const merged = trajectory + extension;
    const velocityFar = inverseMass * farEnd[k]!;
    plus1 += inverseMass * first * extendedTrajectory;
    minus1 += velocityFar * extendedTrajectory;
    plus2 += v * extendedExtension;
    minus2 += inverseMass * old * extendedExtension;
    plus3 += v * merged;
    minus3 += velocityFar * merged;
    trajectorySum[k] = merged;
    const half = p + kick;
    momentum[k] = half;
    nextPosition[k] = position[k]! + stepSize * inverseMass * half;
  }
  buffers.uTurned = !(plus > 0 && minus > 0);
  buffers.mergeContinues = plus1 > 0 && minus1 > 0 && plus2 > 0 && minus2 > 0 && plus3 > 0 && minus3 > 0;
  return check === 0 ? 0.5 * twiceKinetic : Number.NaN;
}
