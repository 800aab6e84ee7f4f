import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';
import type { Kernel, Metric, TransitionInfo } from './kernel.js';
import { checkGradientStep, initGradientState } from './chain-state.js';
import {
  chainStateAt,
  copyPhasePoint,
  hamiltonian,
  leapfrog,
  makePhasePoint,
  type Integrator,
  type PhasePoint,
} from './integrator.js';
import { kineticEnergyGrad, sampleMomentum } from './metric.js';

/**
 * The No-U-Turn sampler with multinomial sampling, as Stan's `base_nuts` transition:
 * Hoffman & Gelman 2014 (tree doubling) with the changes of Betancourt 2017, "A Conceptual
 * Introduction to Hamiltonian Monte Carlo", appendix A: multinomial instead of slice
 * sampling, biased progressive sampling between the old trajectory and each new subtree,
 * uniform progressive sampling inside subtrees, and the generalised no-U-turn criterion on
 * rho = sum of momenta with p_sharp = M^{-1} p at the ends. It adds the two extra checks
 * across each merge that Stan adopted in 2019 (after the Stan forum report "NUTS misses
 * U-turns, runs in circles until max treedepth"): the U-turn criterion must also hold for the first
 * subtree extended by the first point of the second, and for the second extended by the last
 * point of the first, which catches U-turns that fall between two subtrees.
 */

export interface NutsOptions {
  /** Maximum number of doublings (Stan's max_depth, default 10: at most 2^10 - 1 steps). */
  readonly maxTreeDepth?: number;
  /** Energy error H - H0 above which a step is divergent and the doubling stops (1000). */
  readonly maxEnergyError?: number;
  /** Default leapfrog. */
  readonly integrator?: Integrator;
}

/**
 * What a finished subtree tells its parent. `beg` and `end` are its first and last points in
 * the direction it was built; the U-turn criterion is symmetric, so the order suffices.
 */
interface SubtreeEnds {
  readonly momentumBeg: Float64Array;
  readonly velocityBeg: Float64Array;
  readonly momentumEnd: Float64Array;
  readonly velocityEnd: Float64Array;
  /** Sum of the momenta of all its points (the rho of Betancourt 2017, appendix A). */
  readonly rho: Float64Array;
}

interface Subtree extends SubtreeEnds {
  /** The point multinomially sampled from the subtree. Swapped, not copied, between the
   *  workspace's points when a merge picks it (every point buffer has one holder at a time). */
  proposal: PhasePoint;
  /** log of the sum over its points of exp(H0 - H). */
  logSumWeight: number;
}

/**
 * Every buffer a transition needs, allocated once per kernel and dimension and reused by
 * every transition: allocating them per transition cost about a fifth of the time on a cheap
 * 100-d density. Nothing in it carries over from one transition to the next (each buffer is
 * written before it is read), so chains that share a kernel in one thread may interleave
 * their steps; the state a step returns is always a fresh copy, never one of these buffers.
 */
interface NutsWorkspace {
  /** The initial point with the momentum drawn for this transition. */
  readonly start: PhasePoint;
  /** The point the integrator moves while a subtree is built. */
  readonly current: PhasePoint;
  readonly forwardEnd: PhasePoint;
  readonly backwardEnd: PhasePoint;
  /** The point chosen so far by biased progressive sampling, once it is not `start`
   *  (swapped with the chosen subtree's proposal, like a proposal). */
  sample: PhasePoint;
  readonly velocity: Float64Array;
  readonly rhoScratch: Float64Array;
  /** The whole trajectory, oriented forward in time (its sample is kept in `sample`). */
  readonly trajectory: SubtreeEnds & { logSumWeight: number };
  /** The subtree built by the current doubling, and the same buffers read backward in time. */
  readonly extension: Subtree;
  readonly reversedExtension: SubtreeEnds;
  /** levels[d] holds the two halves of a subtree of depth d + 1 (allocated on first use,
   *  so a shallow tree allocates little even with a large maxTreeDepth). */
  readonly levels: { readonly first: Subtree; readonly second: Subtree }[];
}

/**
 * Per-transition settings and running totals (Stan's n_leapfrog, sum_metro_prob,
 * divergent_), over the shared workspace. Created and mutated only inside one `step`.
 */
interface TreeBuilder {
  readonly rng: Rng;
  readonly model: CompiledModel;
  readonly metric: Metric;
  readonly stepSize: number;
  readonly integrator: Integrator;
  readonly maxEnergyError: number;
  readonly initialEnergy: number;
  readonly workspace: NutsWorkspace;
  numLeaves: number;
  sumAcceptProb: number;
  /** An energy error above maxEnergyError at finite values (Stan's divergent_). */
  isDivergent: boolean;
  /** A leaf whose log density or gradient was not finite (Stan counts it as divergent). */
  isNonFinite: boolean;
}

export function buildNutsKernel(options: NutsOptions = {}): Kernel {
  const maxTreeDepth = options.maxTreeDepth ?? 10;
  const maxEnergyError = options.maxEnergyError ?? 1000;
  const integrator = options.integrator ?? leapfrog;
  if (!Number.isInteger(maxTreeDepth) || maxTreeDepth < 1) {
    throw new Error(`buildNutsKernel: maxTreeDepth is ${maxTreeDepth}, but must be a positive integer`);
  }
  if (!(maxEnergyError > 0)) {
    throw new Error(`buildNutsKernel: maxEnergyError is ${maxEnergyError}, but must be positive`);
  }
  // The one mutable thing a kernel owns: scratch buffers by dimension (see NutsWorkspace).
  // It holds no chain state, so `step` stays a function of (rng, model, state, parameters).
  const workspaces = new Map<number, NutsWorkspace>();
  const workspaceFor = (dim: number): NutsWorkspace => {
    let workspace = workspaces.get(dim);
    if (workspace === undefined) {
      workspace = makeWorkspace(dim);
      workspaces.set(dim, workspace);
    }
    return workspace;
  };
  return {
    init: (model, position) => initGradientState(model, position, 'nuts.init'),
    step: (rng, model, state, parameters) => {
      checkGradientStep(model, state, parameters, 'nuts.step');
      const { metric, stepSize } = parameters;
      const workspace = workspaceFor(model.dim);
      const { start, velocity } = workspace;
      start.position.set(state.position);
      start.logDensityGrad.set(state.logDensityGrad);
      start.logDensity = state.logDensity;
      sampleMomentum(rng, metric, start.momentum);
      const tree: TreeBuilder = {
        rng,
        model,
        metric,
        stepSize,
        integrator,
        maxEnergyError,
        initialEnergy: hamiltonian(metric, start, velocity),
        workspace,
        numLeaves: 0,
        sumAcceptProb: 0,
        isDivergent: false,
        isNonFinite: false,
      };
      const { depth, movedFromStart } = sampleTrajectory(tree, maxTreeDepth);
      const sample = movedFromStart ? workspace.sample : start;
      const info: TransitionInfo = {
        // Stan: the mean over every point built, including those of a rejected last subtree.
        acceptStat: tree.numLeaves > 0 ? tree.sumAcceptProb / tree.numLeaves : 0,
        isDivergent: tree.isDivergent,
        isNonFinite: tree.isNonFinite,
        energy: hamiltonian(metric, sample, velocity),
        numSteps: tree.numLeaves * integrator.gradientEvaluationsPerStep,
        treeDepth: depth,
      };
      // chainStateAt copies: the returned state must survive the next step's reuse of `sample`.
      return [movedFromStart ? chainStateAt(sample) : state, info] as const;
    },
  };
}

/**
 * Stan's `transition` loop: double the trajectory in a random direction until the new
 * subtree is invalid (divergent or internally U-turned), the merged trajectory U-turns, or
 * the depth limit is reached. The whole trajectory is kept as a subtree oriented forward in
 * time (beg = backward end, end = forward end). Leaves the sampled point in
 * `workspace.sample` if it is not the start, and returns the number of successful doublings
 * (Stan's treedepth__).
 */
function sampleTrajectory(tree: TreeBuilder, maxTreeDepth: number): { depth: number; movedFromStart: boolean } {
  const { workspace } = tree;
  const { start, current, forwardEnd, backwardEnd, trajectory, extension } = workspace;
  // The sample is kept apart from the trajectory's ends: it is drawn by biased progressive
  // sampling, unlike a subtree's proposal.
  recordLeaf(tree, start, trajectory);
  trajectory.logSumWeight = 0; // log exp(H0 - H0)
  copyPhasePoint(start, forwardEnd);
  copyPhasePoint(start, backwardEnd);
  let movedFromStart = false;
  let depth = 0;
  while (depth < maxTreeDepth) {
    const forward = tree.rng.uniform() > 0.5;
    const end = forward ? forwardEnd : backwardEnd;
    copyPhasePoint(end, current);
    const valid = buildTree(tree, depth, forward ? 1 : -1, extension);
    copyPhasePoint(current, end);
    if (!valid) break;
    depth += 1;

    // Biased progressive sampling (Betancourt 2017, appendix A): take the new subtree's
    // proposal with probability min(1, w_new / w_old), which favours points far from the
    // start while leaving the target invariant.
    if (
      extension.logSumWeight > trajectory.logSumWeight ||
      tree.rng.uniform() < Math.exp(extension.logSumWeight - trajectory.logSumWeight)
    ) {
      movedFromStart = true;
      const previous = workspace.sample;
      workspace.sample = extension.proposal;
      extension.proposal = previous;
    }
    trajectory.logSumWeight = logAddExp(trajectory.logSumWeight, extension.logSumWeight);

    // Merge in time order: a backward extension precedes the old trajectory, read reversed.
    const singlePoints = depth === 1; // the start and a one-step extension
    const continues = forward
      ? mergeEnds(trajectory, extension, trajectory, singlePoints)
      : mergeEnds(workspace.reversedExtension, trajectory, trajectory, singlePoints);
    if (!continues) break;
  }
  return { depth, movedFromStart };
}

/**
 * Stan's `build_tree`: 2^depth steps from `workspace.current` in `direction`, summarised into
 * `out`. Returns false if the subtree is invalid (a divergence, or a U-turn inside it), in
 * which case `out` is incomplete and the caller discards it.
 */
function buildTree(tree: TreeBuilder, depth: number, direction: 1 | -1, out: Subtree): boolean {
  if (depth === 0) return takeStep(tree, direction, out);
  const { first, second } = levelBuffers(tree, depth - 1);
  if (!buildTree(tree, depth - 1, direction, first)) return false;
  if (!buildTree(tree, depth - 1, direction, second)) return false;

  // Uniform progressive sampling inside a subtree (Betancourt 2017, appendix A): the second half
  // is chosen with probability w_second / (w_first + w_second), a multinomial draw overall.
  out.logSumWeight = logAddExp(first.logSumWeight, second.logSumWeight);
  const takeSecond =
    second.logSumWeight > out.logSumWeight ||
    tree.rng.uniform() < Math.exp(second.logSumWeight - out.logSumWeight);
  const chosen = takeSecond ? second : first;
  const previous = out.proposal;
  out.proposal = chosen.proposal;
  chosen.proposal = previous;
  return mergeEnds(first, second, out, depth === 1);
}

/** One integrator step: the leaf of the tree (Stan's base case). */
function takeStep(tree: TreeBuilder, direction: 1 | -1, out: Subtree): boolean {
  const point = tree.workspace.current;
  const { velocity } = tree.workspace;
  const finite = tree.integrator.step(tree.model, tree.metric, direction * tree.stepSize, point, velocity);
  tree.numLeaves += 1;
  // The leaf's velocity is p_sharp for the U-turn checks and gives the kinetic energy.
  const kinetic = recordLeaf(tree, point, out);
  const energy = finite ? finiteEnergy(kinetic - point.logDensity) : Number.POSITIVE_INFINITY;
  const logWeight = tree.initialEnergy - energy;
  // Either ends the tree as Stan's divergence does; they are reported apart.
  if (!finite) tree.isNonFinite = true;
  else if (!(-logWeight <= tree.maxEnergyError)) tree.isDivergent = true;
  tree.sumAcceptProb += logWeight > 0 ? 1 : Math.exp(logWeight);
  out.logSumWeight = logWeight;
  copyPhasePoint(point, out.proposal);
  return !tree.isDivergent && !tree.isNonFinite;
}

/** As `hamiltonian`: NaN (a failed evaluation) is an infinite energy. */
const finiteEnergy = (energy: number): number => (Number.isNaN(energy) ? Number.POSITIVE_INFINITY : energy);

/**
 * Fills the ends and rho of a one-point subtree, and returns the point's kinetic energy
 * p' M^{-1} p / 2 (the same products `kineticEnergy` sums, in the same order).
 */
function recordLeaf(tree: TreeBuilder, point: PhasePoint, out: SubtreeEnds): number {
  const velocity = kineticEnergyGrad(tree.metric, point.momentum, out.velocityBeg);
  const momentum = point.momentum;
  const { velocityEnd, momentumBeg, momentumEnd, rho } = out;
  let twiceKinetic = 0;
  for (let i = 0; i < momentum.length; i++) {
    const p = momentum[i]!;
    const v = velocity[i]!;
    twiceKinetic += p * v;
    velocityEnd[i] = v;
    momentumBeg[i] = p;
    momentumEnd[i] = p;
    rho[i] = p;
  }
  return 0.5 * twiceKinetic;
}

/**
 * Merges the ends and rho of two adjacent subtrees (`first` then `second`, in build order)
 * into `out`, which may be one of them, and returns whether the merged subtree still
 * satisfies the no-U-turn criterion: around the whole merged subtree, and (Stan's extra
 * checks) for `first` plus the first point of `second` and for `second` plus the last point
 * of `first`.
 */
function mergeEnds(first: SubtreeEnds, second: SubtreeEnds, out: SubtreeEnds, singlePoints: boolean): boolean {
  if (singlePoints) return mergePoints(first, second, out);
  // One pass for the three sums of momenta and the six products the three criteria need
  // (nine separate loops cost a sixth of a transition on a cheap 100-d density). Every
  // input element is read before out.rho[i] is written, so `out` may alias an input.
  const firstRho = first.rho;
  const secondRho = second.rho;
  const secondMomentumBeg = second.momentumBeg;
  const firstMomentumEnd = first.momentumEnd;
  const firstVelocityBeg = first.velocityBeg;
  const secondVelocityBeg = second.velocityBeg;
  const firstVelocityEnd = first.velocityEnd;
  const secondVelocityEnd = second.velocityEnd;
  const rho = out.rho;
  // Criterion 1: first extended by the first point of second, between their first points;
  // criterion 2: second extended by the last point of first, between their last points;
  // criterion 3: the merged subtree, between its two ends.
  let plus1 = 0;
  let minus1 = 0;
  let plus2 = 0;
  let minus2 = 0;
  let plus3 = 0;
  let minus3 = 0;
  for (let i = 0; i < rho.length; i++) {
    const a = firstRho[i]!;
    const b = secondRho[i]!;
    const extendedFirst = a + secondMomentumBeg[i]!;
    const extendedSecond = b + firstMomentumEnd[i]!;
    const merged = a + b;
    const velocityMinus = firstVelocityBeg[i]!;
    const velocityPlus = secondVelocityEnd[i]!;
    plus1 += secondVelocityBeg[i]! * extendedFirst;
    minus1 += velocityMinus * extendedFirst;
    plus2 += velocityPlus * extendedSecond;
    minus2 += firstVelocityEnd[i]! * extendedSecond;
    plus3 += velocityPlus * merged;
    minus3 += velocityMinus * merged;
    rho[i] = merged;
  }
  // Written after the loop because `out` may alias an input.
  copyEnds(first, second, out);
  return plus1 > 0 && minus1 > 0 && plus2 > 0 && minus2 > 0 && plus3 > 0 && minus3 > 0;
}

/**
 * mergeEnds for two one-point subtrees (half of all merges). Each one's rho, first and last
 * momentum are its point's momentum, so both extra checks reduce to the criterion on the
 * merged pair, term for term: only that one is computed.
 */
function mergePoints(first: SubtreeEnds, second: SubtreeEnds, out: SubtreeEnds): boolean {
  const firstRho = first.rho;
  const secondRho = second.rho;
  const velocityMinus = first.velocityBeg;
  const velocityPlus = second.velocityEnd;
  const rho = out.rho;
  let plus = 0;
  let minus = 0;
  for (let i = 0; i < rho.length; i++) {
    const merged = firstRho[i]! + secondRho[i]!;
    plus += velocityPlus[i]! * merged;
    minus += velocityMinus[i]! * merged;
    rho[i] = merged;
  }
  copyEnds(first, second, out);
  return plus > 0 && minus > 0;
}

/** The merged subtree's ends: first's beginning and second's end (`out` may be either). */
function copyEnds(first: SubtreeEnds, second: SubtreeEnds, out: SubtreeEnds): void {
  if (out !== first) {
    copyInto(first.momentumBeg, out.momentumBeg);
    copyInto(first.velocityBeg, out.velocityBeg);
  }
  if (out !== second) {
    copyInto(second.momentumEnd, out.momentumEnd);
    copyInto(second.velocityEnd, out.velocityEnd);
  }
}

/** Copies a small array by a loop (TypedArray#set costs more than the copy below ~30 elements). */
function copyInto(from: Float64Array, to: Float64Array): void {
  if (from.length > 32) {
    to.set(from);
    return;
  }
  for (let i = 0; i < from.length; i++) to[i] = from[i]!;
}

/** The same subtree read in the opposite direction. */
function reversed(subtree: SubtreeEnds): SubtreeEnds {
  return {
    momentumBeg: subtree.momentumEnd,
    velocityBeg: subtree.velocityEnd,
    momentumEnd: subtree.momentumBeg,
    velocityEnd: subtree.velocityBeg,
    rho: subtree.rho,
  };
}

function levelBuffers(tree: TreeBuilder, level: number): { readonly first: Subtree; readonly second: Subtree } {
  const { levels } = tree.workspace;
  const dim = tree.model.dim;
  while (levels.length <= level) levels.push({ first: makeSubtree(dim), second: makeSubtree(dim) });
  return levels[level]!;
}

function makeWorkspace(dim: number): NutsWorkspace {
  const extension = makeSubtree(dim);
  return {
    start: makePhasePoint(dim),
    current: makePhasePoint(dim),
    forwardEnd: makePhasePoint(dim),
    backwardEnd: makePhasePoint(dim),
    sample: makePhasePoint(dim),
    velocity: new Float64Array(dim),
    rhoScratch: new Float64Array(dim),
    trajectory: { ...makeEnds(dim), logSumWeight: 0 },
    extension,
    reversedExtension: reversed(extension),
    levels: [],
  };
}

function makeEnds(dim: number): SubtreeEnds {
  return {
    momentumBeg: new Float64Array(dim),
    velocityBeg: new Float64Array(dim),
    momentumEnd: new Float64Array(dim),
    velocityEnd: new Float64Array(dim),
    rho: new Float64Array(dim),
  };
}

function makeSubtree(dim: number): Subtree {
  return { ...makeEnds(dim), proposal: makePhasePoint(dim), logSumWeight: Number.NEGATIVE_INFINITY };
}

/** log(exp(a) + exp(b)), exact for -Infinity arguments. */
function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const larger = Math.max(a, b);
  return larger + Math.log1p(Math.exp(-Math.abs(a - b)));
}
