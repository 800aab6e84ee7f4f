import type { CompiledModel } from '../models/model.js';
import { essBulk, essTail } from '../samplers/diagnostics/ess.js';
import { columnDraws, columnIndex } from '../samplers/run/fit.js';
import { sample } from '../samplers/run/sample.js';
import { advi } from '../vi/advi.js';
import { thinningPlan, drawsNeeded } from './sbc-ranks.js';

/**
 * Fitting one SBC replicate: `rankDraws` (L) nearly independent draws of each checked
 * quantity, from NUTS (thinned, Talts et al. 2018 section 4) or from an ADVI approximation
 * (independent by construction).
 */

export type SbcMethod = 'nuts' | 'advi-meanfield' | 'advi-fullrank';

export const sbcMethods: readonly SbcMethod[] = ['nuts', 'advi-meanfield', 'advi-fullrank'];

export interface SbcFitOptions {
  /** L: draws the true value is ranked among, default 99 (ranks 0..99, 100 values). */
  readonly rankDraws?: number;
  /** NUTS warm-up iterations, default 500. */
  readonly warmup?: number;
  /** NUTS sampling iterations of the first attempt, default 500. */
  readonly draws?: number;
  /** NUTS sampling iterations are extended up to this many when the ESS is too low, default 8000. */
  readonly maxDraws?: number;
  /** NUTS target acceptance statistic, default 0.8. */
  readonly adaptDelta?: number;
}

export interface FitInfo {
  /** Divergent NUTS transitions after warm-up (0 for ADVI). */
  readonly divergences: number;
  /** NUTS sampling iterations run (last attempt), or ADVI's optimisation iterations. */
  readonly iterations: number;
  /** Thinning stride (1 for ADVI). */
  readonly stride: number;
  /** Smallest bulk or tail ESS over the checked quantities (NUTS), or L (ADVI). */
  readonly ess: number;
  /** False when even maxDraws could not give L nearly independent draws, or ADVI did not converge. */
  readonly ok: boolean;
}

export interface ReplicateFit {
  /** Per checked quantity (in the order asked), the L draws it is ranked among. */
  readonly draws: readonly Float64Array[];
  readonly info: FitInfo;
}

function nutsDraws(model: CompiledModel, names: readonly string[], seed: number, options: SbcFitOptions, keep: number): ReplicateFit {
  const warmup = options.warmup ?? 500;
  const maxDraws = Math.max(options.maxDraws ?? 8000, keep);
  let draws = Math.max(options.draws ?? 500, keep);
  for (;;) {
    const fit = sample(model, { chains: 1, warmup, draws, seed, adaptDelta: options.adaptDelta ?? 0.8 });
    const columns = names.map((name) => columnDraws(fit, name)[0]!);
    const ess = Math.min(...columns.map((column) => Math.min(essBulk([column]), essTail([column]))));
    const plan = thinningPlan(draws, ess, keep);
    if (plan !== undefined || draws >= maxDraws) {
      const stride = plan?.stride ?? Math.floor(draws / keep);
      const indices = plan?.indices ?? Array.from({ length: keep }, (_, l) => draws - 1 - (keep - 1 - l) * stride);
      const divergences = columnDraws(fit, 'divergent__')[0]!.reduce((sum, flag) => sum + flag, 0);
      return {
        draws: columns.map((column) => Float64Array.from(indices, (index) => column[index]!)),
        info: { divergences, iterations: draws, stride, ess, ok: plan !== undefined },
      };
    }
    draws = Math.min(maxDraws, Math.max(2 * draws, drawsNeeded(draws, ess, keep)));
  }
}

function adviDraws(model: CompiledModel, names: readonly string[], seed: number, algorithm: 'meanfield' | 'fullrank', keep: number): ReplicateFit {
  const result = advi(model, { algorithm, seed, draws: keep, checkDraws: keep }); // SBC reads the draws only, not the check
  const columns = result.fit.draws[0]!;
  return {
    draws: names.map((name) => Float64Array.from(columns[columnIndex(result.fit, name)]!)),
    info: { divergences: 0, iterations: result.iterations, stride: 1, ess: keep, ok: result.converged },
  };
}

/** L draws of each of `names` from the posterior of `model`, by `method`. */
export function fitReplicate(method: SbcMethod, model: CompiledModel, names: readonly string[], seed: number, options: SbcFitOptions = {}): ReplicateFit {
  const keep = options.rankDraws ?? 99;
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`fitReplicate: rankDraws is ${keep}, but must be a positive integer`);
  switch (method) {
    case 'nuts':
      return nutsDraws(model, names, seed, options, keep);
    case 'advi-meanfield':
      return adviDraws(model, names, seed, 'meanfield', keep);
    case 'advi-fullrank':
      return adviDraws(model, names, seed, 'fullrank', keep);
    default: {
      const unknown: never = method;
      throw new Error(`fitReplicate: method is '${String(unknown)}', but must be one of ${sbcMethods.join(', ')}`);
    }
  }
}
