import { jvp } from '../../ad/grad.js';
import { zeros } from '../../ad/tensor.js';
import { primal, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { ModelInstance } from '../api/compile.js';
import type { Program } from '../api/evaluate.js';
import { transformOf, unconstrainedPieces, type ParameterSlot } from '../api/parameters.js';
import { flatOf } from './draw-shape.js';
import { CheckTarget, DrawnSignal, ForwardTarget, SUGGESTION } from './forward-targets.js';
import { requireProgram } from './model-access.js';
import { ParameterView } from './parameter-view.js';
import { replicateAt } from './posterior-predictive.js';
import { DrawCollector, type PredictiveDraws } from './predictive-draws.js';
import { checkSeed, predictiveRng } from './streams.js';

// Prior predictive simulation by forward (ancestral) sampling, as PyMC's
// sample_prior_predictive: θ ~ p(θ), then y ~ p(y | θ). Define-by-run, the order is the
// model block's: each parameter is drawn at its sampling statement from a distribution
// computed from the parameters drawn before it (see forward-targets.ts), then the data
// statements are drawn as in posterior predictive simulation. This is exact only when the
// prior is the product of those statements' densities, which is checked once: no
// target.add term, second statement or statement on a function may involve a parameter.

export interface PriorPredictiveOptions {
  readonly seed: number;
  readonly draws: number;
}

export interface PriorPredictive {
  /** Parameters and transformed parameters, named as in the model's outputNames. */
  readonly parameters: PredictiveDraws;
  /** The data fields that have sampling statements, drawn given the parameters. */
  readonly data: PredictiveDraws;
}

interface Forward {
  readonly program: Program;
  readonly slots: readonly ParameterSlot[];
  /** Values in each parameter's support (the constrained θ = 0), carried by the placeholders. */
  readonly placeholders: Readonly<Record<string, Primal>>;
  readonly transformedNames: readonly string[];
  readonly place: string;
}

function placeholderValues(program: Program): Record<string, Primal> {
  const { slots, dim } = program.layout;
  const pieces = unconstrainedPieces(slots, new Float64Array(dim));
  const values: Record<string, Value> = {};
  slots.forEach((slot, k) => (values[slot.name] = transformOf(slot, values, program.data).forward(pieces[k]!, slot.shape).value));
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, primal(value)]));
}

const zerosLike = (value: Primal): Primal => (typeof value === 'number' ? 0 : zeros(value.shape));

/** One run with the undrawn parameters as placeholders: the parameter it drew, or undefined. */
function runOnce(forward: Forward, drawn: ReadonlyMap<string, Primal>, rng: Rng): DrawnSignal | undefined {
  const { program, slots, place } = forward;
  const undrawn = slots.filter((slot) => !drawn.has(slot.name));
  const start = Object.fromEntries(undrawn.map((slot) => [slot.name, forward.placeholders[slot.name]!]));
  const tangent = Object.fromEntries(undrawn.map((slot) => [slot.name, zerosLike(forward.placeholders[slot.name]!)]));
  const drawnRecord = Object.fromEntries(drawn);
  try {
    jvp(
      (boxes: Record<string, Value>) => {
        const values = new Map<string, Value>(slots.map((slot) => [slot.name, drawn.get(slot.name) ?? boxes[slot.name]!]));
        const view = new ParameterView(program, values, new Set(undrawn.map((slot) => slot.name)), forward.transformedNames);
        const bySlot = new Map<Value, ParameterSlot>(undrawn.map((slot) => [boxes[slot.name]!, slot]));
        program.model(view.record, program.data, new ForwardTarget(bySlot, view, drawnRecord, program.data, rng, place));
        return 0;
      },
      start,
      tangent,
    );
  } catch (signal) {
    if (signal instanceof DrawnSignal) return signal;
    throw signal;
  }
  return undefined;
}

/** The parameters of one prior draw, in declaration order. */
function drawParameters(forward: Forward, rng: Rng): Record<string, Primal> {
  const drawn = new Map<string, Primal>();
  while (drawn.size < forward.slots.length) {
    const signal = runOnce(forward, drawn, rng);
    if (signal === undefined) {
      const missing = forward.slots.filter((slot) => !drawn.has(slot.name)).map((slot) => `'${slot.name}'`);
      throw new Error(
        `${forward.place}: parameter${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no sampling statement ` +
          `(an improper flat prior, or a prior written with target.add), so ${missing.length === 1 ? 'it' : 'they'} cannot be drawn forward; ${SUGGESTION}`,
      );
    }
    drawn.set(signal.name, signal.value);
  }
  return Object.fromEntries(forward.slots.map((slot) => [slot.name, drawn.get(slot.name)!]));
}

/** Fails when a density term other than its own sampling statement involves a parameter. */
function checkForwardSampleable(forward: Forward, parameters: Readonly<Record<string, Primal>>): void {
  const { program, slots, place } = forward;
  for (const slot of slots) {
    const start = parameters[slot.name]!;
    jvp(
      (box: Value) => {
        const values = new Map<string, Value>(slots.map((s) => [s.name, s === slot ? box : parameters[s.name]!]));
        const view = new ParameterView(program, values, new Set(), forward.transformedNames);
        program.model(view.record, program.data, new CheckTarget(box, slot.name, place));
        return 0;
      },
      start,
      zerosLike(start),
    );
  }
}

function checkDrawCount(draws: unknown, place: string): number {
  if (typeof draws !== 'number' || !Number.isInteger(draws) || draws < 1) throw new Error(`${place}: options.draws is ${String(draws)}, but must be a positive integer`);
  return draws;
}

/** Draws parameters from their priors and data given them, `options.draws` times. */
export function priorPredictive(model: ModelInstance, options: PriorPredictiveOptions): PriorPredictive {
  const place = `priorPredictive(${model?.name ?? 'model'})`;
  const program = requireProgram(model, place);
  const seed = checkSeed(options?.seed, place);
  const count = checkDrawCount(options.draws, place);
  const forward: Forward = {
    program,
    slots: program.layout.slots,
    placeholders: placeholderValues(program),
    transformedNames: model.parameterInfo.filter((q) => q.block === 'transformedParameters').map((q) => q.name),
    place,
  };
  const chains = new Int32Array(count);
  const indices = Int32Array.from({ length: count }, (_, k) => k);
  const parameterCollector = new DrawCollector(chains, indices, `${place}: parameters`);
  const dataCollector = new DrawCollector(chains, indices, `${place}: data`);
  for (let k = 0; k < count; k++) {
    const rng = predictiveRng(seed, 0, k, place);
    const parameters = drawParameters(forward, rng);
    if (k === 0) checkForwardSampleable(forward, parameters);
    const { simulator, derived } = replicateAt(program, parameters, rng, place);
    const record = new Map<string, { shape: readonly number[]; values: Float64Array }>();
    for (const q of model.parameterInfo) {
      if (q.block === 'generatedQuantities') continue;
      const value = q.block === 'parameters' ? parameters[q.name]! : primal(derived[q.name]!);
      record.set(q.name, { shape: q.shape, values: Float64Array.from(flatOf(value)) });
    }
    parameterCollector.set(k, record);
    dataCollector.set(k, simulator.simulated);
  }
  return Object.freeze({ parameters: parameterCollector.finish(), data: dataCollector.finish() });
}
