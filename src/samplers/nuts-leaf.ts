import type { CompiledModel } from '../models/model.js';
import type { Integrator, PhasePoint } from './integrator.js';
import type { Metric } from './kernel.js';
import { kineticEnergyGrad } from './metric.js';
import { type Checkpoints, endSlot, startSlot } from './nuts-checkpoints.js';

/**
 * The leaves of a NUTS tree (nuts-tree.ts): one integrator step from a trajectory end, and
 * the leaf's checkpoint for the U-turn checks (nuts-checkpoints.ts), its contribution to the
 * running momentum sum and its kinetic energy, in as few passes over the vectors as the
 * metric and integrator allow: here what every path shares and the general path (any
 * integrator, any metric); the diagonal leapfrog path's leaves are in nuts-leaf-diagonal.ts.
 */

/**
 * A trajectory end: the point the integrator moves when the trajectory grows that way.
 * On the diagonal-leapfrog path each leaf also makes the next leaf's first half kick and
 * drift (the two half kicks between gradients fused into one, as in the loop of Neal 2011,
 * "MCMC using Hamiltonian dynamics", figure 2), into `nextPosition`, so that the leaf's own
 * position stays readable until it is weighed; the buffers are then swapped. The first such
 * move of each end is made when the transition begins (nuts-tree.ts beginDiagonal).
 */
export interface TrajectoryEnd extends PhasePoint {
  position: Float64Array;
  logDensityGrad: Float64Array;
  nextPosition: Float64Array;
  /**
   * p and M^{-1} p at this end's point (kept between doublings; leaves write checkpoints).
   * A merge swaps them with the checkpoint slots that hold the new end's, rather than copy.
   * The diagonal leapfrog path keeps no velocities (nuts-uturn-diagonal.ts): only p is set.
   */
  restMomentum: Float64Array;
  velocity: Float64Array;
  /**
   * Where position, nextPosition and logDensityGrad are in a NUTS arena's memory
   * (nuts-arena.ts), swapped with them; 0 without an arena. Those three are the vectors the
   * model reads and writes, so they are plain Float64Array views, not ArenaVectors: a
   * gradient that sees two classes of array runs its loads polymorphic (~30% slower at 100-d).
   */
  positionAddress: number;
  nextPositionAddress: number;
  gradientAddress: number;
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

/**
 * The tree's LeafBuffers. A class rather than an object literal because of V8's field types:
 * a literal's field that first holds an object records that object's class, and the same
 * literal evaluated again (the next chain's tree) generalises it, which throws away every
 * optimised function that relied on it (the leaves, extend) just as that chain starts. A
 * class's declared fields start undefined, so their type is general from the outset.
 */
export class TreeLeafBuffers implements LeafBuffers {
  readonly checkpoints: Checkpoints;
  readonly extensionSum: Float64Array;
  readonly scratch: Float64Array;
  readonly firstSlot: number;
  uTurned = false;
  readonly trajectorySum: Float64Array;
  farEnd: Float64Array;
  lastLeaf = -1;
  mergeContinues = false;

  constructor(checkpoints: Checkpoints, extensionSum: Float64Array, scratch: Float64Array, trajectorySum: Float64Array, firstSlot: number) {
    this.checkpoints = checkpoints;
    this.extensionSum = extensionSum;
    this.scratch = scratch;
    this.firstSlot = firstSlot;
    this.trajectorySum = trajectorySum;
    this.farEnd = trajectorySum;
  }
}

/**
 * An end with its vectors from `vector` (plain arrays, or a NUTS arena's views) and the
 * model's from `pointVector`; the velocity a plain array.
 */
export function makeEnd(
  dim: number,
  vector: () => Float64Array = () => new Float64Array(dim),
  pointVector: () => Float64Array = vector,
): TrajectoryEnd {
  const position = pointVector();
  const logDensityGrad = pointVector();
  const nextPosition = pointVector();
  return {
    position,
    momentum: vector(),
    logDensityGrad,
    logDensity: Number.NaN,
    nextPosition,
    restMomentum: vector(),
    velocity: new Float64Array(dim),
    positionAddress: position.byteOffset,
    nextPositionAddress: nextPosition.byteOffset,
    gradientAddress: logDensityGrad.byteOffset,
  };
}

/** Copies a vector by a loop (TypedArray#set costs more than the copy below ~30 elements). */
export function copyInto(from: Float64Array, to: Float64Array): void {
  if (from.length > 32) to.set(from);
  else for (let k = 0; k < from.length; k++) to[k] = from[k]!;
}

/** The log density at `point.position`, its gradient written into `point.logDensityGrad`. */
export function evaluate(model: CompiledModel, point: PhasePoint): number {
  if (model.logDensityAndGradientInto !== undefined) {
    return model.logDensityAndGradientInto(point.position, point.logDensityGrad);
  }
  const evaluated = model.logDensityAndGradient(point.position);
  point.logDensityGrad.set(evaluated.gradient);
  return evaluated.logDensity;
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
