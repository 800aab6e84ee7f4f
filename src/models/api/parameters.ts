import { Tensor, formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { isValue, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Constraint } from '../constraints.js';
import { transformFor } from '../transforms/transform-for.js';
import type { Transform } from '../transforms/transform.js';
import type { DataRecord } from './data.js';
import type { Bound, BoundFunction, ParameterDeclaration, ParameterDeclarations, SizeReference } from './declarations.js';
import { describeDeclaration } from './declarations.js';
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
  readonly lower: ResolvedBound;
  readonly upper: ResolvedBound;
  /** The label of the log-Jacobian term in diagnostics. */
  readonly jacobianLabel: string;
}

export interface ParameterLayout {
  readonly slots: readonly ParameterSlot[];
  readonly dim: number;
}

/** The constraint of a declaration whose bounds have values. */
export function constraintOf(declaration: ParameterDeclaration, lower: Value | undefined, upper: Value | undefined): Constraint {
  switch (declaration.kind) {
    case 'real':
    case 'vector':
    case 'matrix':
      if (lower !== undefined && upper !== undefined) return { kind: 'interval', lower, upper };
      if (lower !== undefined) return { kind: 'lower', lower };
      if (upper !== undefined) return { kind: 'upper', upper };
      return { kind: 'real' };
    case 'simplex':
    case 'ordered':
    case 'positiveOrdered':
    case 'choleskyCorr':
    case 'choleskyCov':
      return { kind: declaration.kind };
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
    const shape = declaration.dims.map((ref) => resolveSize(ref, data, path));
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`${path}: shape ${formatShape(shape)} is not valid`);
    const overBudget = budget.add(sizeOf(shape), true);
    if (overBudget !== undefined) throw new Error(`${place}: parameters.${name}: ${overBudget}`);
    const lower = resolveBound(declaration.lower, data, path, 'lower');
    const upper = resolveBound(declaration.upper, data, path, 'upper');
    const isDynamic = typeof lower === 'function' || typeof upper === 'function';
    // A dynamic constraint has the size of its kind with any bound values.
    const probe = isDynamic ? transformFor(constraintOf(declaration, lower === undefined ? undefined : 0, upper === undefined ? undefined : 1)) : null;
    let transform: Transform | null = null;
    if (!isDynamic) {
      try {
        transform = transformFor(constraintOf(declaration, lower as Value | undefined, upper as Value | undefined));
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
    const size = (transform ?? probe)!.unconstrainedSize(shape);
    const passThrough = (declaration.kind === 'real' || declaration.kind === 'vector') && lower === undefined && upper === undefined;
    slots.push({ name, declaration, shape, offset, size, transform, passThrough, lower, upper, jacobianLabel: `log-Jacobian of ${name}` });
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
  return transformFor(constraintOf(slot.declaration, boundValue(slot, 'lower', parameters, data), boundValue(slot, 'upper', parameters, data)));
}

function boundValue(slot: ParameterSlot, side: 'lower' | 'upper', parameters: Readonly<Record<string, Value>>, data: DataRecord): Value | undefined {
  const bound = slot[side];
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
