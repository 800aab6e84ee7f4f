import { sizeOf } from '../../ad/tensor.js';

// Which elements of a row-major value of some shape a list of indices selects (Stan's
// indexing on every axis: a position drops its axis, a multi-index and a range keep it,
// axes not indexed are kept whole). Used to read and write selections of any rank as flat
// offsets: one gather of a whole value, or the cells of a local variable.

/** An index evaluated for one axis, 0-based. */
export type ResolvedIndex =
  | { readonly kind: 'single'; readonly position: number }
  | { readonly kind: 'multi'; readonly positions: Int32Array }
  /** start..end−1; an empty range has end = start. */
  | { readonly kind: 'range'; readonly start: number; readonly end: number };

const count = (index: ResolvedIndex): number => (index.kind === 'single' ? 1 : index.kind === 'multi' ? index.positions.length : index.end - index.start);

/** The positions an index selects on its axis, in order. */
function positionsOf(index: ResolvedIndex): ArrayLike<number> {
  if (index.kind === 'single') return [index.position];
  if (index.kind === 'multi') return index.positions;
  return Int32Array.from({ length: index.end - index.start }, (_, k) => index.start + k);
}

/** The shape of the selection: the kept axes (multi-indices and ranges), then the axes not indexed. */
export function selectedShape(indices: readonly ResolvedIndex[], shape: readonly number[]): number[] {
  const kept = indices.filter((i) => i.kind !== 'single').map(count);
  return [...kept, ...shape.slice(indices.length)];
}

/** The flat offsets of the selected elements, row-major over the selection. */
export function selectedOffsets(indices: readonly ResolvedIndex[], shape: readonly number[]): Int32Array {
  const strides = shape.map((_, axis) => sizeOf(shape.slice(axis + 1)));
  const inner = sizeOf(shape.slice(indices.length));
  const axes = indices.map(positionsOf);
  const total = axes.reduce((n, a) => n * a.length, 1) * inner;
  const out = new Int32Array(total);
  let k = 0;
  // An odometer over the indexed axes; the trailing axes are one contiguous run each time.
  const at = new Array<number>(axes.length).fill(0);
  if (axes.some((a) => a.length === 0)) return out;
  for (;;) {
    let base = 0;
    for (let axis = 0; axis < axes.length; axis++) base += axes[axis]![at[axis]!]! * strides[axis]!;
    for (let j = 0; j < inner; j++) out[k++] = base + j;
    let axis = axes.length - 1;
    while (axis >= 0 && ++at[axis]! === axes[axis]!.length) at[axis--] = 0;
    if (axis < 0) return out;
  }
}

/**
 * The selection as one contiguous run of the flat value, when it is one: positions on the
 * leading axes, then at most one range, then whole axes (`a[g]` of an array of vectors,
 * `m[i]`, `x[2:5]`). Undefined otherwise.
 */
export function contiguousRun(indices: readonly ResolvedIndex[], shape: readonly number[]): { readonly start: number; readonly count: number } | undefined {
  let start = 0;
  let k = 0;
  for (; k < indices.length && indices[k]!.kind === 'single'; k++) start = start * shape[k]! + (indices[k] as { position: number }).position;
  let run = 1;
  if (k < indices.length) {
    const index = indices[k]!;
    if (index.kind !== 'range') return undefined;
    start = start * shape[k]! + index.start;
    run = index.end - index.start;
    k++;
  }
  if (k < indices.length) return undefined;
  const inner = sizeOf(shape.slice(indices.length));
  return { start: start * inner, count: run * inner };
}
