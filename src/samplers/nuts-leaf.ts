import type { CompiledModel } from '../models/model.js';
import type { Integrator, PhasePoint } from './integrator.js';
import type { ChainState, Metric } from './kernel.js';
import { kineticEnergyGrad } from './metric.js';
import { type Checkpoints, endSlot, startSlot } from './nuts-checkpoints.js';

/**
 * The leaves of a NUTS tree (nuts-tree.ts): one integrator step from a trajectory end, and
 * the leaf's checkpoint for the U-turn checks (nuts-checkpoints.ts), its contribution to the
 * running momentum sum and its kinetic energy, in as few passes over the vectors as the
 * metric and integrator allow.
 */

/**
 * A trajectory end: the point the integrator moves when the trajectory grows that way.
 * On the diagonal-leapfrog path each leaf also makes the next leaf's first half kick and
 * drift (the two half kicks between gradients fused into one, as in the loop of Neal 2011,
 * "MCMC using Hamiltonian dynamics", figure 2), into `nextPosition`, so that the leaf's own
 * position stays readable until it is weighed; the buffers are then swapped. `drifted` says
 * that such a move is pending.
 */
export interface TrajectoryEnd extends PhasePoint {
  position: Float64Array;
  logDensityGrad: Float64Array;
  nextPosition: Float64Array;
  drifted: boolean;
  /**
   * p and M^{-1} p at this end's point (kept between doublings; leaves write checkpoints).
   * A merge swaps them with the checkpoint slots that hold the new end's, rather than copy.
   * The diagonal leapfrog path keeps no velocities (nuts-uturn-diagonal.ts): only p is set.
   */
  restMomentum: Float64Array;
  velocity: Float64Array;
}

/** What the leaves of a subtree write, owned by the tree. */
export interface LeafBuffers {
  readonly checkpoints: Checkpoints;
  /** R: the running sum of the momenta of the subtree being built. */
  readonly extensionSum: Float64Array;
  /** Scratch of length dim (the integrator's velocity; R of odd leaves on the general path). */
  readonly scratch: Float64Array;
  /** The checkpoint slot of leaf 0 (the tree's maximum depth). */
  readonly firstSlot: number;
  /** Set by an odd diagonal leaf: its merge with the leaf before it U-turned. */
  uTurned: boolean;
  /**
   * The trajectory's momentum sum, the rest momentum of its other end, and the index of the
   * subtree's last leaf (set by the tree per subtree): on the diagonal path the last leaf of
   * a subtree of depth ≥ 1 makes the checks of the subtree's merge into the trajectory in
   * its own pass (nuts-uturn.ts trajectoryContinues), into mergeContinues, and adds R into
   * the trajectory's sum. They need nothing drawn after the leaf, so the order of the
   * random draws is unchanged; if the subtree is then rejected, the transition ends and the
   * sum is not read again.
   */
  readonly trajectorySum: Float64Array;
  farEnd: Float64Array;
  lastLeaf: number;
  mergeContinues: boolean;
}

export function makeEnd(dim: number): TrajectoryEnd {
  return {
    position: new Float64Array(dim),
    momentum: new Float64Array(dim),
    logDensityGrad: new Float64Array(dim),
    logDensity: Number.NaN,
    nextPosition: new Float64Array(dim),
    drifted: false,
    restMomentum: new Float64Array(dim),
    velocity: new Float64Array(dim),
  };
}

/** Copies a vector by a loop (TypedArray#set costs more than the copy below ~30 elements). */
export function copyInto(from: Float64Array, to: Float64Array): void {
  if (from.length > 32) to.set(from);
  else for (let k = 0; k < from.length; k++) to[k] = from[k]!;
}

/** The log density at `point.position`, its gradient written into `point.logDensityGrad`. */
function evaluate(model: CompiledModel, point: PhasePoint): number {
  if (model.logDensityAndGradientInto !== undefined) {
    return model.logDensityAndGradientInto(point.position, point.logDensityGrad);
  }
  const evaluated = model.logDensityAndGradient(point.position);
  point.logDensityGrad.set(evaluated.gradient);
  return evaluated.logDensity;
}

/**
 * A leapfrog step with a diagonal metric from the pending drift: the gradient at the new
 * position, then one pass for the second half kick, the velocity, the kinetic energy, the
 * finiteness check of the gradient, the running momentum sum, the leaf's checkpoint (its
 * momentum: velocities are recomputed from it where a check needs them), for
 * an odd leaf the U-turn check of its merge with the leaf before (Stan's level-1 merge,
 * into buffers.uTurned), and the next step's first half kick and drift. Returns the kinetic
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
  end.drifted = true;
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
  end.drifted = true;
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
  end.drifted = true;
  return check === 0 ? 0.5 * twiceKinetic : Number.NaN;
}

/** A step of any integrator and metric, then the leaf's checkpoint (see diagonalLeaf). */
export function integratedLeaf(
  buffers: LeafBuffers,
  model: CompiledModel,
  integrator: Integrator,
  metric: Metric,
  end: TrajectoryEnd,
  leaf: number,
  stepSize: number,
): number {
  if (!integrator.step(model, metric, stepSize, end, buffers.scratch)) return Number.NaN;
  const odd = (leaf & 1) === 1;
  const slot = odd ? endSlot(leaf) : startSlot(leaf, buffers.firstSlot);
  const checkpoints = buffers.checkpoints;
  const momentumOut = (odd ? checkpoints.endMomenta : checkpoints.startMomenta)[slot]!;
  const velocityOut = (odd ? checkpoints.endVelocities : checkpoints.startVelocities)[slot]!;
  const velocity = kineticEnergyGrad(metric, end.momentum, velocityOut);
  const sumOut = odd ? buffers.scratch : checkpoints.startSums[slot]!;
  const { momentum } = end;
  const sum = buffers.extensionSum;
  // R starts at leaf 0 (the buffer is not cleared between subtrees).
  const first = leaf === 0;
  let twiceKinetic = 0;
  for (let k = 0; k < momentum.length; k++) {
    const p = momentum[k]!;
    twiceKinetic += p * velocity[k]!;
    const before = first ? 0 : sum[k]!;
    sumOut[k] = before;
    sum[k] = before + p;
    momentumOut[k] = p;
  }
  return 0.5 * twiceKinetic;
}

/**
 * The first half kick and drift of a leapfrog step from the transition's initial point (an
 * end's first move; the end's own buffers are not set before it), into the end's momentum
 * and nextPosition.
 */
export function kickAndDrift(end: TrajectoryEnd, initial: ChainState, initialMomentum: Float64Array, stepSize: number, diagonal: Float64Array): void {
  const { nextPosition, momentum } = end;
  const { position, logDensityGrad } = initial;
  const halfStep = 0.5 * stepSize;
  for (let k = 0; k < momentum.length; k++) {
    const p = initialMomentum[k]! + halfStep * logDensityGrad[k]!;
    momentum[k] = p;
    nextPosition[k] = position[k]! + stepSize * diagonal[k]! * p;
  }
  end.drifted = true;
}
