import { apply, defineOp } from '../op.js';
import { Tensor, formatShape } from '../tensor.js';
import { peek, primal, shapeOf, type Value } from '../trace.js';
import { gather } from './shape.js';

// Sorting a vector. The sorted vector is a permutation of its input, so its derivative
// routes each cotangent back to the element it came from. The permutation is found again
// from the argument's value by each rule (not stored in the op's options), so a recorded
// gradient replayed at other values sorts those values (src/ad/replay.ts).

interface SortOptions {
  readonly descending: boolean;
}

/**
 * The 0-based positions of x's elements in sorted order, ties in their original order.
 * NaN has no place in an order: it throws, as Stan's sort functions do.
 */
export function sortPermutation(values: Float64Array, descending: boolean): Int32Array {
  const nan = values.findIndex(Number.isNaN);
  if (nan >= 0) throw new Error(`sort: element ${nan + 1} is NaN, which has no place in an order`);
  const order = Array.from({ length: values.length }, (_, i) => i);
  const sign = descending ? -1 : 1;
  order.sort((i, j) => (values[i]! < values[j]! ? -sign : values[i]! > values[j]! ? sign : i - j));
  return Int32Array.from(order);
}

const permutationOf = (x: Value, descending: boolean): Int32Array => sortPermutation((peek(x) as Tensor).data, descending);

function inverse(permutation: Int32Array): Int32Array {
  const out = new Int32Array(permutation.length);
  permutation.forEach((from, to) => (out[from] = to));
  return out;
}

const sortOp = defineOp<SortOptions>({
  name: 'sort',
  argNames: ['x'],
  forward: ([x], { descending }) => {
    const data = (x as Tensor).data;
    const order = sortPermutation(data, descending);
    return new Tensor(Float64Array.from(order, (i) => data[i]!), (x as Tensor).shape);
  },
  vjp: [(g, { args, options }) => gather(g, inverse(permutationOf(args[0]!, options.descending)))],
  jvp: [(t, { args, options }) => gather(t, permutationOf(args[0]!, options.descending))],
});

function expectVector(name: string, x: Value): void {
  const s = shapeOf(x);
  if (s.length !== 1) throw new Error(`${name}: expects a vector, got shape ${formatShape(s)}`);
}

/** x sorted ascending (or descending), differentiable: each element's derivative follows it. */
export function sort(x: Value, options: { readonly descending?: boolean } = {}): Value {
  expectVector('sort', x);
  return apply(sortOp, [x], { descending: options.descending === true });
}

/** The 0-based indices that sort x (a plain array: reading a traced x's value, as Stan's sort_indices does). */
export function argsort(x: Value, options: { readonly descending?: boolean } = {}): Int32Array {
  expectVector('argsort', x);
  return sortPermutation((primal(x) as Tensor).data, options.descending === true);
}
