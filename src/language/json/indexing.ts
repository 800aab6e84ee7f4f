import { transpose } from '../../ad/ops/linalg.js';
import { at, gather, reshape, slice } from '../../ad/ops/shape.js';
import { Tensor } from '../../ad/tensor.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';
import type { Span } from './ast.js';
import { EvaluationError, type LocalVariable } from './local-variable.js';
import { CheckError, lowered, type Folding, type Lowered } from './lowered.js';
import type { Frame } from './scope.js';
import { INT, REAL, formatType, intArrayType, matrixType, rowVectorType, vectorType, withArticle, type Size, type SpecType } from './types.js';

// Stan's indexing, 1-based: x[i] drops an axis, x[idx] (an int array) and x[a:b]
// (inclusive) keep it; m[i] is row i (a row vector), m[:, j] column j (a vector). Each
// index is one op on the whole value (at, slice or gather), never a loop over elements.

/** One lowered index: a position, a multi-index or a range (ends may be omitted). */
export type LoweredIndex =
  | { readonly kind: 'single'; readonly value: Lowered; readonly span: Span }
  | { readonly kind: 'multi'; readonly value: Lowered; readonly span: Span }
  | { readonly kind: 'range'; readonly start: Lowered | null; readonly end: Lowered | null; readonly span: Span };

/** Number of positions an index selects, when known at check time. */
function selectedSize(index: LoweredIndex, axisSize: Size, foldable: boolean): Size {
  if (index.kind === 'multi') return (index.value.type as { size: Size }).size;
  if (index.kind === 'single') return 1;
  if (!foldable) return null;
  const start = index.start === null ? 1 : index.start.constant ? (primal(index.start.evaluate({ slots: [] })) as number) : null;
  const end = index.end === null ? axisSize : index.end.constant ? (primal(index.end.evaluate({ slots: [] })) as number) : null;
  return start === null || end === null ? null : Math.max(0, end - start + 1);
}

/** The static type of `target[indices]`, or a message. */
function indexedType(target: SpecType, indices: readonly LoweredIndex[], foldable: boolean): SpecType | string {
  const axes: Size[] =
    target.kind === 'matrix' ? [target.rows, target.cols] : target.kind === 'vector' || target.kind === 'row_vector' || target.kind === 'int_array' ? [target.size] : [];
  if (axes.length === 0) return `${withArticle(target)} cannot be indexed`;
  if (indices.length > axes.length) return `${indices.length} indices given, but ${withArticle(target)} has ${axes.length === 1 ? 'one axis' : 'two axes'}`;
  const kept = indices.map((index, k) => (index.kind === 'single' ? undefined : selectedSize(index, axes[k]!, foldable)));
  if (target.kind !== 'matrix') {
    if (kept[0] === undefined) return target.kind === 'int_array' ? INT : REAL;
    return target.kind === 'int_array' ? intArrayType(kept[0]) : target.kind === 'row_vector' ? rowVectorType(kept[0]) : vectorType(kept[0]);
  }
  const rows = kept[0];
  const cols = indices.length === 1 ? target.cols : kept[1];
  if (rows === undefined && cols === undefined) return REAL;
  if (rows === undefined) return rowVectorType(cols!);
  if (cols === undefined) return vectorType(rows);
  return matrixType(rows, cols);
}

/** A 1-based position checked against an axis, as a 0-based offset. */
function position(value: Value, axisSize: number, describe: () => string): number {
  const i = primal(value) as number;
  if (!Number.isInteger(i) || i < 1 || i > axisSize) {
    throw new EvaluationError(`${describe()}: index ${i} is out of range; valid indices are 1 to ${axisSize} (1-based)`);
  }
  return i - 1;
}

const checkedIndices = new WeakMap<Tensor, { axisSize: number; indices: Int32Array }>();

/** An int array of 1-based indices as 0-based Int32Array, checked (cached per constant array). */
function positions(value: Value, axisSize: number, describe: () => string): Int32Array {
  const p = primal(value) as Tensor;
  const cached = checkedIndices.get(p);
  if (cached !== undefined && cached.axisSize === axisSize) return cached.indices;
  const out = new Int32Array(p.size);
  for (let k = 0; k < p.size; k++) {
    const i = p.data[k]!;
    if (!Number.isInteger(i) || i < 1 || i > axisSize) {
      throw new EvaluationError(`${describe()}: multi-index element ${k + 1} is ${i}, out of range; valid indices are 1 to ${axisSize} (1-based)`);
    }
    out[k] = i - 1;
  }
  checkedIndices.set(p, { axisSize, indices: out });
  return out;
}

/** Selection along one axis of a value (axis 0 or 1), keeping the axis unless `single`. */
function selectAxis(x: Value, axis: number, index: LoweredIndex, frame: Frame, describe: () => string): Value {
  const shape = shapeOf(x);
  const n = shape[axis]!;
  switch (index.kind) {
    case 'single': {
      const i = position(index.value.evaluate(frame), n, describe);
      const piece = slice(x, i, i + 1, axis);
      return reshape(piece, shape.filter((_, k) => k !== axis));
    }
    case 'multi': {
      const idx = positions(index.value.evaluate(frame), n, describe);
      return axis === 0 ? gather(x, idx) : transpose(gather(transpose(x), idx));
    }
    case 'range': {
      const start = index.start === null ? 0 : position(index.start.evaluate(frame), n, describe);
      const endValue = index.end === null ? n : (primal(index.end.evaluate(frame)) as number);
      if (!Number.isInteger(endValue) || endValue > n) {
        throw new EvaluationError(`${describe()}: the range ends at ${endValue}, but the axis has ${n} elements (ranges are 1-based and inclusive)`);
      }
      const end = Math.max(start, endValue);
      if (start === 0 && end === n) return x;
      return slice(x, start, end, axis);
    }
  }
}

/** Reads one element of a local variable without stacking it (the point of LocalVariable). */
function elementOfLocal(local: LocalVariable, indices: readonly LoweredIndex[], frame: Frame, describe: () => string): Value | undefined {
  if (indices.some((i) => i.kind !== 'single')) return undefined;
  const { shape } = local;
  if (indices.length !== shape.length) {
    if (shape.length === 2 && indices.length === 1) {
      const row = position((indices[0] as { value: Lowered }).value.evaluate(frame), shape[0]!, describe);
      return local.readRun(row * shape[1]!, shape[1]!, describe);
    }
    return undefined;
  }
  let offset = 0;
  for (let k = 0; k < indices.length; k++) {
    offset = offset * shape[k]! + position((indices[k] as { value: Lowered }).value.evaluate(frame), shape[k]!, describe);
  }
  return local.readElement(offset, describe);
}

/**
 * `target[indices]`, checked and lowered. `local` reads the target as a local variable
 * when it is one, so that single elements written in a loop are read back as they were
 * written.
 */
export function lowerIndex(
  target: Lowered,
  indices: readonly LoweredIndex[],
  span: Span,
  folding: Folding,
  describeTarget: string,
  local?: (frame: Frame) => LocalVariable,
): Lowered {
  const type = indexedType(target.type, indices, folding.foldable);
  if (typeof type === 'string') throw new CheckError(type, span);
  const describe = (): string => `${describeTarget} (${formatType(target.type)})`;
  const whole = target.evaluate;
  const allSingle = indices.every((i) => i.kind === 'single');
  const evaluate = (frame: Frame): Value => {
    if (local !== undefined) {
      const v = elementOfLocal(local(frame), indices, frame, describe);
      if (v !== undefined) return v;
    }
    const x = whole(frame);
    if (x instanceof Tensor && allSingle && indices.length === x.shape.length) {
      // An element of data (y[t] in a loop): read it directly, no op needed.
      let offset = 0;
      for (let k = 0; k < indices.length; k++) offset = offset * x.shape[k]! + position((indices[k] as { value: Lowered }).value.evaluate(frame), x.shape[k]!, describe);
      return x.data[offset]!;
    }
    if (indices.length === 2 && indices[0]!.kind === 'single' && indices[1]!.kind === 'single') {
      const shape = shapeOf(x);
      return at(x, position(indices[0]!.value.evaluate(frame), shape[0]!, describe), position(indices[1]!.value.evaluate(frame), shape[1]!, describe));
    }
    if (indices.length === 1 && indices[0]!.kind === 'single' && shapeOf(x).length === 1) {
      return at(x, position(indices[0]!.value.evaluate(frame), shapeOf(x)[0]!, describe));
    }
    // Axis 1 first, so that axis 0 keeps its meaning when axis 1 is dropped.
    let out = x;
    if (indices.length === 2) out = selectAxis(out, 1, indices[1]!, frame, describe);
    return selectAxis(out, 0, indices[0]!, frame, describe);
  };
  const children = [target, ...indices.flatMap((i) => (i.kind === 'range' ? [i.start, i.end].filter((b): b is Lowered => b !== null) : [i.value]))];
  return lowered(type, evaluate, children, folding, span);
}

/** Checks the type of one index expression. */
export function classifyIndex(value: Lowered, span: Span): LoweredIndex {
  if (value.type.kind === 'int') return { kind: 'single', value, span };
  if (value.type.kind === 'int_array') return { kind: 'multi', value, span };
  throw new CheckError(`an index must be an int, an int array or a range a:b, but this is ${withArticle(value.type)}`, span);
}
