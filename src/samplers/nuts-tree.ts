import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';
import { normals } from '../random/ziggurat.js';
import { type Integrator, leapfrog } from './integrator.js';
import type { ChainState, Metric } from './kernel.js';
import { lowerTriangularTimes } from './linalg.js';
import { kineticEnergyGrad } from './metric.js';
import { wasmKernelsEnabled } from '../ad/wasm/support.js';
import { NutsArena } from './nuts-arena.js';
import { type Checkpoints, makeCheckpoints, reserveCheckpoints } from './nuts-checkpoints.js';
import { copyInto, integratedLeaf, type LeafBuffers, makeEnd, type TrajectoryEnd, TreeLeafBuffers } from './nuts-leaf.js';
import { diagonalLeaf } from './nuts-leaf-diagonal.js';
import { beginWasm, type BeginVectors, pointsMergeContinueWasm, subtreesContinueWasm, wasmLeaf } from './nuts-leaf-wasm.js';
import { pointsMergeContinue, subtreesContinue, trajectoryContinues } from './nuts-uturn.js';
import { pointsMergeContinueDiagonal, subtreesContinueDiagonal } from './nuts-uturn-diagonal.js';

/**
 * One NUTS transition as Stan's `base_nuts` computes it — Hoffman & Gelman 2014 (tree
 * doubling) with Betancourt 2017, "A Conceptual Introduction to Hamiltonian Monte Carlo",
 * appendix A: multinomial sampling, biased progressive sampling between the trajectory and
 * each new subtree, the generalised no-U-turn criterion and Stan's two extra checks across
 * each merge (nuts-uturn.ts) — written as loops over buffers allocated once per kernel and
 * dimension, nothing allocated per transition or step:
 *   - each doubling is built leaf by leaf from the trajectory's end, in place, and the U-turn
 *     checks of Stan's recursion run after the leaves that complete its subtrees, from
 *     per-leaf checkpoints (nuts-checkpoints.ts), in the recursion's order;
 *   - the multinomial draw inside a subtree is made progressively, leaf by leaf: leaf j
 *     replaces the candidate with probability w_j / (w_0 + … + w_j), which gives the same
 *     distribution as Stan's merge-by-merge draw (each leaf in the end with probability
 *     w_j / Σw) while moving a leaf only when it is taken (about ln n times in n leaves;
 *     on the diagonal leapfrog path by swapping buffers, not copying);
 *   - weights are kept as exp(H0 − H − shift) with a shift raised when an exponent would
 *     overflow, so one exp per leaf gives both the weight and Stan's acceptance statistic;
 *   - with a diagonal metric and leapfrog, a leaf is the gradient and one pass over the
 *     vectors (nuts-leaf-diagonal.ts diagonalLeaf: the second half kick, the checkpoint, the
 *     momentum sum, the kinetic energy, the finiteness check, the innermost U-turn check and
 *     the next step's first half kick and drift; a subtree's last leaf also checks the
 *     subtree's merge into the trajectory), velocities recomputed from momenta where a check
 *     needs them (nuts-uturn-diagonal.ts); other integrators and the dense metric take the
 *     integrator's step and then one such pass, with stored velocities.
 * Where leapfrog's WebAssembly kernels run (src/ad/wasm/support.ts; `configure({ wasm: false })`
 * turns them off), the diagonal leapfrog path's vector work runs there instead
 * (nuts-leaf-wasm.ts, assembly/nuts.ts), over vectors that all live in the tree's arena
 * (nuts-arena.ts), with the same bits as the JavaScript leaves.
 * The buffers carry nothing from one transition to the next that is read before it is
 * written (they are swapped among the ends, candidates and checkpoint slots, whose contents
 * each transition writes first), so chains may share a tree.
 */

/** A sampled point, kept by swapping buffers between `sample` and `proposal` (with their addresses: TrajectoryEnd). */
interface Candidate {
  position: Float64Array;
  logDensityGrad: Float64Array;
  logDensity: number;
  kinetic: number;
  positionAddress: number;
  gradientAddress: number;
}

/** Largest weight exponent before the shift is raised (exp(709) is the largest double). */
const MAX_WEIGHT_EXPONENT = 600;

function makeCandidate(vector: () => Float64Array): Candidate {
  const position = vector();
  const logDensityGrad = vector();
  return {
    position,
    logDensityGrad,
    logDensity: Number.NaN,
    kinetic: Number.NaN,
    positionAddress: position.byteOffset,
    gradientAddress: logDensityGrad.byteOffset,
  };
}

/**
 * The smallest dimension whose diagonal leaves run in WebAssembly. Below it the kernels save
 * little per step (10-d: level within noise) and the path costs a small model's 4 × (1000 +
 * 1000) ~20% more CPU in a fresh process (eight schools: 0.21–0.27 against 0.16–0.20 s,
 * alternated), V8 optimising the JavaScript around two kinds of vectors. Both paths give the
 * same draws bit for bit, so this changes no result; tests lower it to cover the kernels at
 * every size.
 */
let webAssemblyMinimumDim = 32;

/** Sets the smallest dimension whose leaves run in WebAssembly (tests); returns the previous one. */
export function setWebAssemblyMinimumDim(dim: number): number {
  const previous = webAssemblyMinimumDim;
  webAssemblyMinimumDim = dim;
  return previous;
}

/** The arena's vectors for a tree of maxDepth doublings: its ends, candidates, sums, draws, scales and checkpoints. */
const arenaVectors = (maxDepth: number): number => 2 * 5 + 2 * 2 + 5 + 3 * (maxDepth + 1);

/** The buffers and running totals of NUTS transitions in `dim` dimensions (one per kernel and dim). */
export class NutsTree {
  private readonly forward: TrajectoryEnd;
  private readonly backward: TrajectoryEnd;
  private sample: Candidate;
  private proposal: Candidate;
  private readonly trajectorySum: Float64Array;
  /** R: the running sum of the momenta of the subtree being built. */
  private readonly extensionSum: Float64Array;
  private readonly leafBuffers: LeafBuffers;
  /** Standard normal draws (dense metric) and the integrator's velocity scratch. */
  private readonly scratch: Float64Array;
  private readonly checkpoints: Checkpoints;
  /** The deepest subtree the checkpoint slots have been reserved for. */
  private reservedDepth = -1;
  /** The momentum drawn at the initial point (diagonal metric). */
  private readonly initialMomentum: Float64Array;
  /** 1/sqrt(M^{-1}_ii) of the last diagonal metric seen, to draw momenta without a sqrt each. */
  private readonly momentumScale: Float64Array;
  /** The M^{-1}_ii that momentumScale was computed from. */
  private readonly scaledDiagonal: Float64Array;
  /** The memory of the WebAssembly path (null: the JavaScript leaves run), and what its begin writes. */
  private readonly arena: NutsArena | null;
  private readonly beginVectors: BeginVectors;

  // The transition in progress (set by `transition`).
  private model: CompiledModel | null = null;
  private rng: Rng | null = null;
  private metric: Metric | null = null;
  private integrator: Integrator = leapfrog;
  private diagonal: Float64Array | null = null;
  private maxEnergyError = 0;
  private initialEnergy = 0;
  private weightShift = 0;
  private trajectoryWeight = 0;
  private extensionWeight = 0;

  // What the transition reports (read after `transition`).
  numLeaves = 0;
  sumAcceptProb = 0;
  isDivergent = false;
  isNonFinite = false;
  depth = 0;
  /** Whether the sampled point is not the initial state (then it is in `sampled*`). */
  moved = false;

  constructor(
    readonly dim: number,
    private readonly maxDepth: number,
  ) {
    const arena = wasmKernelsEnabled() && dim >= webAssemblyMinimumDim ? NutsArena.create(dim, arenaVectors(maxDepth)) : null;
    this.arena = arena;
    const vector = arena === null ? () => new Float64Array(dim) : () => arena.vector();
    const pointVector = arena === null ? vector : () => arena.pointVector();
    this.forward = makeEnd(dim, vector, pointVector);
    this.backward = makeEnd(dim, vector, pointVector);
    this.sample = makeCandidate(pointVector);
    this.proposal = makeCandidate(pointVector);
    this.trajectorySum = vector();
    this.extensionSum = vector();
    this.scratch = new Float64Array(dim);
    this.initialMomentum = vector();
    this.momentumScale = vector();
    this.scaledDiagonal = vector(); // 0: never a valid M^{-1}_ii
    this.checkpoints = makeCheckpoints(maxDepth);
    this.beginVectors = {
      initialMomentum: this.initialMomentum,
      momentumScale: this.momentumScale,
      scaledDiagonal: this.scaledDiagonal,
      trajectorySum: this.trajectorySum,
      forward: this.forward,
      backward: this.backward,
    };
    if (arena !== null) {
      // Every slot now: the arena's memory must not grow once a chain holds its views.
      reserveCheckpoints(this.checkpoints, maxDepth - 1, dim, vector);
      this.reservedDepth = maxDepth - 1;
    }
    this.leafBuffers = new TreeLeafBuffers(this.checkpoints, this.extensionSum, this.scratch, this.trajectorySum, maxDepth);
  }

  /** Whether the diagonal leapfrog path runs in WebAssembly here (it has an arena): for tests and benchmarks. */
  get webAssembly(): boolean {
    return this.arena !== null;
  }

  /** The sampled point's position, gradient and log density (valid while `moved`). */
  get sampledPosition(): Float64Array {
    return this.sample.position;
  }
  get sampledLogDensityGrad(): Float64Array {
    return this.sample.logDensityGrad;
  }
  get sampledLogDensity(): number {
    return this.sample.logDensity;
  }
  /** The Hamiltonian at the sampled point (Stan's energy__). */
  get energy(): number {
    return this.moved ? this.sample.kinetic - this.sample.logDensity : this.initialEnergy;
  }

  /** One transition from `state`; the results are in this tree's fields until the next. */
  transition(
    rng: Rng,
    model: CompiledModel,
    state: ChainState,
    metric: Metric,
    stepSize: number,
    integrator: Integrator,
    maxEnergyError: number,
  ): void {
    this.rng = rng;
    this.model = model;
    this.metric = metric;
    this.integrator = integrator;
    this.diagonal = metric.kind === 'diag' && integrator === leapfrog ? (this.arena === null ? metric.inverseMassDiag : this.arena.diagonal) : null;
    this.maxEnergyError = maxEnergyError;
    this.numLeaves = 0;
    this.sumAcceptProb = 0;
    this.isDivergent = false;
    this.isNonFinite = false;
    this.moved = false;
    this.begin(state, stepSize);
    let depth = 0;
    while (depth < this.maxDepth) {
      const forward = rng.uniform() > 0.5;
      const end = forward ? this.forward : this.backward;
      if (depth > this.reservedDepth) {
        reserveCheckpoints(this.checkpoints, depth, this.dim);
        this.reservedDepth = depth;
      }
      if (!this.extend(end, forward ? this.backward : this.forward, depth, forward ? stepSize : -stepSize)) break;
      depth += 1;
      // Biased progressive sampling: the subtree's candidate with probability min(1, w_new / w_old).
      if (this.extensionWeight > this.trajectoryWeight || rng.uniform() < this.extensionWeight / this.trajectoryWeight) {
        const previous = this.sample;
        this.sample = this.proposal;
        this.proposal = previous;
        this.moved = true;
      }
      this.trajectoryWeight += this.extensionWeight;
      if (!this.merge(end, forward ? this.backward : this.forward, depth - 1)) break;
    }
    this.depth = depth;
  }

  /** Both ends at the state with a fresh momentum; the trajectory is that one point. */
  private begin(state: ChainState, stepSize: number): void {
    const metric = this.metric!;
    const twiceKinetic =
      metric.kind !== 'diag'
        ? this.beginDense(state, metric)
        : this.arena !== null && this.diagonal !== null
          ? beginWasm(this.arena, this.rng!, state, metric.inverseMassDiag, this.beginVectors, stepSize)
          : this.beginDiagonal(state, metric.inverseMassDiag, stepSize);
    this.forward.logDensity = state.logDensity;
    this.backward.logDensity = state.logDensity;
    const energy = 0.5 * twiceKinetic - state.logDensity;
    this.initialEnergy = Number.isNaN(energy) ? Number.POSITIVE_INFINITY : energy;
    this.weightShift = 0;
    this.trajectoryWeight = 1; // exp(H0 − H0)
  }

  /**
   * begin with a diagonal metric in one pass after the normal draws: p = z / sqrt(M^{-1}_ii)
   * (the square root only where the metric changed: a new window's metric, seen by value, so
   * a metric's array changed in place is seen too) into initialMomentum, both ends' momenta
   * at rest, the trajectory's momentum sum, and p · M^{-1} p, which it returns. On the
   * diagonal leapfrog path the same pass makes both ends' first half kick and drift (what a
   * leaf does for the next; the ends' positions and gradients at rest are never needed, so
   * they are not copied), forward with +stepSize and backward with −stepSize, the same
   * expressions as a leaf's; most transitions extend both ends. Velocities are not stored
   * (the U-turn checks recompute M^{-1} p from p). Other integrators move the ends from their
   * own buffers and check with stored velocities, so those are set.
   */
  private beginDiagonal(state: ChainState, diagonal: Float64Array, stepSize: number): number {
    const { forward, backward, momentumScale: scale, scaledDiagonal: scaled, trajectorySum } = this;
    const momentum = normals(this.rng!, this.initialMomentum);
    const forwardRest = forward.restMomentum;
    const backwardRest = backward.restMomentum;
    const drift = this.diagonal !== null;
    const { position, logDensityGrad } = state;
    const forwardMomentum = forward.momentum;
    const backwardMomentum = backward.momentum;
    const forwardNext = forward.nextPosition;
    const backwardNext = backward.nextPosition;
    const backwardStep = -stepSize;
    const forwardHalf = 0.5 * stepSize;
    const backwardHalf = 0.5 * backwardStep;
    let twiceKinetic = 0;
    let twiceKineticOther = 0; // two lanes, as the leaves' sums (nuts-leaf-diagonal.ts)
    for (let k = 0; k < momentum.length; k++) {
      const inverseMass = diagonal[k]!;
      if (inverseMass !== scaled[k]) {
        scaled[k] = inverseMass;
        scale[k] = 1 / Math.sqrt(inverseMass);
      }
      const p = momentum[k]! * scale[k]!;
      const v = inverseMass * p;
      momentum[k] = p;
      forwardRest[k] = p;
      backwardRest[k] = p;
      trajectorySum[k] = p;
      const kinetic = twiceKinetic + p * v;
      twiceKinetic = twiceKineticOther;
      twiceKineticOther = kinetic;
      if (drift) {
        const x = position[k]!;
        const gradient = logDensityGrad[k]!;
        const forwardHalfKicked = p + forwardHalf * gradient;
        forwardMomentum[k] = forwardHalfKicked;
        forwardNext[k] = x + stepSize * inverseMass * forwardHalfKicked;
        const backwardHalfKicked = p + backwardHalf * gradient;
        backwardMomentum[k] = backwardHalfKicked;
        backwardNext[k] = x + backwardStep * inverseMass * backwardHalfKicked;
      }
    }
    if (!drift) {
      for (const end of [forward, backward]) {
        copyInto(state.position, end.position);
        copyInto(state.logDensityGrad, end.logDensityGrad);
        copyInto(momentum, end.momentum);
        kineticEnergyGrad(this.metric!, momentum, end.velocity);
      }
    }
    return twiceKinetic + twiceKineticOther;
  }

  /** begin with a dense metric: p = L z with M = L L', then the copies; returns p · M^{-1} p. */
  private beginDense(state: ChainState, metric: Metric): number {
    const { forward, backward } = this;
    if (metric.kind !== 'dense') throw new Error('NutsTree.beginDense: the metric is not dense');
    lowerTriangularTimes(metric.massCholesky, normals(this.rng!, this.scratch), forward.momentum);
    copyInto(state.position, forward.position);
    copyInto(state.logDensityGrad, forward.logDensityGrad);
    copyInto(state.position, backward.position);
    copyInto(state.logDensityGrad, backward.logDensityGrad);
    copyInto(forward.momentum, backward.momentum);
    copyInto(forward.momentum, forward.restMomentum);
    copyInto(forward.momentum, backward.restMomentum);
    const velocity = kineticEnergyGrad(metric, forward.momentum, forward.velocity);
    let twiceKinetic = 0;
    for (let k = 0; k < velocity.length; k++) twiceKinetic += forward.momentum[k]! * velocity[k]!;
    copyInto(velocity, backward.velocity);
    copyInto(forward.momentum, this.trajectorySum);
    return twiceKinetic;
  }

  /**
   * Stan's build_tree for 2^depth leaves from `end` (moved in place) with signed `stepSize`,
   * leaf by leaf. Returns false as soon as a leaf diverges or a merge U-turns (the subtree is
   * then discarded); otherwise the subtree's weight, candidate and momentum sum are in
   * extensionWeight, proposal and extensionSum.
   */
  private extend(end: TrajectoryEnd, farEnd: TrajectoryEnd, depth: number, stepSize: number): boolean {
    const leaves = 1 << depth;
    const diagonal = this.diagonal;
    const arena = this.arena;
    const model = this.model!;
    const leafBuffers = this.leafBuffers;
    // The last leaf of a subtree of depth ≥ 1 makes its merge's checks (diagonal path).
    leafBuffers.lastLeaf = depth === 0 ? -1 : leaves - 1;
    leafBuffers.farEnd = farEnd.restMomentum;
    for (let leaf = 0; leaf < leaves; leaf++) {
      if (arena !== null && diagonal !== null) {
        const kinetic = wasmLeaf(arena, leafBuffers, model, end, leaf, stepSize);
        if (!this.weigh(end, leaf, kinetic, true)) return false;
        if ((leaf & 1) === 1 && (leafBuffers.uTurned || !subtreesContinueWasm(arena, this.checkpoints, this.extensionSum, leaf))) return false;
      } else if (diagonal !== null) {
        const kinetic = diagonalLeaf(leafBuffers, model, end, leaf, stepSize, diagonal);
        // An odd leaf's pass also checked the merge with the leaf before it (into uTurned).
        if (!this.weigh(end, leaf, kinetic, true)) return false;
        if ((leaf & 1) === 1 && (leafBuffers.uTurned || !subtreesContinueDiagonal(this.checkpoints, this.extensionSum, leaf, diagonal))) return false;
      } else {
        const kinetic = integratedLeaf(leafBuffers, model, this.integrator, this.metric!, end, leaf, stepSize);
        if (!this.weigh(end, leaf, kinetic, false)) return false;
        if ((leaf & 1) === 1 && !subtreesContinue(this.checkpoints, this.extensionSum, leaf)) return false;
      }
    }
    return true;
  }

  /**
   * The leaf's weight exp(H0 − H) (Stan: NaN energy is infinite), its acceptance probability
   * min(1, exp(H0 − H)) into the statistic, and the progressive multinomial draw. Returns false
   * if the leaf ends the tree: not finite, or an energy error above maxEnergyError.
   * A leaf taken is swapped into `proposal` when `swap` (the diagonal leapfrog path, whose
   * next leaf writes the end's position and gradient before reading them), else copied.
   */
  private weigh(end: TrajectoryEnd, leaf: number, kinetic: number, swap: boolean): boolean {
    this.numLeaves += 1;
    if (Number.isNaN(kinetic)) {
      this.isNonFinite = true;
      return false;
    }
    const energyDrop = this.initialEnergy - (kinetic - end.logDensity);
    const logWeight = Number.isNaN(energyDrop) ? Number.NEGATIVE_INFINITY : energyDrop;
    if (!(-logWeight <= this.maxEnergyError)) {
      this.isDivergent = true;
      this.sumAcceptProb += Math.exp(logWeight);
      return false;
    }
    let exponent = logWeight - this.weightShift;
    if (exponent > MAX_WEIGHT_EXPONENT) {
      // Rescale every weight so far: they are only ever compared with each other.
      const factor = Math.exp(-exponent);
      this.trajectoryWeight *= factor;
      this.extensionWeight *= factor;
      this.weightShift = logWeight;
      exponent = 0;
    }
    const weight = Math.exp(exponent);
    if (this.weightShift === 0) this.sumAcceptProb += weight < 1 ? weight : 1;
    else this.sumAcceptProb += logWeight > 0 ? 1 : Math.exp(logWeight);
    if (leaf === 0) {
      this.extensionWeight = weight;
    } else {
      this.extensionWeight += weight;
      if (!(this.rng!.uniform() < weight / this.extensionWeight)) return true;
    }
    const proposal = this.proposal;
    if (swap) {
      const position = proposal.position;
      const gradient = proposal.logDensityGrad;
      proposal.position = end.position;
      proposal.logDensityGrad = end.logDensityGrad;
      end.position = position;
      end.logDensityGrad = gradient;
      const positionAddress = proposal.positionAddress;
      const gradientAddress = proposal.gradientAddress;
      proposal.positionAddress = end.positionAddress;
      proposal.gradientAddress = end.gradientAddress;
      end.positionAddress = positionAddress;
      end.gradientAddress = gradientAddress;
    } else {
      copyInto(end.position, proposal.position);
      copyInto(end.logDensityGrad, proposal.logDensityGrad);
    }
    proposal.logDensity = end.logDensity;
    proposal.kinetic = kinetic;
    return true;
  }

  /**
   * Merges the subtree just built at `end` (of `depth` doublings) into the trajectory and
   * checks the U-turn criteria across the merge; the far end is the trajectory's other end.
   */
  private merge(end: TrajectoryEnd, farEnd: TrajectoryEnd, depth: number): boolean {
    const { startMomenta, startVelocities, endMomenta, endVelocities } = this.checkpoints;
    const first = this.maxDepth;
    const diagonal = this.diagonal;
    const newMomentum = depth === 0 ? startMomenta[first]! : endMomenta[depth]!;
    // The first doubling merges two single points: both extra checks are then the merged
    // criterion term for term (nuts-uturn.ts pointsContinue), so only it is computed.
    let continues: boolean;
    if (diagonal !== null) {
      continues =
        depth !== 0
          ? this.leafBuffers.mergeContinues
          : this.arena !== null
            ? pointsMergeContinueWasm(this.arena, this.trajectorySum, this.extensionSum, end.restMomentum, newMomentum)
            : pointsMergeContinueDiagonal(this.trajectorySum, this.extensionSum, end.restMomentum, newMomentum, diagonal); // checked by the subtree's last leaf (nuts-leaf.ts mergingLeaf)
    } else {
      const newVelocity = depth === 0 ? startVelocities[first]! : endVelocities[depth]!;
      continues =
        depth === 0
          ? pointsMergeContinue(this.trajectorySum, this.extensionSum, end.velocity, newVelocity)
          : trajectoryContinues(
              this.trajectorySum,
              this.extensionSum,
              startMomenta[first]!,
              startVelocities[first]!,
              end.restMomentum,
              end.velocity,
              farEnd.velocity,
              newVelocity,
            );
      const velocitySlots = depth === 0 ? startVelocities : endVelocities;
      velocitySlots[depth === 0 ? first : depth] = end.velocity;
      end.velocity = newVelocity;
    }
    // The new end's p (and v) move to the end by swapping buffers with their slots, which
    // the next doubling's leaves write before any check reads them.
    const momentumSlots = depth === 0 ? startMomenta : endMomenta;
    momentumSlots[depth === 0 ? first : depth] = end.restMomentum;
    end.restMomentum = newMomentum;
    return continues;
  }
}
