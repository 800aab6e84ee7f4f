import { transpose } from '../../ad/ops/linalg.js';
import { at, gather, reshape, slice } from '../../ad/ops/shape.js';
import { Tensor, sizeOf } from '../../ad/tensor.js';
import { Box, primal, shapeOf, type Value } from '../../ad/trace.js';
import type { Span } from './ast.js';
import { EvaluationError, type LocalVariable, type ReadSite } from './local-variable.js';
import { CheckError, lowered, type Folding, type Lowered } from './lowered.js';
import type { Frame } from './scope.js';
import { contiguousRun, selectedOffsets, selectedShape, type ResolvedIndex } from './selection.js';
import { REAL, arrayDims, arrayType, elementType, formatType, matrixType, rowVectorType, vectorType, withArticle, type ElementType, type Size, type SpecType } from './types.js';

// Stan's indexing, 1-based, on every axis of a value: an array's axes first, then its
// element's. x[i] drops an axis, x[idx] (an int array) and x[a:b] (inclusive) keep it;
// m[i] is row i (a row vector), m[:, j] column j (a vector), a[g] of an array of vectors is
// its g-th vector, y[n, k] of an array[N, K] int an int. Each index is one op on the whole
// value (at, slice or gather), never a loop over elements.

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

/** The element type left after indexing its own axes (kept: the sizes of the kept axes, undefined for a dropped one). */
function indexedElement(element: ElementType, kept: readonly (Size | undefined)[]): ElementType {
  switch (element.kind) {
    case 'int':
    case 'real':
      return element;
    case 'vector':
    case 'row_vector':
      if (kept.length === 0) return element;
      return kept[0] === undefined ? REAL : element.kind === 'vector' ? vectorType(kept[0]) : rowVectorType(kept[0]);
    case 'matrix': {
      const rows = kept.length > 0 ? kept[0] : element.rows;
      const cols = kept.length > 1 ? kept[1] : element.cols;
      if (rows === undefined && cols === undefined) return REAL;
      if (rows === undefined) return rowVectorType(cols!);
      if (cols === undefined) return vectorType(rows);
      return matrixType(rows, cols);
    }
  }
}

/** The static type of `target[indices]`, or a message. */
export function indexedType(target: SpecType, indices: readonly LoweredIndex[], foldable: boolean): SpecType | string {
  const dims = arrayDims(target);
  const element = elementType(target);
  const elementAxes: Size[] = element.kind === 'matrix' ? [element.rows, element.cols] : element.kind === 'vector' || element.kind === 'row_vector' ? [element.size] : [];
  const axes = [...dims, ...elementAxes];
  if (axes.length === 0) return `${withArticle(target)} cannot be indexed`;
  if (indices.length > axes.length) return `${indices.length} indices given, but ${withArticle(target)} has ${axes.length === 1 ? 'one axis' : `${axes.length} axes`}`;
  const kept = indices.map((index, k) => (index.kind === 'single' ? undefined : selectedSize(index, axes[k]!, foldable)));
  const keptDims: Size[] = [];
  for (let k = 0; k < dims.length; k++) {
    if (k >= kept.length) keptDims.push(dims[k]!);
    else if (kept[k] !== undefined) keptDims.push(kept[k]!);
  }
  return arrayType(keptDims, indexedElement(element, kept.slice(dims.length)));
}

/** A 1-based position checked against an axis, as a 0-based offset. */
export function position(value: Value, axisSize: number, describe: () => string): number {
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

/** A range's 0-based start and exclusive end on an axis of `n`, checked. */
function rangeOf(index: Extract<LoweredIndex, { kind: 'range' }>, n: number, frame: Frame, describe: () => string): { start: number; end: number } {
  const start = index.start === null ? 0 : position(index.start.evaluate(frame), n, describe);
  const endValue = index.end === null ? n : (primal(index.end.evaluate(frame)) as number);
  if (!Number.isInteger(endValue) || endValue > n) {
    throw new EvaluationError(`${describe()}: the range ends at ${endValue}, but the axis has ${n} elements (ranges are 1-based and inclusive)`);
  }
  return { start, end: Math.max(start, endValue) };
}

/** The indices evaluated against a value of `shape`, checked. */
export function resolveIndices(indices: readonly LoweredIndex[], shape: readonly number[], frame: Frame, describe: () => string): ResolvedIndex[] {
  return indices.map((index, axis) => {
    const n = shape[axis]!;
    if (index.kind === 'single') return { kind: 'single', position: position(index.value.evaluate(frame), n, describe) };
    if (index.kind === 'multi') return { kind: 'multi', positions: positions(index.value.evaluate(frame), n, describe) };
    return { kind: 'range', ...rangeOf(index, n, frame, describe) };
  });
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
      const { start, end } = rangeOf(index, n, frame, describe);
      if (start === 0 && end === n) return x;
      return slice(x, start, end, axis);
    }
  }
}

/** Any selection of a value of any rank: a contiguous run is one slice, anything else one gather, of the flat value. */
function selectAny(x: Value, indices: readonly LoweredIndex[], frame: Frame, describe: () => string): Value {
  const shape = shapeOf(x);
  const resolved = resolveIndices(indices, shape, frame, describe);
  const resultShape = selectedShape(resolved, shape);
  const run = contiguousRun(resolved, shape);
  if (!(x instanceof Box)) {
    // Data: the selected numbers, no op.
    const data = (x as Tensor).data;
    const values = run !== undefined ? data.slice(run.start, run.start + run.count) : Float64Array.from(selectedOffsets(resolved, shape), (k) => data[k]!);
    return resultShape.length === 0 ? values[0]! : new Tensor(values, resultShape);
  }
  const flat = reshape(x, [sizeOf(shape)]);
  const picked = run !== undefined ? slice(flat, run.start, run.start + run.count) : gather(flat, selectedOffsets(resolved, shape));
  return reshape(picked, resultShape);
}

/** The flat offset of positions on the leading axes (all indices single), and how many elements follow it; no allocation (the hot path of recursions). */
export function leadingOffset(indices: readonly LoweredIndex[], shape: readonly number[], frame: Frame, describe: () => string): number {
  let offset = 0;
  for (let k = 0; k < indices.length; k++) offset = offset * shape[k]! + position((indices[k] as { value: Lowered }).value.evaluate(frame), shape[k]!, describe);
  for (let k = indices.length; k < shape.length; k++) offset *= shape[k]!;
  return offset;
}

/** Reads a selection of a local variable without stacking it whole (the point of LocalVariable). */
function selectionOfLocal(local: LocalVariable, indices: readonly LoweredIndex[], allSingle: boolean, frame: Frame, describe: () => string, site: ReadSite | undefined): Value {
  const reads = frame.unassigned;
  if (allSingle) {
    const shape = local.shape;
    const offset = leadingOffset(indices, shape, frame, describe);
    if (indices.length === shape.length) return local.readElement(offset, reads, site);
    const inner = sizeOf(shape.slice(indices.length));
    const run = local.readRun(offset, inner, reads, site);
    return shape.length - indices.length === 1 ? run : reshape(run, shape.slice(indices.length));
  }
  const resolved = resolveIndices(indices, local.shape, frame, describe);
  const resultShape = selectedShape(resolved, local.shape);
  const run = contiguousRun(resolved, local.shape);
  if (run !== undefined && resultShape.length === 0) return local.readElement(run.start, reads, site);
  if (run !== undefined && resultShape.length === 1) return local.readRun(run.start, run.count, reads, site);
  return local.readAt(selectedOffsets(resolved, local.shape), resultShape, reads, site);
}

/**
 * `target[indices]`, checked and lowered. `local` reads the target as a local variable
 * when it is one, so that elements written in a loop are read back as they were written.
 */
export function lowerIndex(
  target: Lowered,
  indices: readonly LoweredIndex[],
  span: Span,
  folding: Folding,
  describeTarget: string,
  local?: (frame: Frame) => LocalVariable,
  /** Where the expression reads the local, for the warning when it reads an unassigned real. */
  site?: ReadSite,
): Lowered {
  const type = indexedType(target.type, indices, folding.foldable);
  if (typeof type === 'string') throw new CheckError(type, span);
  const describe = (): string => `${describeTarget} (${formatType(target.type)})`;
  const whole = target.evaluate;
  const allSingle = indices.every((i) => i.kind === 'single');
  const evaluate = (frame: Frame): Value => {
    if (local !== undefined) return selectionOfLocal(local(frame), indices, allSingle, frame, describe, site);
    const x = whole(frame);
    const shape = shapeOf(x);
    if (x instanceof Tensor && allSingle && indices.length === shape.length) {
      // An element of data (y[t] in a loop): read it directly, no op needed.
      let offset = 0;
      for (let k = 0; k < indices.length; k++) offset = offset * shape[k]! + position((indices[k] as { value: Lowered }).value.evaluate(frame), shape[k]!, describe);
      return x.data[offset]!;
    }
    if (shape.length > 2) return selectAny(x, indices, frame, describe);
    if (indices.length === 2 && indices[0]!.kind === 'single' && indices[1]!.kind === 'single') {
      return at(x, position(indices[0]!.value.evaluate(frame), shape[0]!, describe), position(indices[1]!.value.evaluate(frame), shape[1]!, describe));
    }
    if (indices.length === 1 && indices[0]!.kind === 'single' && shape.length === 1) {
      return at(x, position(indices[0]!.value.evaluate(frame), shape[0]!, describe));
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

