import { Tensor } from '../../ad/tensor.js';
import { primal, type Value } from '../../ad/trace.js';
import type { IssueList, JsonPath } from './issues.js';
import { elementType, formatType, isInteger, shapeOfType, type SpecType } from './types.js';

// Reading a spec's data: each declared field from the data object, checked against its
// type and shape (arrays of any rank as nested JSON arrays), as numbers and row-major
// tensors. Paths are JSON paths into the data (0-based); messages also give Stan's 1-based
// element name.

/** Element problems reported per field before the rest are summarised. */
const ISSUES_PER_FIELD = 3;

/** JSON has no NaN or infinities; CmdStan's JSON writes them as strings. */
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = { NaN: NaN, Inf: Infinity, '+Inf': Infinity, '-Inf': -Infinity, Infinity: Infinity, '-Infinity': -Infinity };

function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && Object.hasOwn(SPECIAL_NUMBERS, value)) return SPECIAL_NUMBERS[value];
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `sigma[3]`, `X[2,1]` (1-based, as Stan names elements). */
export function stanElement(name: string, index: readonly number[]): string {
  return index.length === 0 ? name : `${name}[${index.map((i) => i + 1).join(',')}]`;
}

/** What the entries along each axis of a value of `type` are called: `numbers` last, a matrix's `rows`, an array's `elements`. */
function axisWords(type: SpecType): string[] {
  const shape = shapeOfType(type);
  const element = elementType(type);
  return shape.map((_, axis) => {
    if (axis === shape.length - 1) return 'numbers';
    if (element.kind === 'matrix' && axis === shape.length - 2) return 'rows';
    return 'elements';
  });
}

/**
 * The value of data field `name` declared with `type` (sizes known), or undefined after
 * adding issues. Arrays of any rank are nested JSON arrays, outermost first (a matrix is
 * an array of rows). `sizesText` explains the sizes (`J = 8`).
 */
export function readDataValue(name: string, type: SpecType, input: unknown, sizesText: string, issues: IssueList): Value | undefined {
  const path: JsonPath = ['data', name];
  const declared = `declared ${formatType(type)}${sizesText}`;
  if (input === undefined) {
    issues.add(path, `is missing from the data (${declared} at data.${name})`);
    return undefined;
  }
  const integer = isInteger(type);
  const shape = shapeOfType(type) as number[];
  const words = axisWords(type);
  let bad = 0;
  const element = (value: unknown, index: readonly number[]): number => {
    const x = readNumber(value);
    const problem = x === undefined ? `is ${describe(value)}, but must be a number` : integer && !Number.isInteger(x) ? `is ${x}, but must be an integer` : undefined;
    if (problem === undefined) return x!;
    if (bad++ < ISSUES_PER_FIELD) issues.add([...path, ...index], index.length === 0 ? `${problem} (${declared})` : `${stanElement(name, index)} ${problem} (${declared})`);
    return NaN;
  };
  if (shape.length === 0) {
    const x = element(input, []);
    return bad > 0 ? undefined : x;
  }
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  // Iteratively, outermost axis first: [value, axis, flat offset, 0-based index].
  const stack: [unknown, number, number, number[]][] = [[input, 0, 0, []]];
  while (stack.length > 0) {
    const [value, axis, base, index] = stack.pop()!;
    if (axis === shape.length) {
      data[base] = element(value, index);
      continue;
    }
    const what = index.length === 0 ? words[axis]! : `${words[axis]} in ${stanElement(name, index)}`;
    if (!Array.isArray(value)) {
      issues.add([...path, ...index], `is ${describe(value)}, but must be an array of ${shape[axis]} ${what} (${declared})`);
      return undefined;
    }
    if (value.length !== shape[axis]) {
      issues.add([...path, ...index], `has ${value.length} ${what}, but ${shape[axis]} are expected (${declared})`);
      return undefined;
    }
    for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], axis + 1, base + i * strides[axis]!, [...index, i]]);
  }
  if (bad > ISSUES_PER_FIELD) issues.add(path, `has ${bad - ISSUES_PER_FIELD} more elements with the same problem`);
  return bad > 0 ? undefined : new Tensor(data, shape);
}

/** The multi-index (0-based) of flat offset `k` in `shape`. */
function indexOf(k: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = k % shape[axis]!;
    k = Math.floor(k / shape[axis]!);
  }
  return index;
}

/**
 * Checks a data value against a bound (a scalar, or a value of the same shape):
 * "sigma[3] (1-based) is -1, but must be ≥ 0 (declared at data.sigma.lower)".
 */
export function checkDataBound(name: string, value: Value, bound: Value, side: 'lower' | 'upper', issues: IssueList): void {
  const x = primal(value);
  const b = primal(bound);
  const xs = typeof x === 'number' ? Float64Array.of(x) : x.data;
  const bs = typeof b === 'number' ? Float64Array.of(b) : b.data;
  const shape = typeof x === 'number' ? [] : x.shape;
  let bad = 0;
  for (let k = 0; k < xs.length; k++) {
    const limit = bs[k % bs.length]!;
    const ok = side === 'lower' ? xs[k]! >= limit : xs[k]! <= limit;
    if (ok) continue;
    if (bad++ >= ISSUES_PER_FIELD) continue;
    const index = indexOf(k, shape);
    const label = index.length === 0 ? '' : `${stanElement(name, index)} (1-based) `;
    issues.add(['data', name, ...index], `${label}is ${xs[k]}, but must be ${side === 'lower' ? '≥' : '≤'} ${limit} (declared at data.${name}.${side})`);
  }
  if (bad > ISSUES_PER_FIELD) issues.add(['data', name], `has ${bad - ISSUES_PER_FIELD} more elements outside the ${side} bound (declared at data.${name}.${side})`);
}
