import { BufferPool, withBufferPool } from '../../ad/buffers.js';
import { markConstant } from '../../ad/constants.js';
import { at, slice } from '../../ad/ops/shape.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../../ad/tensor.js';
import { peek, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { Constraint } from '../constraints.js';
import type { CompiledModel, LogDensityAndGradient } from '../model.js';
import { withOutputsInto } from '../outputs-into.js';
import { checkData, type DataRecord } from './data.js';
import { describeDeclaration, type DataDeclarations, type ParameterDeclarations } from './declarations.js';
import { ElementBudget, resolveLimits, type ResourceLimits } from './limits.js';
import { PROGRAM_KEY, constrainInto, isRejection, logDensityOf, plainCopy, writeOutputs, type OutputBlock, type Program, type ValueRecord } from './evaluate.js';
import { elementNames, unconstrainedNames } from './names.js';
import { chargeDerivedOutputs, checkBoundReferences, constraintOf, placeholderBounds, copyPrimal, layoutParameters, unconstrainParameters, unconstrainedPieces, type ParameterLayout } from './parameters.js';
import { checkNames, inferDerivedShapes, probeModelBlock, type DerivedShapes } from './probe.js';
import { LogDensityAccumulator, TermRecorder } from './target.js';
import { directEntry } from '../../ad/compile/direct-entry.js';
import { compiledOutputs } from './compiled-outputs.js';
import { GradientEvaluator, type EvaluationStatus } from '../../ad/compile/evaluator.js';
import { logDensityAt, type ConstrainedDensityOptions } from './constrained-density.js';

/** A quantity of the model, for a `check` command and for reading draws by name. */
export interface QuantityInfo {
  readonly name: string;
  readonly block: 'parameters' | 'transformedParameters' | 'generatedQuantities';
  readonly shape: Shape;
  /** The declaration as text (`real<lower=0>`, `simplex[K]`); undefined for derived quantities. */
  readonly declaration?: string;
  /** The constraint kind of a parameter (`lower`, `simplex`, ...). */
  readonly constraint?: Constraint['kind'];
  /** Where its block starts in θ and how long it is (0 for derived quantities). */
  readonly unconstrainedOffset: number;
  readonly unconstrainedSize: number;
  /** Its scalars' names in `outputNames` (`theta[1]`, ...). */
  readonly outputNames: readonly string[];
}

export interface CompileOptions {
  /**
   * Include the log-Jacobians of the constraint transforms (default true: the posterior
   * density on the unconstrained space, for sampling). False gives the penalised
   * likelihood whose mode is the constrained MAP, as Stan's optimize (jacobian=false).
   */
  readonly jacobian?: boolean;
  /**
   * Replay the recorded tape of the log density when its path does not depend on the
   * parameter values (default true; see src/ad/replay.ts). Results are bit-identical either
   * way; false re-runs the model code at every gradient.
   */
  readonly replay?: boolean;
  /**
   * The most operations (tape nodes) one evaluation of the log density may record (default
   * 10 million, about 2 GB of tape): beyond it the evaluation fails with a message saying so.
   */
  readonly maxOperations?: number;
  /**
   * Compile the recorded tape to one generated JavaScript function (default true, where
   * functions can be made from source and the jitless setting is off; see src/ad/compile).
   * False keeps the replay interpreter.
   */
  readonly compile?: boolean;
  /** Compare every compiled gradient with the interpreter's and throw on a disagreement (tests). */
  readonly checkCompiled?: boolean;
  /** Resource budgets checked before allocating (sizes of data and quantities); see limits.ts. */
  readonly limits?: ResourceLimits;
}

/** A model bound to its data: the CompiledModel samplers use, plus named access. */
export interface ModelInstance<Constrained = Readonly<Record<string, Primal>>> extends CompiledModel {
  readonly name: string;
  readonly data: DataRecord;
  readonly options: { readonly jacobian: boolean };
  readonly parameterInfo: readonly QuantityInfo[];
  readonly unconstrainedNames: readonly string[];
  /** The log density as a function of a traced θ (for Hessians). Unlike logDensity, errors
   *  propagate and NaN is returned as is: a caller differentiating twice wants to know. */
  logDensityValue(theta: Value): Value;
  nonFiniteTerms(theta: Float64Array): string[];
  /** Parameters and transformed parameters, constrained, as plain values (copies). */
  constrain(theta: Float64Array): Constrained;
  /** θ from constrained parameter values (numbers, tensors or nested arrays). Names of derived
   *  quantities are ignored (a record from `constrain` can be passed back); unknown names are an error. */
  unconstrain(values: Readonly<Record<string, unknown>>): Float64Array;
  /**
   * The log density at constrained parameter values (as `unconstrain` takes them), with the
   * transforms' log-Jacobians (`jacobian: true`, the default: equal to
   * `logDensity(unconstrain(values))` of a model compiled with them) or without (the model
   * block's target at those values). See ConstrainedDensityOptions.
   */
  logDensityConstrained(values: Readonly<Record<string, unknown>>, options?: ConstrainedDensityOptions): number;
  /**
   * Whether logDensityAndGradient replays a recorded tape (src/ad/replay.ts) and, if not,
   * why (e.g. the model code compared a parameter with a number); null before the first call.
   */
  replayStatus(): EvaluationStatus | null;
  /** The log density, with the gradient written into `gradient`: nothing allocated. */
  logDensityAndGradientInto(theta: Float64Array, gradient: Float64Array): number;
  /** The generated source of the compiled gradient, or null (inspection and tests). */
  compiledSource(): string | null;
}

/** What compile needs of a model definition (its types erased). */
export interface ProgramSpec {
  readonly name: string;
  readonly data: DataDeclarations;
  readonly transformedData: ((data: any) => Readonly<Record<string, unknown>>) | undefined;
  readonly parameters: ParameterDeclarations;
  readonly transformedParameters: Program['transformedParameters'];
  readonly model: Program['model'];
  readonly generatedQuantities: Program['generatedQuantities'];
}

function withTransformedData(spec: ProgramSpec, data: DataRecord, place: string): DataRecord {
  if (spec.transformedData === undefined) return data;
  const derived = spec.transformedData(data);
  for (const name of Object.keys(derived)) {
    if (Object.hasOwn(data, name)) throw new Error(`${place}: transformedData returns '${name}', which is already a data field`);
  }
  // Derived data are constant too: their checks may be remembered (see ad/constants.ts).
  for (const value of Object.values(derived)) if (value instanceof Tensor || value instanceof Int32Array) markConstant(value);
  return Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, data, derived) as DataRecord);
}

function quantityInfo(layout: ParameterLayout, shapes: DerivedShapes): { info: QuantityInfo[]; blocks: OutputBlock[][] } {
  const info: QuantityInfo[] = [];
  const blocks: OutputBlock[][] = [[], [], []];
  let offset = 0;
  const push = (block: QuantityInfo['block'], index: number, name: string, shape: Shape, extra: Partial<QuantityInfo>): void => {
    const outputNames = elementNames(name, shape);
    blocks[index]!.push({ name, shape, offset });
    offset += outputNames.length;
    info.push({ name, block, shape, unconstrainedOffset: 0, unconstrainedSize: 0, outputNames, ...extra });
  };
  for (const slot of layout.slots) {
    push('parameters', 0, slot.name, slot.shape, {
      declaration: describeDeclaration(slot.declaration),
      constraint: constraintOf(slot.declaration, placeholderBounds(slot.bounds)).kind,
      unconstrainedOffset: slot.offset,
      unconstrainedSize: slot.size,
    });
  }
  for (const [name, shape] of shapes.transformed) push('transformedParameters', 1, name, shape, {});
  for (const [name, shape] of shapes.generated) push('generatedQuantities', 2, name, shape, {});
  return { info, blocks };
}

/** The message is built only on failure: nothing is allocated per evaluation. */
function checkLength(theta: Float64Array, dim: number, model: string, method: string): void {
  if (theta.length !== dim) throw new Error(`${model}.${method}: θ has length ${theta.length}, but the model has ${dim} unconstrained coordinates`);
}

function copyDataRecord(data: DataRecord): DataRecord {
  const copy: Record<string, number | Tensor | Int32Array> = {};
  for (const [name, value] of Object.entries(data)) {
    copy[name] = value instanceof Tensor ? new Tensor(Float64Array.from(value.data), value.shape) : value instanceof Int32Array ? Int32Array.from(value) : value;
  }
  return Object.freeze(copy);
}

const finiteOrMinusInfinity = (value: number): number => (Number.isNaN(value) ? -Infinity : value);

/** A gradient evaluation that threw: −∞ with a zero gradient where the model rejected the point (reject()), the error otherwise. */
function rejected(error: unknown, gradient: Float64Array): number {
  if (!isRejection(error)) throw error;
  gradient.fill(0);
  return -Infinity;
}

/** Binds a model to its data (see defineModel). */
export function compileProgram(spec: ProgramSpec, input: unknown, options: CompileOptions = {}): ModelInstance {
  const place = `${spec.name}.compile`;
  const budget = new ElementBudget(resolveLimits(options.limits));
  const data = withTransformedData(spec, checkData(spec.data, input, place, budget), place);
  const layout = layoutParameters(spec.parameters, data, place, budget);
  checkBoundReferences(layout, data, place);
  const program: Program = { ...spec, data, layout, jacobian: options.jacobian ?? true };
  const shapes = inferDerivedShapes(program, place);
  probeModelBlock(program, place);
  checkNames(program, shapes, place);
  chargeDerivedOutputs(shapes.transformed, 'transformedParameters', budget, place);
  chargeDerivedOutputs(shapes.generated, 'generatedQuantities', budget, place);
  const { info, blocks } = quantityInfo(layout, shapes);
  const outputNames = info.flatMap((q) => q.outputNames);
  const { dim, slots } = layout;
  const logDensityOfPieces = (pieces: Value[]): Value => logDensityOf(program, pieces, new LogDensityAccumulator());
  const leafLayout = slots.map((slot) => ({ offset: slot.offset, size: slot.size, shape: slot.shape.length === 0 && slot.size === 1 ? [] : [slot.size] }));
  const evaluator = new GradientEvaluator(logDensityOfPieces, (theta) => unconstrainedPieces(slots, theta), leafLayout, {
    replay: options.replay ?? true,
    compile: options.compile,
    maxOperations: options.maxOperations,
    check: options.checkCompiled,
  });
  const parameterBlocks = [...blocks[0]!, ...blocks[1]!];
  const pool = new BufferPool();
  const densityAndGradientInto = (theta: Float64Array, gradient: Float64Array, method: string): number => {
    checkLength(theta, dim, spec.name, method);
    if (gradient.length !== dim) throw new Error(`${spec.name}.${method}: the gradient array has length ${gradient.length}, but the model has ${dim} unconstrained coordinates`);
    try {
      // Generated code that calls no kernel has no intermediates to pool (a third of a small
      // model's time went into setting the pool up).
      if (evaluator.allocationFree) return finiteOrMinusInfinity(evaluator.gradientInto(theta, gradient));
      // Intermediates live in the pool for this call only: the gradient is written out.
      return withBufferPool(pool, () => finiteOrMinusInfinity(evaluator.gradientInto(theta, gradient)));
    } catch (error) {
      return rejected(error, gradient);
    }
  };

  const compiledParameterOutputs = compiledOutputs(program, parameterBlocks, {
    replay: options.replay,
    compile: options.compile,
    maxOperations: options.maxOperations,
    check: options.checkCompiled,
  });
  const outputsInto = (theta: Float64Array, rng: Rng, out: Float64Array): void => {
    checkLength(theta, dim, spec.name, 'outputs');
    if (out.length !== outputNames.length) {
      throw new Error(`${spec.name}.outputsInto: out has length ${out.length}, but the model has ${outputNames.length} outputs`);
    }
    if (compiledParameterOutputs !== null && compiledParameterOutputs(theta, out)) {
      if (program.generatedQuantities === undefined) return;
      // The generated quantities see the values just written, each a copy of its own (the
      // user's code may change what it is given), as constrainInto would have made them.
      const parameters: ValueRecord = {};
      for (const block of parameterBlocks) {
        const size = sizeOf(block.shape);
        parameters[block.name] = block.shape.length === 0 ? out[block.offset]! : new Tensor(out.slice(block.offset, block.offset + size), block.shape);
      }
      writeOutputs(program.generatedQuantities(parameters, data, rng), blocks[2]!, out, `${spec.name}.outputs: generatedQuantities`);
      return;
    }
    const parameters: ValueRecord = {};
    constrainInto(program, unconstrainedPieces(slots, theta), null, parameters);
    writeOutputs(parameters, parameterBlocks, out, `${spec.name}.outputs`);
    if (program.generatedQuantities !== undefined) {
      writeOutputs(program.generatedQuantities(parameters, data, rng), blocks[2]!, out, `${spec.name}.outputs: generatedQuantities`);
    }
  };

  // A sampler's call, at every leapfrog step: while the generated gradient may run alone
  // (compiled, calling no kernel) it is called straight from a function of this model's own
  // (direct-entry.ts); anything else, a wrong length included, takes the general path.
  const recover = (theta: Float64Array, gradient: Float64Array): number => {
    try {
      return finiteOrMinusInfinity(evaluator.fallbackInto(theta, gradient));
    } catch (error) {
      return rejected(error, gradient);
    }
  };
  const general = (theta: Float64Array, gradient: Float64Array): number => densityAndGradientInto(theta, gradient, 'logDensityAndGradientInto');
  const logDensityAndGradientInto = directEntry(dim, evaluator, general, recover) ?? general;

  const unconstrain = (values: Readonly<Record<string, unknown>>): Float64Array => {
    const unknown = Object.keys(values).filter((name) => !info.some((q) => q.name === name));
    if (unknown.length > 0) {
      throw new Error(
        `${spec.name}.unconstrain: ${unknown.map((n) => `'${n}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not ` +
          `quantities of the model (parameters: ${slots.map((s) => s.name).join(', ') || 'none'})`,
      );
    }
    return unconstrainParameters(layout, values, data, `${spec.name}.unconstrain`);
  };

  // The program rides along, out of sight, for tools that rerun the blocks (predictive simulation).
  return Object.defineProperty({
    name: spec.name,
    dim,
    outputNames,
    // Copies: the model computes with its own data (checked once, and caches such as a
    // scale vector's reciprocals rely on them never changing), so changing what this
    // returns cannot desynchronise anything.
    get data(): DataRecord {
      return copyDataRecord(data);
    },
    options: { jacobian: program.jacobian },
    parameterInfo: info,

    logDensity(theta: Float64Array): number {
      checkLength(theta, dim, spec.name, 'logDensity');
      try {
        // The compiled value-only function, or the replayed forward pass: the gradient's log density to rounding.
        return withBufferPool(pool, () => finiteOrMinusInfinity(evaluator.value(theta)));
      } catch (error) {
        if (isRejection(error)) return -Infinity;
        throw error;
      }
    },

    unconstrainedNames: slots.flatMap((slot) => unconstrainedNames(slot.name, slot.declaration, slot.shape, slot.size)),

    logDensityValue(theta: Value): Value {
      const shape = shapeOf(theta);
      if (shape.length !== 1 || shape[0] !== dim) {
        throw new Error(`${spec.name}.logDensityValue: θ has shape ${formatShape(shape)}, but the model has ${dim} unconstrained coordinates`);
      }
      const pieces = slots.map((slot) => (slot.shape.length === 0 && slot.size === 1 ? at(theta, slot.offset) : slice(theta, slot.offset, slot.offset + slot.size)));
      return logDensityOf(program, pieces, new LogDensityAccumulator());
    },

    replayStatus() {
      return evaluator.status();
    },

    compiledSource() {
      return evaluator.compiledSource();
    },

    logDensityAndGradient(theta: Float64Array): LogDensityAndGradient {
      const gradient = new Float64Array(dim);
      return { logDensity: densityAndGradientInto(theta, gradient, 'logDensityAndGradient'), gradient };
    },

    logDensityAndGradientInto,

    outputs: withOutputsInto((theta: Float64Array, rng: Rng): Float64Array => {
      const out = new Float64Array(outputNames.length);
      outputsInto(theta, rng, out);
      return out;
    }, outputsInto),

    nonFiniteTerms(theta: Float64Array): string[] {
      checkLength(theta, dim, spec.name, 'nonFiniteTerms');
      const parameters: ValueRecord = {};
      const recorder = new TermRecorder([parameters, data]);
      let thrown: string | undefined;
      try {
        logDensityOf(program, unconstrainedPieces(slots, theta), recorder, parameters);
      } catch (error) {
        thrown = `the model threw: ${error instanceof Error ? error.message : String(error)}`;
      }
      const found = recorder.terms.filter((t) => !Number.isFinite(t.value)).map((t) => `${t.label} (${t.value})`);
      return thrown === undefined ? found : [...found, thrown];
    },

    constrain(theta: Float64Array): Readonly<Record<string, Primal>> {
      checkLength(theta, dim, spec.name, 'constrain');
      const parameters: ValueRecord = {};
      constrainInto(program, unconstrainedPieces(slots, Float64Array.from(theta)), null, parameters);
      const out: Record<string, Primal> = {};
      for (const slot of slots) out[slot.name] = copyPrimal(parameters[slot.name]!);
      for (const [name] of shapes.transformed) out[name] = plainCopy(parameters[name], `${spec.name}.constrain: ${name}`);
      return Object.freeze(out);
    },

    unconstrain,

    logDensityConstrained(values: Readonly<Record<string, unknown>>, densityOptions: ConstrainedDensityOptions = {}): number {
      return logDensityAt(program, unconstrain(values), densityOptions);
    },
  }, PROGRAM_KEY, { value: program });
}
