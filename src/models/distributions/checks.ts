import { isConstant } from '../../ad/constants.js';
import { formatShape, type Shape, type Tensor } from '../../ad/tensor.js';
import { Box, isValue, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Constraint } from '../constraints.js';

// Argument checks in Stan's manner (`normal_lpdf: Scale parameter[2] is -1, but must be
// positive!`): a plain parameter that breaks its rule is an error at construction, naming
// the distribution, the parameter, the index, the value and the rule. A traced parameter is
// checked when the density is evaluated instead, and makes the log density -Infinity (the
// sampler then rejects the point), so a run never stops on a bad proposal.

/** A parameter's header entry: Stan's name and its constraint. */
export interface ParamSpec {
  readonly name: string;
  readonly constraint: Constraint;
  /** The bound itself is allowed (a Poisson rate may be 0); bounds are strict otherwise. */
  readonly inclusive?: boolean;
}

const bound = (v: Value): number => primal(v) as number;

/** The rule `x` breaks as a value of parameter `spec`, or undefined if it keeps it. */
export function parameterRule(spec: ParamSpec, x: number): string | undefined {
  const c = spec.constraint;
  switch (c.kind) {
    case 'real':
      return Number.isFinite(x) ? undefined : 'must be finite';
    case 'lower': {
      const lower = bound(c.lower);
      const ok = spec.inclusive === true ? x >= lower : x > lower;
      if (!ok) {
        if (lower === 0) return spec.inclusive === true ? 'must be non-negative' : 'must be positive';
        return `must be greater than ${spec.inclusive === true ? 'or equal to ' : ''}${lower}`;
      }
      return x === Infinity ? 'must be finite' : undefined;
    }
    case 'upper': {
      const upper = bound(c.upper);
      const ok = spec.inclusive === true ? x <= upper : x < upper;
      if (!ok) return `must be less than ${spec.inclusive === true ? 'or equal to ' : ''}${upper}`;
      return x === -Infinity ? 'must be finite' : undefined;
    }
    case 'interval': {
      const lower = bound(c.lower);
      const upper = bound(c.upper);
      return x >= lower && x <= upper ? undefined : `must be in [${lower}, ${upper}]`;
    }
    case 'integer':
      return isIntegerIn(x, c.lower, c.upper) ? undefined : integerRule(c.lower, c.upper);
    default:
      throw new Error(`parameterRule: constraint '${c.kind}' is not elementwise; check it with its distribution`);
  }
}

function isIntegerIn(x: number, lower: number | undefined, upper: number | undefined): boolean {
  return Number.isInteger(x) && (lower === undefined || x >= lower) && (upper === undefined || x <= upper);
}

function integerRule(lower: number | undefined, upper: number | undefined): string {
  if (lower === 0 && upper === undefined) return 'must be a non-negative integer';
  if (lower !== undefined && upper !== undefined) return `must be an integer in [${lower}, ${upper}]`;
  if (lower !== undefined) return `must be an integer of at least ${lower}`;
  return upper === undefined ? 'must be an integer' : `must be an integer of at most ${upper}`;
}

/**
 * Whether `x` lies in an elementwise support. Bounds are closed (an exponential's density
 * at 0 is its rate); a distribution whose density vanishes at a bound says so with its own
 * support test. Infinite values are outside every support: their density is 0.
 */
export function inElementwiseSupport(support: Constraint, x: number): boolean {
  switch (support.kind) {
    case 'real':
      return Number.isFinite(x);
    case 'lower':
      return Number.isFinite(x) && x >= bound(support.lower);
    case 'upper':
      return Number.isFinite(x) && x <= bound(support.upper);
    case 'interval':
      return x >= bound(support.lower) && x <= bound(support.upper);
    case 'integer':
      return isIntegerIn(x, support.lower, support.upper) && Number.isFinite(x);
    default:
      throw new Error(`inElementwiseSupport: support '${support.kind}' is not elementwise`);
  }
}

/** "[2]" or "[1, 3]": the (0-based) index of flat offset `offset` in `shape`. */
export function formatIndex(offset: number, shape: Shape): string {
  if (shape.length === 0) return '';
  const index: number[] = [];
  let rest = offset;
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return `[${index.join(', ')}]`;
}

/** The data of a plain value, as a flat array. */
export function flatData(x: Primal): Float64Array {
  return typeof x === 'number' ? Float64Array.of(x) : x.data;
}

/** Throws unless `value` is a number, a tensor or a traced value. */
export function expectValue(distribution: string, name: string, value: unknown): Value {
  if (!isValue(value)) {
    const got =
      value === null ? 'null' : Array.isArray(value) ? 'an array' : ArrayBuffer.isView(value) ? `a ${value.constructor.name}` : typeof value;
    throw new Error(`${distribution}: ${name} is ${got}, but must be a number or a tensor (wrap arrays with tensor([...]))`);
  }
  return value;
}

/**
 * Construction-time check of a plain parameter: throws "normal: sigma[2] is -1, but must
 * be positive" at the first element that breaks the rule. Traced parameters are skipped
 * here; `parameterValid` checks them at evaluation.
 */
export function checkParameter(distribution: string, spec: ParamSpec, value: Value): void {
  if (value instanceof Box) return;
  // A simplex, ordered vector or Cholesky factor is checked by its distribution as a whole.
  if (!ELEMENTWISE_KINDS.has(spec.constraint.kind)) return;
  if (typeof value === 'number') {
    // A plain number, the common case: no array to allocate for it.
    const rule = parameterRule(spec, value);
    if (rule !== undefined) throw new Error(`${distribution}: ${spec.name} is ${value}, but ${rule}`);
    return;
  }
  const data = value.data;
  // A data tensor given as a parameter (a vector of known scales) is the same at every
  // evaluation: remembered once it passes, like valueInSupport's observations.
  const remember = data.length >= REMEMBERED_SIZE && isConstant(value);
  if (remember && parameterPassed.get(value) === spec) return;
  const i = firstInvalid(spec, data);
  if (i < 0) {
    if (remember) parameterPassed.set(value, spec);
    return;
  }
  throw new Error(`${distribution}: ${spec.name}${formatIndex(i, value.shape)} is ${data[i]}, but ${parameterRule(spec, data[i]!)}`);
}

/**
 * The first offset whose element breaks the parameter's rule, or −1: `parameterRule` with
 * the bounds resolved once and a tight loop per kind (a parameter may be a vector over all
 * the observations, checked on every evaluation).
 */
function firstInvalid(spec: ParamSpec, data: Float64Array): number {
  const c = spec.constraint;
  const n = data.length;
  switch (c.kind) {
    case 'real':
      for (let i = 0; i < n; i++) if (data[i]! - data[i]! !== 0) return i;
      return -1;
    case 'lower': {
      const lower = bound(c.lower);
      if (spec.inclusive === true) {
        for (let i = 0; i < n; i++) if (!(data[i]! >= lower) || data[i] === Infinity) return i;
      } else {
        for (let i = 0; i < n; i++) if (!(data[i]! > lower) || data[i] === Infinity) return i;
      }
      return -1;
    }
    default:
      for (let i = 0; i < n; i++) if (parameterRule(spec, data[i]!) !== undefined) return i;
      return -1;
  }
}

/** Whether every element of a (possibly traced) parameter keeps its rule. */
export function parameterValid(spec: ParamSpec, value: Value): boolean {
  return plainParameterValid(spec, primal(value));
}

/**
 * parameterValid on a plain value. Callers that pass a traced value's number here must
 * repeat the check when a recorded gradient is replayed (a fused density's guard).
 */
export function plainParameterValid(spec: ParamSpec, p: Primal): boolean {
  if (typeof p === 'number') return parameterRule(spec, p) === undefined;
  return firstInvalid(spec, p.data) < 0;
}

/**
 * Whether every element of a value lies in an elementwise support: the same test as
 * `inElementwiseSupport`, with the bounds resolved once and a tight loop (it runs on every
 * evaluation, over all the data).
 */
export function valueInSupport(support: Constraint, value: Value): boolean {
  return plainValueInSupport(support, primal(value), value instanceof Box);
}

/** valueInSupport on a plain value (`traced`: it came from a traced one; see plainParameterValid). */
export function plainValueInSupport(support: Constraint, p: Primal, traced: boolean): boolean {
  if (typeof p === 'number') return inElementwiseSupport(support, p);
  // Observed data are the same tensor at every evaluation and never change (tensors are
  // immutable): a pass is remembered per tensor and support object, so 1,000 observations
  // are scanned once, not once per gradient. Traced values are always scanned.
  const remember = !traced && p.data.length >= REMEMBERED_SIZE && isConstant(p);
  if (remember && supportPassed.get(p) === support) return true;
  const inside = scanSupport(support, p.data);
  if (inside && remember) supportPassed.set(p, support);
  return inside;
}

const ELEMENTWISE_KINDS: ReadonlySet<Constraint['kind']> = new Set(['real', 'lower', 'upper', 'interval', 'integer']);

/** Smaller tensors are scanned each time: remembering them would cost more than the scan.
 *  Only data (marked constant at compile) is remembered. */
const REMEMBERED_SIZE = 64;
const supportPassed = new WeakMap<Tensor, Constraint>();
const parameterPassed = new WeakMap<Tensor, ParamSpec>();

function scanSupport(support: Constraint, data: Float64Array): boolean {
  let lower = -Infinity;
  let upper = Infinity;
  switch (support.kind) {
    case 'real':
      break;
    case 'lower':
      lower = bound(support.lower);
      break;
    case 'upper':
      upper = bound(support.upper);
      break;
    case 'interval':
      lower = bound(support.lower);
      upper = bound(support.upper);
      break;
    case 'integer': {
      // Integers within the bounds; NaN and ±Infinity fail Number.isInteger.
      const lo = support.lower ?? -Infinity;
      const hi = support.upper ?? Infinity;
      for (let i = 0; i < data.length; i++) {
        const x = data[i]!;
        if (!(x >= lo && x <= hi && Number.isInteger(x))) return false;
      }
      return true;
    }
    default: {
      for (let i = 0; i < data.length; i++) if (!inElementwiseSupport(support, data[i]!)) return false;
      return true;
    }
  }
  // Finite and within [lower, upper]; NaN fails every comparison.
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (!(x >= lower && x <= upper && x - x === 0)) return false;
  }
  return true;
}

/** Throws unless a value has the given rank, naming the distribution and the argument. */
export function expectRank(distribution: string, name: string, value: Value, ranks: readonly number[], what: string): Shape {
  const shape = shapeOf(value);
  if (!ranks.includes(shape.length)) {
    throw new Error(`${distribution}: ${name} has shape ${formatShape(shape)}, but must be ${what}`);
  }
  return shape;
}
