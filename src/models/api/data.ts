import { Tensor, formatShape, sizeOf } from '../../ad/tensor.js';
import { markConstant } from '../../ad/constants.js';
import type { DataDeclaration, DataDeclarations, SizeReference } from './declarations.js';
import { allDims, describeDeclaration } from './declarations.js';
import { ElementBudget, resolveLimits } from './limits.js';
import { indexText } from './names.js';

// Checking the data against their declarations, once, at compile time, and converting
// them to what the log density computes with: numbers, Float64Array tensors and 0-based
// Int32Array indices. Every problem is collected as an issue with its path
// (`data.sigma[3]`), and all are reported together (zod's way), worded as Stan's checks
// are: the place, the value and the rule.

export type DataRecord = Readonly<Record<string, number | Tensor | Int32Array>>;

export interface DataIssue {
  /** Where: `data.sigma[3]`, `data.X[2,1]`, `data.J`. */
  readonly path: string;
  /** The whole sentence, starting with the path. */
  readonly message: string;
}

/** Thrown when data do not match their declarations; `issues` lists every problem found. */
export class DataError extends Error {
  constructor(
    place: string,
    readonly issues: readonly DataIssue[],
  ) {
    super(`${place}: the data do not match the declarations:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    this.name = 'DataError';
  }
}

/** Element issues reported per field before the rest are summarised. */
const ISSUES_PER_FIELD = 5;

/** JSON cannot hold NaN or infinities; CmdStan's JSON writes them as strings. */
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: NaN,
  Inf: Infinity,
  '+Inf': Infinity,
  '-Inf': -Infinity,
  Infinity: Infinity,
  '+Infinity': Infinity,
  '-Infinity': -Infinity,
};

function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && Object.hasOwn(SPECIAL_NUMBERS, value)) return SPECIAL_NUMBERS[value];
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return `an object`;
  return String(value);
}

class Collector {
  readonly issues: DataIssue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message: `${path} ${message}` });
  }
}

/** A size reference resolved against the integer data read so far; undefined if unknown. */
function resolveSize(ref: SizeReference, values: Map<string, unknown>): number | undefined {
  if (typeof ref === 'number') return ref;
  const v = values.get(ref);
  return typeof v === 'number' ? v : undefined;
}

/** What an array input of `shape` must be, in words: `an array of 3 rows of 2 numbers`. */
function expectedArray(shape: readonly number[]): string {
  const words = shape.map((d, axis) => (axis === shape.length - 1 ? `${d} numbers` : axis === shape.length - 2 ? `${d} rows` : `${d} arrays`));
  return `an array of ${words.join(' of ')}`;
}

const isArrayInput = (value: unknown): value is ArrayLike<unknown> => Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));

/**
 * Flat row-major values of a nested array input of the expected shape (any number of axes:
 * vectors, matrices as arrays of rows, Stan's arrays of them), or undefined after an issue
 * that names the place (`data.y[2]`, 1-based) and what was expected there.
 */
function readArray(value: unknown, shape: readonly number[], path: string, what: string, issues: Collector): Float64Array | undefined {
  if (value instanceof Tensor) {
    if (value.shape.length === shape.length && value.shape.every((d, k) => d === shape[k])) return Float64Array.from(value.data);
    issues.add(path, `has shape ${formatShape(value.shape)}, but is declared ${what}`);
    return undefined;
  }
  if (shape.length === 1 && shape[0] === 1 && readNumber(value) !== undefined) return Float64Array.of(readNumber(value)!);
  const out = new Float64Array(sizeOf(shape));
  let bad = 0;
  const strides = shape.map((_, axis) => sizeOf(shape.slice(axis + 1)));
  // Iteratively, outermost axis first: [value, axis, flat offset, 0-based index so far].
  const stack: [unknown, number, number, number[]][] = [[value, 0, 0, []]];
  while (stack.length > 0) {
    const [item, axis, base, index] = stack.pop()!;
    const place = index.length === 0 ? path : `${path}[${index.map((i) => i + 1).join(',')}]`;
    if (axis === shape.length) {
      const x = readNumber(item);
      if (x === undefined) {
        if (bad++ < ISSUES_PER_FIELD) issues.add(place, `is ${describeValue(item)}, but must be a number`);
      } else out[base] = x;
      continue;
    }
    if (!isArrayInput(item)) {
      issues.add(place, `is ${describeValue(item)}, but must be ${expectedArray(shape.slice(axis))} (${what})`);
      return undefined;
    }
    if (item.length !== shape[axis]) {
      const unit = shape.length - axis === 1 ? 'elements' : shape.length - axis === 2 ? 'rows' : 'entries';
      issues.add(
        place,
        axis === 0 ? `has ${item.length} ${unit}, but is declared ${what}` : `has ${item.length} ${unit}, but the ${axis === shape.length - 1 ? 'rows' : 'entries at this depth'} of ${what} have ${shape[axis]}`,
      );
      return undefined;
    }
    for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], axis + 1, base + i * strides[axis]!, [...index, i]]);
  }
  return bad > 0 ? undefined : out;
}

interface Rule {
  readonly test: (x: number) => boolean;
  readonly text: string;
}

/** The checks a declaration puts on each element: integrality and its (inclusive) bounds. */
function rulesFor(declaration: DataDeclaration, values: Map<string, unknown>, path: string, issues: Collector): Rule[] | undefined {
  const rules: Rule[] = [];
  const isInteger = declaration.kind === 'int' || declaration.kind === 'intArray' || declaration.kind === 'indexArray';
  if (isInteger) rules.push({ test: Number.isInteger, text: 'an integer' });
  for (const side of ['lower', 'upper'] as const) {
    const bound = declaration[side];
    if (bound === undefined) continue;
    let limit: number;
    let name = '';
    if (typeof bound === 'number') limit = bound;
    else if (typeof bound === 'string') {
      const v = values.get(bound);
      if (typeof v !== 'number') return undefined; // the bound's field has its own issue
      limit = v;
      name = ` (${bound})`;
    } else {
      issues.add(path, `has a ${side} bound that is not a number or the name of a data field`);
      return undefined;
    }
    rules.push(
      side === 'lower'
        ? { test: (x) => x >= limit, text: `greater than or equal to ${limit}${name}` }
        : { test: (x) => x <= limit, text: `less than or equal to ${limit}${name}` },
    );
  }
  return rules;
}

function checkElements(data: Float64Array, shape: readonly number[], rules: readonly Rule[], path: string, issues: Collector): boolean {
  let bad = 0;
  for (let k = 0; k < data.length; k++) {
    const x = data[k]!;
    const broken = rules.filter((r) => !r.test(x));
    if (broken.length === 0) continue;
    if (bad < ISSUES_PER_FIELD) issues.add(`${path}${indexText(shape, k)}`, `is ${x}, but must be ${broken.map((r) => r.text).join(' and ')}`);
    bad++;
  }
  if (bad > ISSUES_PER_FIELD) issues.add(path, `has ${bad - ISSUES_PER_FIELD} more elements that break the same rules`);
  return bad === 0;
}

function convertField(name: string, declaration: DataDeclaration, input: unknown, values: Map<string, unknown>, issues: Collector, budget: ElementBudget): void {
  const path = `data.${name}`;
  const what = describeDeclaration(declaration);
  if (input === undefined) {
    issues.add(path, `is missing (declared ${what})`);
    return;
  }
  const shape: number[] = [];
  for (const ref of allDims(declaration)) {
    const size = resolveSize(ref, values);
    if (size === undefined) return; // the size field has its own issue
    if (!Number.isInteger(size) || size < 0) {
      issues.add(path, `cannot be read: its size ${String(ref)} is ${size}, but sizes must be non-negative integers`);
      return;
    }
    shape.push(size);
  }
  // Checked before anything of this size is allocated (a size of 1e308 is a valid int).
  const overBudget = budget.add(shape.reduce((a, b) => a * b, 1), false);
  if (overBudget !== undefined) {
    issues.add(path, `cannot be read: its ${overBudget}`);
    return;
  }
  const named = allDims(declaration).flatMap((d, k) => (typeof d === 'string' ? [`${d} = ${shape[k]}`] : []));
  const whatSized = named.length > 0 ? `${what} (${[...new Set(named)].join(', ')})` : what;
  const rules = rulesFor(declaration, values, path, issues);
  if (rules === undefined) return;
  if (shape.length === 0) {
    const x = readNumber(input);
    if (x === undefined) {
      issues.add(path, `is ${describeValue(input)}, but must be a number (${what})`);
      return;
    }
    if (checkElements(Float64Array.of(x), shape, rules, path, issues)) values.set(name, x);
    return;
  }
  const flat = readArray(input, shape, path, whatSized, issues);
  if (flat === undefined || !checkElements(flat, shape, rules, path, issues)) return;
  // Data never change: checks of them may be remembered (see ad/constants.ts).
  const value = declaration.kind === 'indexArray' ? Int32Array.from(flat, (i) => i - 1) : new Tensor(flat, shape);
  markConstant(value);
  values.set(name, value);
}

/** A field of the data object: own properties only, so that a missing `valueOf` is missing, not Object.prototype's. */
function field(record: object, name: string): unknown {
  return Object.hasOwn(record, name) ? (record as Readonly<Record<string, unknown>>)[name] : undefined;
}

/**
 * The data converted for the model: `int`/`real` as numbers, vectors, matrices and
 * integer arrays as tensors, index arrays as 0-based Int32Array. Scalars are read first,
 * so that sizes and bounds may name them. Fields that are not declared are ignored (as
 * in Stan). Throws a DataError listing every issue. The record has no prototype, so a
 * field may be called `constructor` or `toString` like any other.
 */
export function checkData(declarations: DataDeclarations, input: unknown, place: string, budget = new ElementBudget(resolveLimits(undefined))): DataRecord {
  const names = Object.keys(declarations);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    if (names.length === 0 && input === undefined) return Object.freeze(Object.create(null) as DataRecord);
    throw new Error(`${place}: the data must be an object with the fields ${names.join(', ') || '(none)'}, got ${describeValue(input)}`);
  }
  const issues = new Collector();
  const values = new Map<string, unknown>();
  const isScalar = (n: string): boolean => allDims(declarations[n]!).length === 0;
  const scalarsFirst = [...names.filter(isScalar), ...names.filter((n) => !isScalar(n))];
  for (const name of scalarsFirst) convertField(name, declarations[name]!, field(input, name), values, issues, budget);
  if (issues.issues.length > 0) throw new DataError(place, issues.issues);
  const out: Record<string, number | Tensor | Int32Array> = Object.create(null);
  for (const name of names) out[name] = values.get(name) as number | Tensor | Int32Array;
  return Object.freeze(out);
}
