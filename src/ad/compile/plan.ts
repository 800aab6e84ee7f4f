import { isElementwiseOp } from '../ops/elementwise.js';
import { addAllOp, logSumExpOp, sumOp } from '../ops/reduce.js';
import { stackOp } from '../ops/stack.js';
import type { ArrayRef } from './array-ref.js';
import { rerollSum, type CellRead, type RerollContext } from './reroll.js';
import { atOp, type PlaceOptions } from '../ops/element.js';
import { concatOp, gatherOp, reshapeOp, sliceOp, type GatherOptions, type SliceOptions } from '../ops/shape.js';
import type { ProgramStructure, ReplayNode } from '../replay.js';
import { ExprBuilder, substitute, topologicalOrder, type InputExpr, type ScalarExpr } from '../scalar/expr.js';
import { ADD, exprKit, type ExprKit } from '../scalar/primitives.js';
import { Tensor, shapesEqual, sizeOf, type Shape } from '../tensor.js';
import { Box, shapeOf, type Value } from '../trace.js';

// The first half of the whole-gradient compiler: a recorded tape read as a program of
// stages over scalar expressions. Elementwise ops and densities declared per element are
// not computed where they occur: each tensor's value is an expression per element (over
// reads of θ, data and materialised arrays), composed through the chain, and evaluated
// only where something needs it — a reduction (a density's sum, `sum`), an op the compiler
// does not inline, or the output. Scalars are expressions too, so a model's whole scalar
// part is one expression, differentiated symbolically. emit-gradient.ts turns the stages
// into code.

/** What an op declares of a density it evaluates per element (src/models/distributions/fused.ts). */
export interface DeclaredDensity {
  readonly builder: ExprBuilder;
  /** The log density of one element, an expression of the op's arguments (inputs 0 ..). */
  readonly value: ScalarExpr;
}

/** A density's checks of its traced arguments per element, as a 0/1 expression (undefined: not expressible). */
export type DeclaredCondition = (e: ExprKit, args: readonly ScalarExpr[], traced: readonly boolean[]) => ScalarExpr | undefined;

/**
 * How a density summed over rows reads its arguments in one row: per row (a scalar, or
 * element i of a tensor of one value per row), through an index (element indices[i]), one
 * cell for every row (a coefficient), or a data column the op holds. Each read is null
 * where the argument cannot be read so (the op then runs as a kernel).
 */
export interface RowReads {
  readonly e: ExprKit;
  /** Which arguments are traced. */
  readonly traced: readonly boolean[];
  row(argument: number): ScalarExpr | null;
  gathered(argument: number, indices: Int32Array): ScalarExpr | null;
  cell(argument: number, position: number): ScalarExpr | null;
  data(column: Float64Array): ScalarExpr;
}

/**
 * What an op declares of a density summed over rows whose row reads its arguments in ways
 * an elementwise op cannot (a GLM: its intercepts through a group index, its coefficients
 * one cell each, its predictors data columns): the number of rows, and one row's log
 * density with the checks of its traced arguments (undefined: not planned per row, the op
 * runs as a kernel).
 */
export interface RowDensity {
  rows(options: unknown): number | undefined;
  element(reads: RowReads, options: unknown): { readonly value: ScalarExpr; readonly condition: ScalarExpr | null } | undefined;
}

/** Where input (leaf) k of the recorded function lives in the flat θ. */
export interface LeafLayout {
  readonly offset: number;
  readonly shape: Shape;
  readonly size: number;
}

export type { ArrayRef } from './array-ref.js';

/** Where a scalar symbol's adjoint goes. */
export type ScalarAdjoint =
  | { readonly kind: 'none' }
  /** A local accumulator, complete before the stage defining the symbol runs in reverse. */
  | { readonly kind: 'local'; readonly name: string }
  /** An element of an adjoint array (a scalar read from θ or a buffer). */
  | { readonly kind: 'cell'; readonly array: string; readonly index: number };

/** An input of the program's expressions. */
export type SymbolInfo =
  | { readonly kind: 'scalar'; readonly code: string; adjoint: ScalarAdjoint }
  /** Element j of an array, or, with `index`, element index[j] (a gather by a data index array). */
  | { readonly kind: 'element'; readonly array: ArrayRef; readonly size: number; readonly index: string | null };

export type NodeValue =
  | { readonly kind: 'scalar'; readonly expr: ScalarExpr }
  /** A small tensor of scalars stacked together (`stack([a, b, c])`): one expression per element. */
  | { readonly kind: 'elements'; readonly shape: Shape; readonly exprs: readonly ScalarExpr[]; array: ArrayRef | null }
  | { readonly kind: 'tensor'; readonly shape: Shape; readonly size: number; readonly expr: ScalarExpr; array: ArrayRef | null };

/** A loop over `size` elements accumulating `root` into the local `output`. */
export interface ReduceItem {
  readonly root: ScalarExpr;
  readonly output: number;
  readonly name: string;
  /** 0/1 per element: where any element fails, the whole log density is −∞. */
  readonly condition: ScalarExpr | null;
  /** The adjoint of the sum when it is known before the loop runs (a constant): the reverse is done in the same loop. */
  fusedFactor: ScalarExpr | null;
}

export type Stage =
  | { readonly kind: 'reduce'; readonly size: number; readonly items: ReduceItem[] }
  | { readonly kind: 'store'; readonly size: number; readonly root: ScalarExpr; readonly array: ArrayRef; readonly buffer: number }
  /** Stacked scalars written into a buffer, one statement each (for ops that take the tensor). */
  | { readonly kind: 'pack'; readonly exprs: readonly ScalarExpr[]; readonly array: ArrayRef; readonly buffer: number }
  | { readonly kind: 'scalar'; readonly root: ScalarExpr; readonly output: number; readonly name: string; readonly condition: ScalarExpr | null }
  | { readonly kind: 'opaque'; readonly node: number; readonly args: readonly OpaqueArgument[]; readonly output: OpaqueOutput };

export type OpaqueArgument =
  | { readonly kind: 'constant' }
  | { readonly kind: 'scalar'; readonly symbol: number }
  | { readonly kind: 'tensor'; readonly array: ArrayRef };

export type OpaqueOutput = { readonly kind: 'scalar'; readonly symbol: number; readonly name: string } | { readonly kind: 'tensor'; readonly array: ArrayRef; readonly adjointBuffer: number };

export interface GradientPlan {
  readonly builder: ExprBuilder;
  readonly symbols: SymbolInfo[];
  readonly stages: Stage[];
  /** The output, an expression of scalar symbols. */
  readonly output: ScalarExpr;
  /** 0/1 conditions of scalar densities (outside loops). */
  readonly conditions: ScalarExpr[];
  /** Data arrays the code reads, by local name c0, c1, ... */
  readonly constants: Float64Array[];
  /** Leaves read as scalars: local x<k> = theta[offset]. */
  readonly scalarLeaves: { readonly name: string; readonly offset: number }[];
  /** Adjoint buffers to zero at each evaluation (indices into the runtime's buffers). */
  readonly adjointBuffers: number[];
  readonly opaqueNodes: number[];
  /** Buffers to create in the runtime: [shape, size] in index order. */
  readonly buffers: { readonly shape: Shape; readonly size: number }[];
  /** Data index arrays the code reads, by local name k0, k1, ... */
  readonly indexArrays: readonly Int32Array[];
  /** The data arrays by their local name (c0, c1, ...). */
  readonly constantsByName: ReadonlyMap<string, Float64Array>;
  /** A new data array (values precomputed at compile time), as an element symbol. */
  addConstantElement(values: Float64Array): ScalarExpr;
  /** Data-only subexpressions already precomputed (by node id), shared by both emissions. */
  readonly precomputed: Map<number, ScalarExpr>;
}

/** Why a tape cannot be compiled (the caller keeps the interpreter). */
export class NotCompilable extends Error {}

class Planner {
  readonly builder = new ExprBuilder();
  readonly e: ExprKit = exprKit(this.builder);
  readonly symbols: SymbolInfo[] = [];
  readonly stages: Stage[] = [];
  readonly conditions: ScalarExpr[] = [];
  readonly constants: Float64Array[] = [];
  readonly scalarLeaves: { name: string; offset: number }[] = [];
  readonly adjointBuffers: number[] = [];
  readonly opaqueNodes: number[] = [];
  readonly buffers: { shape: Shape; size: number }[] = [];
  readonly indexArrays: Int32Array[] = [];
  /** Scalar symbols that read one element of an array (for loop rerolling). */
  readonly cells = new Map<number, CellRead>();
  private readonly symbolKeys = new Map<string, number>();
  private readonly constantIndex = new Map<Float64Array, number>();
  readonly values = new Map<number, NodeValue>();
  private locals = 0;

  constructor(
    readonly structure: ProgramStructure,
    readonly layout: readonly LeafLayout[],
  ) {}

  local(prefix: string): string {
    return `${prefix}${this.locals++}`;
  }

  symbol(key: string, info: SymbolInfo): InputExpr {
    let index = this.symbolKeys.get(key);
    if (index === undefined) {
      index = this.symbols.length;
      this.symbols.push(info);
      this.symbolKeys.set(key, index);
    }
    return this.builder.input(index);
  }

  elementOf(array: ArrayRef, size: number, index: string | null = null): ScalarExpr {
    return this.symbol(`e:${array.name}:${array.offset}:${size}:${index ?? ''}`, { kind: 'element', array, size, index });
  }

  /** A data index array the code reads (k0, k1, ...). */
  indexArray(indices: Int32Array): string {
    let k = this.indexArrays.indexOf(indices);
    if (k < 0) {
      k = this.indexArrays.length;
      this.indexArrays.push(indices);
    }
    return `k${k}`;
  }

  addBuffer(shape: Shape, size: number): number {
    this.buffers.push({ shape, size });
    return this.buffers.length - 1;
  }

  /** A data tensor as an array the code reads (each distinct array passed once). */
  constantArray(tensor: Tensor): ArrayRef {
    let k = this.constantIndex.get(tensor.data);
    if (k === undefined) {
      k = this.constants.length;
      this.constants.push(tensor.data);
      this.constantIndex.set(tensor.data, k);
    }
    return { name: `c${k}`, offset: 0, adjoint: null, tensorCode: `Ct[${k}]`, shape: tensor.shape };
  }

  /** A constant argument (never traced here) as a value. */
  constantValue(v: Value): NodeValue {
    if (v instanceof Box) throw new NotCompilable('an argument is traced by an outer trace');
    if (typeof v === 'number') return { kind: 'scalar', expr: this.builder.constant(v) };
    if (!(v instanceof Tensor)) throw new NotCompilable('an argument is not a number or a tensor');
    const array = this.constantArray(v);
    return { kind: 'tensor', shape: v.shape, size: v.size, expr: this.elementOf(array, v.size), array };
  }

  argumentValue(node: ReplayNode, j: number): NodeValue {
    const p = node.parents[j]!;
    return p >= 0 ? this.values.get(p)! : this.constantValue(node.args[j]!);
  }

  /** A tensor value held in an array (a store loop for an expression not yet held). */
  materialize(value: NodeValue & { kind: 'tensor' | 'elements' }): ArrayRef {
    if (value.array !== null) return value.array;
    if (value.kind === 'elements') {
      const buffer = this.addBuffer(value.shape, value.exprs.length);
      const adjointBuffer = this.addBuffer(value.shape, value.exprs.length);
      this.adjointBuffers.push(adjointBuffer);
      const array: ArrayRef = { name: `b${buffer}`, offset: 0, adjoint: { name: `b${adjointBuffer}`, offset: 0 }, tensorCode: `Bt[${buffer}]`, shape: value.shape };
      this.stages.push({ kind: 'pack', exprs: value.exprs, array, buffer });
      value.array = array;
      return array;
    }
    const buffer = this.addBuffer(value.shape, value.size);
    const adjointBuffer = this.addBuffer(value.shape, value.size);
    this.adjointBuffers.push(adjointBuffer);
    const array: ArrayRef = { name: `b${buffer}`, offset: 0, adjoint: { name: `b${adjointBuffer}`, offset: 0 }, tensorCode: `Bt[${buffer}]`, shape: value.shape };
    this.stages.push({ kind: 'store', size: value.size, root: value.expr, array, buffer });
    value.array = array;
    return array;
  }

  /**
   * An array holding a tensor value's elements for reading by position (gather, at): the
   * value's own array, the array its elements are a plain view of (a slice of θ), or a
   * materialised copy.
   */
  elementsArray(value: NodeValue & { kind: 'tensor' }): ArrayRef {
    if (value.array !== null) return value.array;
    const expr = value.expr;
    if (expr.kind === 'input') {
      const info = this.symbols[expr.index]!;
      if (info.kind === 'element' && info.index === null && info.size === value.size) return info.array;
    }
    return this.materialize(value);
  }

  rerollContext(): RerollContext {
    return {
      cellOf: (symbol) => this.cells.get(symbol),
      constantElements: (values) => {
        const array = this.constantArray(new Tensor(values, [values.length]));
        return this.elementOf(array, values.length);
      },
      elementsAt: (array, count, index) => this.elementOf(array, count, index === null ? null : this.indexArray(index)),
    };
  }

  /** A scalar expression as a symbol with its own adjoint accumulator (for ops that take numbers). */
  scalarSymbolOf(expr: ScalarExpr): number {
    if (expr.kind === 'input' && this.symbols[expr.index]!.kind === 'scalar') return expr.index;
    const name = this.local('s');
    const symbol = this.symbol(`s:${name}`, { kind: 'scalar', code: name, adjoint: { kind: 'local', name: `a${name}` } });
    this.stages.push({ kind: 'scalar', root: expr, output: symbol.index, name, condition: null });
    return symbol.index;
  }
}

/** The value of tensor `value` per element of an iteration over `shape`, or null when it does not line up. */
function elementIn(planner: Planner, value: NodeValue, shape: Shape, size: number): ScalarExpr | null {
  if (value.kind === 'scalar') return value.expr;
  if (value.kind === 'elements') {
    if (value.exprs.length === 1 && value.shape.length <= shape.length) return value.exprs[0]!;
    // Written into a buffer once (one statement per element), then read in the loop.
    if (value.exprs.length === size && shapesEqual(value.shape, shape)) return planner.elementOf(planner.materialize(value), size);
    return null;
  }
  if (value.size === 1 && value.shape.length <= shape.length) {
    const array = planner.materialize(value);
    return readCell(planner, array, 0);
  }
  if (value.size === size && shapesEqual(value.shape, shape)) return value.expr;
  return null;
}

/** One element of an array, as a scalar symbol whose adjoint is that element's. */
function readCell(planner: Planner, array: ArrayRef, index: number): ScalarExpr {
  const at = array.offset + index;
  const adjoint: ScalarAdjoint = array.adjoint === null ? { kind: 'none' } : { kind: 'cell', array: array.adjoint.name, index: array.adjoint.offset + index };
  const symbol = planner.symbol(`r:${array.name}:${at}`, { kind: 'scalar', code: `${array.name}[${at}]`, adjoint });
  planner.cells.set(symbol.index, {
    name: array.name,
    position: at,
    adjointName: array.adjoint === null ? null : array.adjoint.name,
    adjointPosition: array.adjoint === null ? at : array.adjoint.offset + index,
  });
  return symbol;
}

function planLeaves(planner: Planner): void {
  const { structure, layout } = planner;
  structure.leaves.forEach((leafNode, k) => {
    const { offset, shape, size } = layout[k]!;
    if (shape.length === 0) {
      const name = `x${k}`;
      planner.scalarLeaves.push({ name, offset });
      const expr = planner.symbol(`x:${k}`, { kind: 'scalar', code: name, adjoint: { kind: 'cell', array: 'grad', index: offset } });
      planner.values.set(leafNode, { kind: 'scalar', expr });
    } else {
      const array: ArrayRef = { name: 'theta', offset, adjoint: { name: 'grad', offset }, tensorCode: `R.leafTensor(${k}, theta, ${offset}, L[${k}], ${size})`, shape };
      planner.values.set(leafNode, { kind: 'tensor', shape, size, expr: planner.elementOf(array, size), array });
    }
  });
}

/** An elementwise op: its expression with the arguments' expressions substituted. */
function planElementwise(planner: Planner, node: ReplayNode, value: ScalarExpr, outShape: Shape, condition?: (args: readonly ScalarExpr[]) => ScalarExpr | undefined): { expr: ScalarExpr; condition: ScalarExpr | null; size: number } | null {
  const size = sizeOf(outShape);
  const args: ScalarExpr[] = [];
  for (let j = 0; j < node.args.length; j++) {
    const arg = elementIn(planner, planner.argumentValue(node, j), outShape, size);
    if (arg === null) return null;
    args.push(arg);
  }
  const [expr] = substitute(planner.builder, [value], (n) => (n.kind === 'input' ? args[n.index] : undefined));
  let test: ScalarExpr | null = null;
  if (condition !== undefined) {
    const c = condition(args);
    if (c === undefined) return null;
    test = c.kind === 'constant' && c.value !== 0 ? null : c;
  }
  return { expr: expr!, condition: test, size };
}

/** Small tensors are taken element by element where they meet stacked scalars. */
const SMALL_UNROLL = 16;

/**
 * The elements of a value as scalar expressions: stacked scalars as they are, a small
 * tensor unrolled (each element symbol of its expression read at one position); null for
 * scalars and larger tensors.
 */
function smallElements(planner: Planner, value: NodeValue): ScalarExpr[] | null {
  if (value.kind === 'elements') return [...value.exprs];
  if (value.kind !== 'tensor' || value.size > SMALL_UNROLL) return null;
  const { expr } = value;
  if (expr.kind === 'input') {
    // A plain read of an array (a slice, a column): element i is its cell, no substitution.
    const info = planner.symbols[expr.index]!;
    if (info.kind !== 'element') return Array.from({ length: value.size }, () => expr);
    if (info.size !== value.size) return null;
    return Array.from({ length: value.size }, (_, i) => readCell(planner, info.array, info.index === null ? i : planner.indexArrays[Number(info.index.slice(1))]![i]!));
  }
  const inputs = topologicalOrder([value.expr]).filter((n) => n.kind === 'input');
  const out: ScalarExpr[] = [];
  for (let i = 0; i < value.size; i++) {
    const reads = new Map<number, ScalarExpr>();
    for (const input of inputs) {
      const info = planner.symbols[(input as { index: number }).index]!;
      if (info.kind !== 'element') continue;
      if (info.size !== value.size) return null;
      const at = info.index === null ? i : planner.indexArrays[Number(info.index.slice(1))]![i]!;
      reads.set(input.id, readCell(planner, info.array, at));
    }
    out.push(substitute(planner.builder, [value.expr], (n) => reads.get(n.id))[0]!);
  }
  return out;
}

/** Flat positions in a tensor of `shape` of the slice start..end along `axis`. */
function slicePositions(shape: Shape, axis: number, start: number, end: number): Int32Array {
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k]!;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  const n = shape[axis]!;
  const len = end - start;
  const positions = new Int32Array(outer * len * inner);
  let p = 0;
  for (let o = 0; o < outer; o++) for (let s = start; s < end; s++) for (let i = 0; i < inner; i++) positions[p++] = (o * n + s) * inner + i;
  return positions;
}

/** Ops on stacked scalars (a loop body's small vectors): composed per element. */
function planOnElements(planner: Planner, index: number, node: ReplayNode, outShape: Shape): boolean {
  const op = node.op!;
  const values = node.args.map((_, j) => planner.argumentValue(node, j));
  // A vector assembled from scalars (stack, or concat of one-element pieces: a local vector
  // written element by element, as a recursion does).
  const pieces = op === concatOp && outShape.length === 1 ? concatPieces(planner, values) : null;
  if (pieces !== null) {
    planner.values.set(index, { kind: 'elements', shape: outShape, exprs: pieces, array: null });
    return true;
  }
  if (op === stackOp && outShape.length === 1 && values.every((v) => v.kind === 'scalar')) {
    planner.values.set(index, { kind: 'elements', shape: outShape, exprs: values.map((v) => (v as { expr: ScalarExpr }).expr), array: null });
    return true;
  }
  const first = values[0];
  const e = planner.e;
  if (op === sliceOp && first !== undefined && first.kind !== 'scalar') {
    // Any axis: the slice's elements are the source's at fixed positions.
    const { start, end, axis, shape } = node.options as SliceOptions;
    const positions = slicePositions(shape, axis, start, end);
    if (first.kind === 'elements') {
      planner.values.set(index, { kind: 'elements', shape: outShape, exprs: Array.from(positions, (p) => first.exprs[p]!), array: null });
      return true;
    }
    const array = planner.elementsArray(first);
    // An empty slice reads nothing: offset 0 (positions[0] does not exist).
    const start0 = positions.length === 0 ? 0 : positions[0]!;
    const contiguous = positions.every((p, j) => p === start0 + j);
    const view: ArrayRef = contiguous
      ? { name: array.name, offset: array.offset + start0, adjoint: array.adjoint === null ? null : { name: array.adjoint.name, offset: array.adjoint.offset + start0 }, tensorCode: '', shape: outShape }
      : array;
    const expr = planner.elementOf(view, positions.length, contiguous ? null : planner.indexArray(positions));
    planner.values.set(index, { kind: 'tensor', shape: outShape, size: positions.length, expr, array: null });
    return true;
  }
  if (op === logSumExpOp && (node.options as { axis?: number }).axis === undefined && first !== undefined) {
    const xs = smallElements(planner, first);
    if (xs === null) return false;
    if (xs.length === 2) planner.values.set(index, { kind: 'scalar', expr: e.logAddExp(xs[0]!, xs[1]!) });
    else {
      // As logSumExp's kernel: m + log Σ e^(x − m) with m the largest, m itself when infinite.
      let m = xs[0]!;
      for (let k = 1; k < xs.length; k++) m = e.max(m, xs[k]!);
      let total: ScalarExpr = e.exp(e.sub(xs[0]!, m));
      for (let k = 1; k < xs.length; k++) total = e.add(total, e.exp(e.sub(xs[k]!, m)));
      planner.values.set(index, { kind: 'scalar', expr: e.select(e.isFinite(m), e.add(m, e.log(total)), m) });
    }
    return true;
  }
  if (first === undefined || (first.kind !== 'elements' && !values.some((v) => v.kind === 'elements'))) return false;
  if (op === sumOp && (node.options as { axis?: number }).axis === undefined && first?.kind === 'elements') {
    planner.values.set(index, { kind: 'scalar', expr: first.exprs.reduce((a, b) => e.add(a, b)) });
    return true;
  }
  if (op === atOp && first?.kind === 'elements') {
    planner.values.set(index, { kind: 'scalar', expr: first.exprs[(node.options as PlaceOptions).offset]! });
    return true;
  }
  if (isElementwiseOp(op) && outShape.length === 1) {
    // Elementwise over stacked scalars (and scalars, and small tensors unrolled): the op's expression per element.
    const n = outShape[0]!;
    const columns = values.map((v) => (v.kind === 'scalar' ? null : smallElements(planner, v)));
    if (values.some((v, j) => v.kind !== 'scalar' && (columns[j] === null || columns[j]!.length !== n))) return false;
    const exprs: ScalarExpr[] = [];
    for (let i = 0; i < n; i++) {
      const args = values.map((v, j) => (v.kind === 'scalar' ? v.expr : columns[j]![i]!));
      exprs.push(substitute(planner.builder, [op.elementwise.value], (x) => (x.kind === 'input' ? args[x.index] : undefined))[0]!);
    }
    planner.values.set(index, { kind: 'elements', shape: outShape, exprs, array: null });
    return true;
  }
  return false;
}

/** The scalars of a concat whose parts are scalars, stacked scalars or one-element vectors; else null. */
function concatPieces(planner: Planner, values: readonly NodeValue[]): ScalarExpr[] | null {
  const out: ScalarExpr[] = [];
  for (const v of values) {
    if (v.kind === 'scalar') out.push(v.expr);
    else if (v.kind === 'elements') out.push(...v.exprs);
    else if (v.size === 1) out.push(...smallElements(planner, v)!);
    else return null;
  }
  return out;
}

function planNode(planner: Planner, index: number): void {
  const node = planner.structure.nodes[index]!;
  const op = node.op!;
  const outShape = shapeOf(node.ans);
  if (planOnElements(planner, index, node, outShape)) return;
  if (isElementwiseOp(op)) {
    const planned = planElementwise(planner, node, op.elementwise.value, outShape);
    if (planned !== null) {
      planner.values.set(index, outShape.length === 0 ? { kind: 'scalar', expr: planned.expr } : { kind: 'tensor', shape: outShape, size: planned.size, expr: planned.expr, array: null });
      return;
    }
  } else if ((op as unknown as { density?: DeclaredDensity }).density !== undefined) {
    if (planDensity(planner, index, node, (op as unknown as { density: DeclaredDensity }).density)) return;
  } else if ((op as unknown as { rowDensity?: RowDensity }).rowDensity !== undefined) {
    if (planRows(planner, index, node, (op as unknown as { rowDensity: RowDensity }).rowDensity)) return;
  } else if (op === sumOp && (node.options as { axis?: number }).axis === undefined) {
    const arg = planner.argumentValue(node, 0);
    if (arg.kind === 'scalar') planner.values.set(index, arg);
    else if (arg.kind === 'tensor') planner.values.set(index, reduce(planner, arg.size, arg.expr, null));
    else throw new NotCompilable('sum of stacked values not planned');
    return;
  } else if (op === addAllOp) {
    const terms: ScalarExpr[] = [];
    for (let j = 0; j < node.args.length; j++) {
      const term = planner.argumentValue(node, j);
      if (term.kind !== 'scalar') throw new NotCompilable('addAll of a tensor');
      terms.push(term.expr);
    }
    // Terms of one shape (a loop over observations, unrolled by recording) become loops again.
    const { loops, rest } = rerollSum(terms, planner.builder, planner.rerollContext());
    let total: ScalarExpr | null = null;
    for (const loop of loops) {
      const reduced = reduce(planner, loop.size, loop.root, null);
      total = total === null ? (reduced as { expr: ScalarExpr }).expr : planner.builder.apply(ADD, [total, (reduced as { expr: ScalarExpr }).expr]);
    }
    for (const term of rest) total = total === null ? term : planner.builder.apply(ADD, [total, term]);
    planner.values.set(index, { kind: 'scalar', expr: total ?? planner.builder.constant(0) });
    return;
  } else if (op === gatherOp && (node.options as GatherOptions).shape.length === 1) {
    // x[indices] of a vector: element j reads x[indices[j]]; its adjoint adds there.
    const arg = planner.argumentValue(node, 0);
    const { indices } = node.options as GatherOptions;
    if (arg.kind === 'tensor') {
      const array = planner.elementsArray(arg);
      const expr = planner.elementOf(array, indices.length, planner.indexArray(indices));
      planner.values.set(index, { kind: 'tensor', shape: outShape, size: indices.length, expr, array: null });
      return;
    }
  } else if (op === reshapeOp) {
    // The same elements in the same order: only the shape changes.
    const arg = planner.argumentValue(node, 0);
    if (arg.kind === 'tensor' && outShape.length > 0) {
      // Ops that take the whole tensor get a copy in the new shape (materialize), loops read the old array.
      planner.values.set(index, { kind: 'tensor', shape: outShape, size: arg.size, expr: arg.expr, array: null });
      return;
    }
    if (arg.kind === 'scalar' && outShape.length === 0) {
      planner.values.set(index, arg);
      return;
    }
  } else if (op === atOp) {
    const arg = planner.argumentValue(node, 0);
    if (arg.kind === 'tensor') {
      const array = planner.elementsArray(arg);
      planner.values.set(index, { kind: 'scalar', expr: readCell(planner, array, (node.options as PlaceOptions).offset) });
      return;
    }
  }
  planOpaque(planner, index, node);
}

/** A density declared per element: a reduction (its sum) with its guard's condition. */
function planDensity(planner: Planner, index: number, node: ReplayNode, declaration: DeclaredDensity): boolean {
  const options = node.options as { shape?: Shape; guard?: { readonly condition?: DeclaredCondition } };
  const shape = options.shape;
  if (shape === undefined) return false;
  const guard = options.guard;
  const traced = node.parents.map((p) => p >= 0);
  const condition = guard === undefined ? undefined : (args: readonly ScalarExpr[]) => guard.condition?.(planner.e, args, traced);
  const planned = planElementwise(planner, node, declaration.value, shape, condition);
  if (planned === null) return false;
  if (shape.length === 0) {
    if (planned.condition !== null) planner.conditions.push(planned.condition);
    planner.values.set(index, { kind: 'scalar', expr: planned.expr });
    return true;
  }
  planner.values.set(index, reduce(planner, planned.size, planned.expr, planned.condition));
  return true;
}

/** A density declared per row (RowDensity): a reduction over the rows with its checks. */
function planRows(planner: Planner, index: number, node: ReplayNode, declaration: RowDensity): boolean {
  const size = declaration.rows(node.options);
  if (size === undefined) return false;
  const shape: Shape = [size];
  const values = node.args.map((_, j) => planner.argumentValue(node, j));
  const reads: RowReads = {
    e: planner.e,
    traced: node.parents.map((p) => p >= 0),
    row: (j) => elementIn(planner, values[j]!, shape, size),
    gathered: (j, indices) => {
      const v = values[j]!;
      if (v.kind !== 'tensor' || v.shape.length !== 1 || indices.length !== size) return null;
      return planner.elementOf(planner.elementsArray(v), size, planner.indexArray(indices));
    },
    cell: (j, position) => {
      const v = values[j]!;
      if (v.kind === 'scalar') return position === 0 ? v.expr : null;
      if (v.kind === 'elements') return v.exprs[position] ?? null;
      return position < v.size ? readCell(planner, planner.elementsArray(v), position) : null;
    },
    data: (column) => planner.elementOf(planner.constantArray(new Tensor(column, [column.length])), column.length),
  };
  const planned = declaration.element(reads, node.options);
  if (planned === undefined) return false;
  planner.values.set(index, reduce(planner, size, planned.value, planned.condition));
  return true;
}

function reduce(planner: Planner, size: number, root: ScalarExpr, condition: ScalarExpr | null): NodeValue {
  const name = planner.local('s');
  const symbol = planner.symbol(`s:${name}`, { kind: 'scalar', code: name, adjoint: { kind: 'local', name: `a${name}` } });
  planner.stages.push({ kind: 'reduce', size, items: [{ root, output: symbol.index, name, condition, fusedFactor: null }] });
  return { kind: 'scalar', expr: symbol };
}

/** An op called through the runtime: its arguments held in arrays or scalar symbols. */
function planOpaque(planner: Planner, index: number, node: ReplayNode): void {
  const args: OpaqueArgument[] = [];
  for (let j = 0; j < node.args.length; j++) {
    const p = node.parents[j]!;
    if (p < 0) {
      if (node.args[j] instanceof Box) throw new NotCompilable('an argument is traced by an outer trace');
      args.push({ kind: 'constant' });
      continue;
    }
    const value = planner.values.get(p)!;
    if (value.kind === 'scalar') args.push({ kind: 'scalar', symbol: planner.scalarSymbolOf(value.expr) });
    else args.push({ kind: 'tensor', array: planner.materialize(value) });
  }
  planner.opaqueNodes.push(index);
  const ans = node.ans;
  if (typeof ans === 'number') {
    const name = `o${index}`;
    const symbol = planner.symbol(`o:${index}`, { kind: 'scalar', code: name, adjoint: { kind: 'local', name: `a${name}` } });
    planner.stages.push({ kind: 'opaque', node: index, args, output: { kind: 'scalar', symbol: symbol.index, name } });
    planner.values.set(index, { kind: 'scalar', expr: symbol });
    return;
  }
  if (!(ans instanceof Tensor)) throw new NotCompilable(`'${node.op!.name}' returned a value that is not a number or a tensor`);
  const adjointBuffer = planner.addBuffer(ans.shape, ans.size);
  planner.adjointBuffers.push(adjointBuffer);
  const array: ArrayRef = { name: `o${index}d`, offset: 0, adjoint: { name: `b${adjointBuffer}`, offset: 0 }, tensorCode: `o${index}`, shape: ans.shape };
  planner.stages.push({ kind: 'opaque', node: index, args, output: { kind: 'tensor', array, adjointBuffer } });
  planner.values.set(index, { kind: 'tensor', shape: ans.shape, size: ans.size, expr: planner.elementOf(array, ans.size), array });
}

/** Input symbols of expressions. */
export function symbolsOf(roots: readonly ScalarExpr[]): number[] {
  const found: number[] = [];
  for (const node of topologicalOrder(roots)) if (node.kind === 'input') found.push(node.index);
  return found;
}

/**
 * Straight-line code grows with every scalar op a model records outside a loop the
 * compiler can see (a recursion over time steps, unrolled by recording): past this many
 * expression nodes, generating and optimising the function would take longer than it
 * saves, and the replay interpreter runs the model instead.
 */
const MAX_EXPRESSION_NODES = 40_000;

function checkCodeSize(planner: Planner, output: ScalarExpr): void {
  const roots: ScalarExpr[] = [output, ...planner.conditions];
  for (const stage of planner.stages) {
    if (stage.kind === 'reduce') for (const item of stage.items) roots.push(item.root);
    else if (stage.kind === 'store' || stage.kind === 'scalar') roots.push(stage.root);
    else if (stage.kind === 'pack') roots.push(...stage.exprs);
  }
  const count = topologicalOrder(roots).length;
  if (count > MAX_EXPRESSION_NODES) {
    throw new NotCompilable(`the model's code has ${count} scalar operations outside loops the compiler can reroll (more than ${MAX_EXPRESSION_NODES}); it runs on the replay interpreter`);
  }
}

/** Plans a recorded program. Throws NotCompilable where a piece cannot be compiled. */
export function planGradient(structure: ProgramStructure, layout: readonly LeafLayout[]): GradientPlan {
  const planner = new Planner(structure, layout);
  planLeaves(planner);
  for (const index of structure.live) planNode(planner, index);
  const out = planner.values.get(structure.output);
  if (out === undefined || out.kind !== 'scalar') throw new NotCompilable('the output is not a scalar');
  checkCodeSize(planner, out.expr);
  const constantsByName = new Map<string, Float64Array>(planner.constants.map((data, k) => [`c${k}`, data]));
  return {
    constantsByName,
    precomputed: new Map(),
    addConstantElement: (values) => {
      const array = planner.constantArray(new Tensor(values, [values.length]));
      constantsByName.set(array.name, values);
      return planner.elementOf(array, values.length);
    },
    builder: planner.builder,
    symbols: planner.symbols,
    stages: planner.stages,
    output: out.expr,
    conditions: [...new Set(planner.conditions)],
    constants: planner.constants,
    scalarLeaves: planner.scalarLeaves,
    adjointBuffers: planner.adjointBuffers,
    opaqueNodes: planner.opaqueNodes,
    buffers: planner.buffers,
    indexArrays: planner.indexArrays,
  };
}
