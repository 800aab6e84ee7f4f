import type { ModelInstance } from '../../models/api/compile.js';
import { selectDraws } from '../../models/predictive/parameter-source.js';
import { makeRng, type Rng } from '../../random/rng.js';
import { GENERATED_QUANTITIES_STREAM } from './chain.js';
import type { Fit } from './fit.js';

/**
 * Generated quantities for saved draws, as CmdStan's generate_quantities method: for every
 * draw of `fit`, the model's parameters are read from their columns, mapped to the
 * unconstrained scale (model.unconstrain) and the model's outputs recomputed there —
 * parameters, transformed parameters and generated quantities of *this* model, which may
 * differ from the one that was sampled in everything but its parameters (a new posterior
 * predictive quantity, a log_lik for LOO).
 *
 * Random generated quantities of chain c draw from makeRng(seed, GENERATED_QUANTITIES_STREAM
 * + c), the stream sampling uses, over the saved draws in order: with the run's own seed (the
 * default) and the same model, the quantities come out as sampling wrote them (up to the
 * rounding of a constrain/unconstrain round trip of the parameters).
 */

export interface GenerateQuantitiesOptions {
  /** Default: the fit's seed. */
  readonly seed?: number;
}

/** A fit with the same draws and the outputs of `model` recomputed at each. */
export function generateQuantities(model: ModelInstance, fit: Fit, options: GenerateQuantitiesOptions = {}): Fit {
  const place = `generateQuantities(${model?.name ?? 'model'})`;
  if (typeof model?.unconstrain !== 'function') {
    throw new Error(`${place}: the model is not a compiled leapfrog model (defineModel(...).compile(data) or compileSpec(spec, data)), so draws cannot be mapped back to its parameters`);
  }
  const seed = options.seed ?? fit.config.seed;
  if (!Number.isFinite(seed)) throw new Error(`${place}: seed is ${seed}, but must be a finite number`);
  // Columns before the outputs (lp__ and the sampler's or approximation's diagnostics) are kept.
  const leading = fit.columnNames.length - fit.outputNames.length;
  const selected = selectDraws(model, fit, undefined, place);
  const draws = fit.draws.map((chain) => [...chain.slice(0, leading), ...model.outputNames.map(() => new Float64Array(chain[0]?.length ?? 0))]);
  let rng: Rng | undefined;
  let rngChain = -1;
  for (let index = 0; index < selected.chains.length; index++) {
    const chain = selected.chains[index]!;
    const draw = selected.drawIndices[index]!;
    if (chain !== rngChain) {
      rng = makeRng(seed, GENERATED_QUANTITIES_STREAM + (fit.chains[chain]?.chain ?? chain));
      rngChain = chain;
    }
    let outputs: Float64Array;
    try {
      outputs = model.outputs(model.unconstrain(selected.valuesAt(index)), rng!);
    } catch (error) {
      throw new Error(`${place}: chain ${chain + 1}, draw ${draw + 1}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const columns = draws[chain]!;
    for (let k = 0; k < outputs.length; k++) columns[leading + k]![draw] = outputs[k]!;
  }
  return {
    ...fit,
    columnNames: [...fit.columnNames.slice(0, leading), ...model.outputNames],
    outputNames: model.outputNames,
    draws,
  };
}
