import { newBuffer } from './buffers.js';
/**
 * Dense n-dimensional arrays of float64, row-major. Scalars are plain JS numbers
 * throughout leapfrog; a Tensor always has at least one dimension.
 */
export class Tensor {
  readonly data: Float64Array;
  readonly shape: readonly number[];

  constructor(data: Float64Array, shape: readonly number[]) {
    if (shape.length === 0) throw new Error('Tensor: a tensor needs at least one dimension; use a number for scalars');
    let size = 1;
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new Error(`Tensor: shape [${shape.join(', ')}] has ${d}, but dimensions must be non-negative integers`);
      size *= d;
    }
    if (size !== data.length) {
      throw new Error(`Tensor: shape [${shape.join(', ')}] holds ${size} values, but ${data.length} were given`);
    }
    this.data = data;
    this.shape = shape;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Element at a multi-index (0-based), for reading values outside traced code. */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new Error(`Tensor.get: ${index.length} indices for a tensor of shape [${this.shape.join(', ')}]`);
    }
    let offset = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k]!;
      const n = this.shape[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new Error(`Tensor.get: index ${k} is ${i}, but must be an integer in [0, ${n - 1}]`);
      }
      offset = offset * n + i;
    }
    return this.data[offset]!;
  }

  /** Nested JS arrays, e.g. for printing or JSON. */
  toArray(): unknown[] {
    const build = (dim: number, offset: number): unknown[] => {
      const n = this.shape[dim]!;
      const stride = stridesOf(this.shape)[dim]!;
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? this.data[offset + i] : build(dim + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return `Tensor(${JSON.stringify(this.toArray())}, shape [${this.shape.join(', ')}])`;
  }
}

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

type Nested = number | readonly Nested[];

/**
 * A tensor from nested arrays (`tensor([[1, 2], [3, 4]])`), or from flat data and a shape
 * (`tensor(data, [2, 2])`). A flat array without a shape is a vector.
 */
export function tensor(values: Float64Array | readonly Nested[], shape?: Shape): Tensor {
  if (values instanceof Float64Array) return new Tensor(values, shape ?? [values.length]);
  if (shape !== undefined) return new Tensor(Float64Array.from(values as readonly number[]), shape);
  const inferred: number[] = [];
  let level: Nested = values as Nested;
  while (Array.isArray(level)) {
    inferred.push(level.length);
    level = (level as readonly Nested[])[0] as Nested;
    if (level === undefined) break;
  }
  const data = new Float64Array(sizeOf(inferred));
  let offset = 0;
  const fill = (v: Nested, dim: number, path: string): void => {
    if (dim === inferred.length) {
      if (typeof v !== 'number') throw new Error(`tensor: value at ${path} is not a number`);
      data[offset++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== inferred[dim]) {
      throw new Error(`tensor: ragged nested array at ${path}: expected ${inferred[dim]} entries`);
    }
    (v as readonly Nested[]).forEach((x, i) => fill(x, dim + 1, `${path}[${i}]`));
  };
  fill(values as Nested, 0, 'values');
  return new Tensor(data, inferred);
}

export function zeros(shape: Shape): Tensor {
  return new Tensor(newBuffer(sizeOf(shape)), shape);
}

export function fill(shape: Shape, value: number): Tensor {
  return new Tensor(newBuffer(sizeOf(shape)).fill(value), shape);
}

export function ones(shape: Shape): Tensor {
  return fill(shape, 1);
}

/** Evenly spaced points from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, count: number): Tensor {
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = count === 1 ? start : start + ((stop - start) * i) / (count - 1);
  return new Tensor(data, [count]);
}
