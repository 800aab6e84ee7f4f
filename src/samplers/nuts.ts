import type { ChainState, Kernel, KernelParameters, MutableChainState, MutableTransitionInfo, TransitionInfo } from './kernel.js';
import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';
import { checkGradientStep, initGradientState } from './chain-state.js';
import { leapfrog, type Integrator } from './integrator.js';
import { copyInto } from './nuts-leaf.js';
import { NutsTree } from './nuts-tree.js';

/**
 * The No-U-Turn sampler with multinomial sampling, as Stan's `base_nuts` transition:
 * Hoffman & Gelman 2014 (tree doubling) with the changes of Betancourt 2017, "A Conceptual
 * Introduction to Hamiltonian Monte Carlo", appendix A: multinomial instead of slice
 * sampling, biased progressive sampling between the old trajectory and each new subtree,
 * multinomial sampling inside subtrees, and the generalised no-U-turn criterion on
 * rho = sum of momenta with p_sharp = M^{-1} p at the ends. It adds the two extra checks
 * across each merge that Stan adopted in 2019 (after the Stan forum report "NUTS misses
 * U-turns, runs in circles until max treedepth"): the U-turn criterion must also hold for the
 * first subtree extended by the first point of the second, and for the second extended by the
 * last point of the first, which catches U-turns that fall between two subtrees.
 * The transition itself, over preallocated buffers, is in nuts-tree.ts.
 */

export interface NutsOptions {
  /** Maximum number of doublings (Stan's max_depth, default 10: at most 2^10 - 1 steps). */
  readonly maxTreeDepth?: number;
  /** Energy error H - H0 above which a step is divergent and the doubling stops (1000). */
  readonly maxEnergyError?: number;
  /** Default leapfrog. */
  readonly integrator?: Integrator;
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
  // The one mutable thing a kernel owns: its trees' buffers, by dimension. They hold no chain
  // state, so `step` stays a function of (rng, model, state, parameters).
  const trees = new Map<number, NutsTree>();
  let last: NutsTree | undefined;
  const treeFor = (dim: number): NutsTree => {
    if (last !== undefined && last.dim === dim) return last;
    let tree = trees.get(dim);
    if (tree === undefined) {
      tree = new NutsTree(dim, maxTreeDepth);
      trees.set(dim, tree);
    }
    last = tree;
    return tree;
  };
  const run = (rng: Rng, model: CompiledModel, state: ChainState, parameters: KernelParameters): NutsTree => {
    checkGradientStep(model, state, parameters, 'nuts.step');
    const tree = treeFor(model.dim);
    tree.transition(rng, model, state, parameters.metric, parameters.stepSize, integrator, maxEnergyError);
    return tree;
  };
  return {
    init: (model, position) => initGradientState(model, position, 'nuts.init'),
    step: (rng, model, state, parameters) => {
      const tree = run(rng, model, state, parameters);
      const info: MutableTransitionInfo = { acceptStat: 0, isDivergent: false, isNonFinite: false, energy: 0, numSteps: 0, treeDepth: 0 };
      reportInto(tree, integrator, info);
      // Fresh copies: the returned state must survive the next transition's reuse of the buffers.
      const next = tree.moved
        ? {
            position: Float64Array.from(tree.sampledPosition),
            logDensity: tree.sampledLogDensity,
            logDensityGrad: Float64Array.from(tree.sampledLogDensityGrad),
          }
        : state;
      return [next, info as TransitionInfo] as const;
    },
    advance: (rng, model, state, parameters, info) => {
      const tree = run(rng, model, state, parameters);
      reportInto(tree, integrator, info);
      if (tree.moved) moveInto(tree, state);
    },
  };
}

function reportInto(tree: NutsTree, integrator: Integrator, info: MutableTransitionInfo): void {
  // Stan: the mean over every point built, including those of a rejected last subtree.
  info.acceptStat = tree.numLeaves > 0 ? tree.sumAcceptProb / tree.numLeaves : 0;
  info.isDivergent = tree.isDivergent;
  info.isNonFinite = tree.isNonFinite;
  info.energy = tree.energy;
  info.numSteps = tree.numLeaves * integrator.gradientEvaluationsPerStep;
  info.treeDepth = tree.depth;
}

function moveInto(tree: NutsTree, state: MutableChainState): void {
  copyInto(tree.sampledPosition, state.position);
  copyInto(tree.sampledLogDensityGrad, state.logDensityGrad);
  state.logDensity = tree.sampledLogDensity;
}
