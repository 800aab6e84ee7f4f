import { Tensor, formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { isValue, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Constraint } from '../constraints.js';
import { transformFor } from '../transforms/transform-for.js';
import type { Transform } from '../transforms/transform.js';
import type { DataRecord } from './data.js';
import { arrayOfTransform } from '../transforms/array-of.js';
import type { Bound, BoundFunction, ParameterDeclaration, ParameterDeclarations, SizeReference } from './declarations.js';
import { allDims, describeDeclaration } from './declarations.js';
import { ElementBudget, resolveLimits } from './limits.js';

// The layout of the unconstrained vector θ ∈ R^dim: each parameter, in declaration order,
// owns a contiguous block of θ, mapped to its constrained value by the transform of its
// constraint (Stan reference manual, "Constraint transforms"). Static bounds are resolved
// and their transform built once, at compile time; a bound that is a function of earlier
// parameters is evaluated, and its transform built, per evaluation.

/** A bound after compile time: a value, or a function still to be called per evaluation. */
export type ResolvedBound = Value | BoundFunction | undefined;

export interface ParameterSlot {
  readonly name: string;
  readonly declaration: ParameterDeclaration;
  readonly shape: Shape;
  /** Start of this parameter's block in θ. */
  readonly offset: number;
  /** Unconstrained size (a K-simplex has K − 1). */
  readonly size: number;
  /** Built once when the bounds are constant; null when a bound depends on other parameters. */
  readonly transform: Transform | null;
  /** An unbounded scalar or vector: its block of θ is its value (no transform op per evaluation). */
  readonly passThrough: boolean;
  /** The declared bounds (lower, upper) or offset and multiplier, resolved against the data. */
  readonly bounds: Readonly<Record<BoundSide, ResolvedBound>>;
  /** The shape of one element when the parameter is an array (`array[G] simplex[K]`: [K]); the whole shape otherwise. */
  readonly elementShape: Shape;
  /** The label of the log-Jacobian term in diagnostics. */
  readonly jacobianLabel: string;
}

export interface ParameterLayout {
  readonly slots: readonly ParameterSlot[];
  readonly dim: number;
}

/** The values of a declaration's bounds (and offset and multiplier), where given. */
export interface BoundValues {
  readonly lower?: Value | undefined;
  readonly upper?: Value | undefined;
  readonly offset?: Value | undefined;
  readonly multiplier?: Value | undefined;
}

/** The constraint of a declaration whose bounds have values. */
export function constraintOf(declaration: ParameterDeclaration, bounds: BoundValues): Constraint {
  const { lower, upper, offset, multiplier } = bounds;
  switch (declaration.kind) {
    case 'real':
    case 'vector':
    case 'rowVector':
    case 'matrix':
      if (offset !== undefined || multiplier !== undefined) return { kind: 'affine', offset: offset ?? 0, multiplier: multiplier ?? 1 };
      if (lower !== undefined && upper !== undefined) return { kind: 'interval', lower, upper };
      if (lower !== undefined) return { kind: 'lower', lower };
      if (upper !== undefined) return { kind: 'upper', upper };
      return { kind: 'real' };
    case 'simplex':
    case 'ordered':
    case 'positiveOrdered':
    case 'choleskyCorr':
    case 'choleskyCov':
    case 'unitVector':
    case 'corrMatrix':
    case 'covMatrix':
      return { kind: declaration.kind };
    case 'sumToZeroVector':
      return { kind: 'sumToZero' };
    case 'rowStochasticMatrix':
      return { kind: 'rowStochastic' };
    case 'columnStochasticMatrix':
      return { kind: 'columnStochastic' };
    default: {
      const unreachable: never = declaration.kind;
      throw new Error(`constraintOf: unknown declaration kind ${String(unreachable)}`);
    }
  }
}

function resolveSize(ref: SizeReference, data: DataRecord, path: string): number {
  if (typeof ref === 'number') return ref;
  const size = Object.hasOwn(data, ref) ? data[ref] : undefined;
  if (typeof size !== 'number') throw new Error(`${path}: its size '${ref}' is not an int data field`);
  return size;
}

/** The transform of a constraint for a value of `shape` whose last `elementShape.length` axes are one element. */
export function transformForShape(constraint: Constraint, shape: Shape, elementShape: Shape): Transform {
  const transform = transformFor(constraint);
  return shape.length > elementShape.length && transform.batched !== true ? arrayOfTransform(transform, elementShape) : transform;
}

const BOUND_SIDES = ['lower', 'upper', 'offset', 'multiplier'] as const;
export type BoundSide = (typeof BOUND_SIDES)[number];

function resolveBound(bound: Bound | undefined, data: DataRecord, path: string, side: string): ResolvedBound {
  if (bound === undefined || typeof bound === 'number' || typeof bound === 'function' || bound instanceof Tensor) return bound;
  const value = Object.hasOwn(data, bound) ? data[bound] : undefined;
  if (typeof value !== 'number' && !(value instanceof Tensor)) {
    throw new Error(`${path}: its ${side} bound '${bound}' is not a real or vector data field`);
  }
  return value;
}

/**
 * Lays θ out for the parameter declarations, with sizes and bounds taken from the data.
 * Each parameter's size is charged to `budget` before anything of that size is built.
 */
export function layoutParameters(declarations: ParameterDeclarations, data: DataRecord, place: string, budget = new ElementBudget(resolveLimits(undefined))): ParameterLayout {
  const slots: ParameterSlot[] = [];
  let offset = 0;
  for (const [name, declaration] of Object.entries(declarations)) {
    const path = `${place}: parameters.${name} (${describeDeclaration(declaration)})`;
    const shape = allDims(declaration).map((ref) => resolveSize(ref, data, path));
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`${path}: shape ${formatShape(shape)} is not valid`);
    const elementShape = shape.slice(shape.length - declaration.dims.length);
    const overBudget = budget.add(sizeOf(shape), true);
    if (overBudget !== undefined) throw new Error(`${place}: parameters.${name}: ${overBudget}`);
    const resolved = Object.fromEntries(BOUND_SIDES.map((side) => [side, resolveBound(declaration[side], data, path, side)])) as Record<BoundSide, ResolvedBound>;
    const isDynamic = BOUND_SIDES.some((side) => typeof resolved[side] === 'function');
    // A dynamic constraint has the size of its kind with any bound values.
    const placeholder = placeholderBounds(resolved);
    const probe = isDynamic ? transformForShape(constraintOf(declaration, placeholder), shape, elementShape) : null;
    let transform: Transform | null = null;
    if (!isDynamic) {
      try {
        transform = transformForShape(constraintOf(declaration, resolved as BoundValues), shape, elementShape);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
    const size = (transform ?? probe)!.unconstrainedSize(shape);
    const unconstrained = BOUND_SIDES.every((side) => resolved[side] === undefined);
    const passThrough = (declaration.kind === 'real' || declaration.kind === 'vector' || declaration.kind === 'rowVector') && shape.length <= 1 && unconstrained;
    slots.push({ name, declaration, shape, elementShape, offset, size, transform, passThrough, bounds: resolved, jacobianLabel: `log-Jacobian of ${name}` });
    offset += size;
  }
  return { slots, dim: offset };
}

/** Charges the derived quantities' scalars (found by a probe run) to the budget before their names are built. */
export function chargeDerivedOutputs(shapes: readonly (readonly [string, Shape])[], block: string, budget: ElementBudget, place: string): void {
  for (const [name, shape] of shapes) {
    const overBudget = budget.add(sizeOf(shape), true);
    if (overBudget !== undefined) throw new Error(`${place}: ${block}.${name}: ${overBudget}`);
  }
}

/** The transform of a slot, with dynamic bounds evaluated on the parameters built so far. */
export function transformOf(slot: ParameterSlot, parameters: Readonly<Record<string, Value>>, data: DataRecord): Transform {
  if (slot.transform !== null) return slot.transform;
  const bounds: BoundValues = {
    lower: boundValue(slot, 'lower', parameters, data),
    upper: boundValue(slot, 'upper', parameters, data),
    offset: boundValue(slot, 'offset', parameters, data),
    multiplier: boundValue(slot, 'multiplier', parameters, data),
  };
  return transformForShape(constraintOf(slot.declaration, bounds), slot.shape, slot.elementShape);
}

/** Stand-in values for the given bounds (0, 1): what a constraint's kind and size depend on, without evaluating anything. */
export function placeholderBounds(bounds: Readonly<Record<BoundSide, ResolvedBound>>): BoundValues {
  const stand = (side: BoundSide, value: number): number | undefined => (bounds[side] === undefined ? undefined : value);
  return { lower: stand('lower', 0), upper: stand('upper', 1), offset: stand('offset', 0), multiplier: stand('multiplier', 1) };
}

function boundValue(slot: ParameterSlot, side: BoundSide, parameters: Readonly<Record<string, Value>>, data: DataRecord): Value | undefined {
  const bound = slot.bounds[side];
  if (typeof bound !== 'function') return bound;
  const value = bound(parameters, data);
  if (!isValue(value)) {
    throw new TypeError(
      `parameters.${slot.name}: its ${side} bound function returned ${value === undefined ? 'undefined' : typeof value}; ` +
        `it must return a number or a tensor, computed from the data and the parameters declared before '${slot.name}'`,
    );
  }
  return value;
}

/**
 * Checks once, at compile time, that bound functions read only the parameters declared
 * before theirs (at evaluation a later one is simply absent, and the error would come from
 * deep inside an op). Runs the transforms at θ = 0 with a guard on the parameter record;
 * other errors at that point are left to the evaluations.
 */
export function checkBoundReferences(layout: ParameterLayout, data: DataRecord, place: string): void {
  if (layout.slots.every((slot) => slot.transform !== null)) return;
  const pieces = unconstrainedPieces(layout.slots, new Float64Array(layout.dim));
  const parameters: Record<string, Value> = {};
  const names = new Set(layout.slots.map((slot) => slot.name));
  try {
    layout.slots.forEach((slot, k) => {
      const visible = new Proxy(parameters, {
        get(target, key) {
          if (typeof key === 'string' && !Object.hasOwn(target, key)) {
            const why = names.has(key) ? `is declared after '${slot.name}'` : 'is not a parameter';
            throw new TypeError(`${place}: parameters.${slot.name}: a bound reads parameter '${key}', which ${why}; bounds may read only the parameters declared before theirs`);
          }
          return Reflect.get(target, key);
        },
      });
      parameters[slot.name] = transformOf(slot, visible, data).forward(pieces[k]!, slot.shape).value;
    });
  } catch (error) {
    if (error instanceof TypeError) throw error;
  }
}

/**
 * Each parameter's block of θ as the transform takes it: a number for a scalar, else a
 * vector viewing θ's memory (no copy; tensors are never written).
 */
export function unconstrainedPieces(slots: readonly ParameterSlot[], theta: Float64Array): Value[] {
  const pieces = new Array<Value>(slots.length);
  for (let k = 0; k < slots.length; k++) {
    const { offset, size, shape } = slots[k]!;
    pieces[k] = shape.length === 0 && size === 1 ? theta[offset]! : new Tensor(theta.subarray(offset, offset + size), [size]);
  }
  return pieces;
}

/** A user-given value as a plain number or tensor of the expected shape. */
function asPrimal(value: unknown, shape: Shape, path: string): Primal {
  let primalValue: Primal;
  if (typeof value === 'number' || value instanceof Tensor) primalValue = value;
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) primalValue = new Tensor(Float64Array.from(value as unknown as ArrayLike<number>), [(value as unknown as ArrayLike<number>).length]);
  else if (Array.isArray(value)) primalValue = nestedToTensor(value, path);
  else throw new Error(`${path} is ${value === null ? 'null' : typeof value}, but must be a number, a tensor or an array`);
  if (shape.length === 1 && shape[0] === 1 && typeof primalValue === 'number') primalValue = new Tensor(Float64Array.of(primalValue), [1]);
  const got = shapeOf(primalValue);
  if (!shapesEqual(got, shape)) throw new Error(`${path} has shape ${formatShape(got)}, but the parameter has shape ${formatShape(shape)}`);
  return primalValue;
}

function nestedToTensor(value: readonly unknown[], path: string): Tensor {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat = (value as unknown[]).flat(shape.length) as unknown[];
  if (flat.length !== sizeOf(shape) || flat.some((x) => typeof x !== 'number')) {
    throw new Error(`${path} is a ragged or non-numeric array; give a rectangular array of numbers`);
  }
  return new Tensor(Float64Array.from(flat as number[]), shape);
}

/**
 * θ from constrained values (the inverse of every transform), e.g. for user-given initial
 * values. Bounds that depend on earlier parameters are evaluated on the given values.
 */
export function unconstrainParameters(layout: ParameterLayout, values: Readonly<Record<string, unknown>>, data: DataRecord, place: string): Float64Array {
  const theta = new Float64Array(layout.dim);
  const parameters: Record<string, Value> = {};
  for (const slot of layout.slots) {
    const path = `${place}: ${slot.name}`;
    if (!Object.hasOwn(values, slot.name)) throw new Error(`${path} is missing; give a value for every parameter`);
    const value = asPrimal(values[slot.name], slot.shape, path);
    parameters[slot.name] = value;
    try {
      theta.set(transformOf(slot, parameters, data).inverse(value, slot.shape), slot.offset);
    } catch (error) {
      throw new Error(`${path} (${describeDeclaration(slot.declaration)}): ${(error as Error).message}`);
    }
  }
  return theta;
}

/** A copy of a plain value (so records handed out never alias θ or each other). */
export function copyPrimal(value: Value): Primal {
  const p = primal(value);
  return typeof p === 'number' ? p : new Tensor(Float64Array.from(p.data), p.shape);
}
