import { Tensor, formatShape, sizeOf, tensor, type Shape } from '../../ad/tensor.js';
import { isValue, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { DataRecord } from './data.js';
import { transformOf, type ParameterLayout } from './parameters.js';
import type { Target } from './target.js';

// One evaluation of a model, define-by-run: θ's blocks through their transforms (adding
// the log-Jacobians to the target), then the transformed parameters, then the model
// block. The same code runs on plain values (logDensity, outputs: no tape) and on traced
// values (inside valueAndGrad).

export type ValueRecord = Record<string, Value>;

export interface Program {
  readonly name: string;
  /** Checked data and transformed data. */
  readonly data: DataRecord;
  readonly layout: ParameterLayout;
  /** Whether the log-Jacobians of the transforms are part of the density (false: Stan's optimizing default). */
  readonly jacobian: boolean;
  readonly transformedParameters: ((parameters: any, data: any) => Readonly<Record<string, Value>>) | undefined;
  readonly model: (parameters: any, data: any, target: Target) => void;
  readonly generatedQuantities: ((parameters: any, data: any, rng: Rng) => Readonly<Record<string, unknown>>) | undefined;
}

/** Where a ModelInstance keeps its Program (non-enumerable), for tools that rerun its blocks. */
export const PROGRAM_KEY: unique symbol = Symbol('leapfrog.program');

/** The Program behind a compiled model, or undefined for a model not made by compileProgram. */
export function programOf(model: object): Program | undefined {
  return (model as { readonly [PROGRAM_KEY]?: Program })[PROGRAM_KEY];
}

/**
 * Fills `parameters` with the constrained parameters and the transformed parameters, and
 * returns the latter; the log-Jacobians go to `target` (none when target is null or the
 * program's jacobian flag is off).
 */
export function constrainInto(program: Program, pieces: readonly Value[], target: Target | null, parameters: ValueRecord): Readonly<Record<string, Value>> {
  const { slots } = program.layout;
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k]!;
    if (slot.passThrough) {
      parameters[slot.name] = pieces[k]!;
      continue;
    }
    const { value, logAbsDetJacobian } = transformOf(slot, parameters, program.data).forward(pieces[k]!, slot.shape);
    parameters[slot.name] = value;
    if (target !== null && program.jacobian && logAbsDetJacobian !== 0) target.add(logAbsDetJacobian, slot.jacobianLabel);
  }
  if (program.transformedParameters !== undefined) {
    const derived = program.transformedParameters(parameters, program.data);
    if (derived === null || typeof derived !== 'object') {
      throw new TypeError(`${program.name}: transformedParameters must return a record of values, got ${String(derived)}`);
    }
    Object.assign(parameters, derived);
    return derived;
  }
  return NO_DERIVED;
}

const NO_DERIVED: Readonly<Record<string, Value>> = Object.freeze({});

/** The log density (a possibly traced scalar) at the unconstrained pieces. */
export function logDensityOf(program: Program, pieces: readonly Value[], target: Target, parameters: ValueRecord = {}): Value {
  constrainInto(program, pieces, target, parameters);
  program.model(parameters, program.data, target);
  return target.total;
}

/**
 * Errors a log density turns into a rejected point (−∞), as Stan rejects on a domain
 * error: plain `Error`s, which leapfrog throws for arguments out of their domain (a
 * distribution's scale ≤ 0, a matrix that is not positive definite). TypeError,
 * ReferenceError and other subclasses are programming errors and propagate.
 */
export function isRejection(error: unknown): error is Error {
  return error instanceof Error && error.constructor === Error;
}

/** The scalars of a generated or derived value, row-major; throws naming it if it is not numeric. */
export function flatValues(value: unknown, path: string): Float64Array {
  if (typeof value === 'number') return Float64Array.of(value);
  if (typeof value === 'boolean') return Float64Array.of(value ? 1 : 0);
  if (isValue(value)) {
    const p = primal(value);
    return typeof p === 'number' ? Float64Array.of(p) : p.data;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Float64Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return tensor(value as number[]).data;
  throw new TypeError(`${path} is ${value === null ? 'null' : typeof value}, but must be a number, a tensor or an array of numbers`);
}

/** The shape of a generated or derived value. */
export function shapeOfOutput(value: unknown, path: string): Shape {
  if (typeof value === 'number' || typeof value === 'boolean') return [];
  if (isValue(value)) return shapeOf(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return [(value as unknown as ArrayLike<number>).length];
  if (Array.isArray(value)) return tensor(value as number[]).shape;
  throw new TypeError(`${path} is ${value === null ? 'null' : typeof value}, but must be a number, a tensor or an array of numbers`);
}

export interface OutputBlock {
  readonly name: string;
  readonly shape: Shape;
  readonly offset: number;
}

/** Writes a record's values into `out` at the blocks' offsets, checking each one's size. */
export function writeOutputs(record: Readonly<Record<string, unknown>>, blocks: readonly OutputBlock[], out: Float64Array, place: string): void {
  for (const block of blocks) {
    const values = flatValues(record[block.name], `${place}: ${block.name}`);
    const size = sizeOf(block.shape);
    if (values.length !== size) {
      throw new Error(
        `${place}: ${block.name} has ${values.length} elements here, but had shape ${formatShape(block.shape)} when the model was compiled; ` +
          'derived quantities must keep their shape',
      );
    }
    out.set(values, block.offset);
  }
}

/** A plain copy of a derived or generated value. */
export function plainCopy(value: unknown, path: string): Primal {
  const shape = shapeOfOutput(value, path);
  const data = flatValues(value, path);
  return shape.length === 0 ? data[0]! : new Tensor(Float64Array.from(data), shape);
}
