import type { Primal, Value } from '../../ad/trace.js';
import type { ModelInstance } from '../api/compile.js';
import type { Program } from '../api/evaluate.js';
import type { Rng } from '../../random/rng.js';
import { DataSimulator } from './data-simulator.js';
import { requireProgram } from './model-access.js';
import { selectDraws, type ParameterDrawsSource } from './parameter-source.js';
import { DrawCollector, type PredictiveDraws } from './predictive-draws.js';
import { checkSeed, predictiveRng } from './streams.js';

// Posterior predictive simulation (Gelman, Meng & Stern 1996; BDA3 §6.3): for each
// posterior draw θ⁽ˢ⁾, replicated data y_rep⁽ˢ⁾ ~ p(y | θ⁽ˢ⁾), drawn by rerunning the model
// block with every sampling statement on a data field replaced by a draw from its
// distribution, as Stan's generated quantities `y_rep` and PyMC's
// sample_posterior_predictive do. Draw k of chain c uses the stream (seed, c, k) only.

export interface PosteriorPredictiveOptions {
  readonly seed: number;
  /** At most this many posterior draws per chain, evenly spaced (default: all). */
  readonly draws?: number;
}

export interface PosteriorPredictive extends PredictiveDraws {
  /** Labels of sampling statements on values that are not whole data fields (`y[i]` in a loop): not replicated. */
  readonly unmatchedStatements: readonly string[];
}

/** The data fields' draws at the constrained parameters, and the transformed parameters there. */
export function replicateAt(
  program: Program,
  parameters: Readonly<Record<string, Primal>>,
  rng: Rng,
  place: string,
): { readonly simulator: DataSimulator; readonly derived: Readonly<Record<string, Value>> } {
  const derived = program.transformedParameters?.(parameters, program.data) ?? {};
  const values: Record<string, Value> = { ...parameters, ...derived };
  const simulator = new DataSimulator(program.data, Object.values(values), rng, place);
  program.model(values, program.data, simulator);
  return { simulator, derived };
}

/**
 * Replicated data for each posterior draw (a Fit, or constrained parameter records).
 * Fields are named after the data (`y`, scalars `y[1]`, ...); the result also gives each
 * draw's values by index.
 */
export function posteriorPredictive(model: ModelInstance, source: ParameterDrawsSource, options: PosteriorPredictiveOptions): PosteriorPredictive {
  const place = `posteriorPredictive(${model?.name ?? 'model'})`;
  const program = requireProgram(model, place);
  const seed = checkSeed(options?.seed, place);
  const selected = selectDraws(model, source, options.draws, place);
  const collector = new DrawCollector(selected.chains, selected.drawIndices, place);
  let unmatched: readonly string[] = [];
  for (let index = 0; index < selected.chains.length; index++) {
    const chain = selected.chains[index]!;
    const k = selected.drawIndices[index]!;
    const { simulator } = replicateAt(program, selected.valuesAt(index), predictiveRng(seed, chain, k, place), place);
    if (index === 0) {
      if (simulator.simulated.size === 0) {
        throw new Error(
          `${place}: no sampling statement has a whole data field as its left-hand side, so there is nothing to replicate ` +
            `(data fields: ${Object.keys(program.data).join(', ') || 'none'}); write the likelihood as target.sample(data.y, ...), ` +
            'or draw y_rep in generatedQuantities',
        );
      }
      unmatched = [...new Set(simulator.unmatched)];
    }
    collector.set(index, simulator.simulated);
  }
  return Object.freeze({ ...collector.finish(), unmatchedStatements: unmatched });
}
