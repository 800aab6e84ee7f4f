import { newBuffer } from '../buffers.js';
import { apply, defineOp, type OpDefinition } from '../op.js';
import { Tensor, formatShape, sizeOf, stridesOf, type Shape } from '../tensor.js';
import { OneHot } from '../one-hot.js';
import { Box, shapeOf, type Primal, type Value } from '../trace.js';

// Single elements of a tensor: `at` and its vjp `placeAt` (each the other's vjp, so they
// nest to any order), and `unstack`, which reads every element of a vector through `at`.

function dataOf(x: Primal): Float64Array {
  return typeof x === 'number' ? Float64Array.of(x) : x.data;
}

function fromData(data: Float64Array, shape: Shape): Primal {
  return shape.length === 0 ? data[0]! : new Tensor(data, shape);
}

export interface PlaceOptions {
  readonly offset: number;
  readonly shape: Shape;
}

export const atOp: OpDefinition<PlaceOptions> = defineOp<PlaceOptions>({
  name: 'at',
  argNames: ['x'],
  forward: ([x], { offset }) => dataOf(x!)[offset]!,
  // A plain cotangent goes back as a OneHot, which the reverse sweep adds in place (O(1),
  // see one-hot.ts); a traced one as a dense tensor, differentiable again.
  vjp: [(g, { options }) => (typeof g === 'number' ? (new OneHot(options.shape, options.offset, g) as unknown as Value) : placeAt(g, options.shape, options.offset))],
  jvp: [(t, { options }) => apply(atOp, [t], options)],
});

const placeAtOp: OpDefinition<PlaceOptions> = defineOp<PlaceOptions>({
  name: 'placeAt',
  argNames: ['value'],
  forward: ([v], { offset, shape }) => {
    const out = newBuffer(sizeOf(shape));
    out[offset] = v as number;
    return fromData(out, shape);
  },
  vjp: [(g, { options }) => apply(atOp, [g], options)],
  jvp: [(t, { options }) => placeAt(t, options.shape, options.offset)],
});

/** A zero tensor of `shape` holding the number `value` at flat `offset`. */
function placeAt(value: Value, shape: Shape, offset: number): Value {
  return apply(placeAtOp, [value], { offset, shape });
}

/** One element, by 0-based multi-index: `at(theta, j)`, `at(L, i, j)`. */
export function at(x: Value, ...index: number[]): Value {
  const shape = shapeOf(x);
  if (index.length !== shape.length) {
    throw new Error(`at: ${index.length} indices given for a value of shape ${formatShape(shape)}`);
  }
  if (shape.length === 0) return x;
  const strides = stridesOf(shape);
  let offset = 0;
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= shape[k]!) {
      throw new Error(`at: index ${k} is ${i}, but must be an integer in [0, ${shape[k]! - 1}] for shape ${formatShape(shape)}`);
    }
    offset += i * strides[k]!;
  }
  return apply(atOp, [x], { offset, shape });
}

/** The elements of a vector as numbers (or traced scalars): `const [a, b] = unstack(v)`. */
export function unstack(x: Value): Value[] {
  const shape = shapeOf(x);
  if (shape.length !== 1) throw new Error(`unstack: expects a vector, got shape ${formatShape(shape)}`);
  if (!(x instanceof Box)) return Array.from((x as Tensor).data); // untraced: plain numbers, no ops
  const out = new Array<Value>(shape[0]!);
  for (let i = 0; i < out.length; i++) out[i] = at(x, i);
  return out;
}
