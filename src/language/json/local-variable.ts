import { concat, reshape, unstack } from '../../ad/ops/shape.js';
import { Tensor, formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { shapeOf, type Value } from '../../ad/trace.js';
import { indexText } from '../../models/api/names.js';
import type { Span } from './ast.js';
import { atSpan, type SpecIssue } from './errors.js';

/** A run-time error of a spec's own logic (an index out of range, a local read too early). */
export class EvaluationError extends Error {
  constructor(
    message: string,
    /** The JSON path of the statement it happened in, once known. */
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** Where an expression reads a variable: the expression's text and JSON path, and the span of the read. */
export interface ReadSite {
  readonly path: readonly (string | number)[];
  readonly source: string;
  readonly span: Span;
}

/**
 * The reads of never-assigned reals seen in one trial evaluation, as warnings: Stan gives
 * an unassigned real (and each unassigned entry of a vector or matrix) the value NaN and
 * runs on (reference manual, "Variable declarations": "real variables are initialized to
 * NaN"); stanc only warns. One warning per place that reads, at that place.
 */
export class UnassignedReads {
  private readonly seen = new Set<ReadSite>();
  readonly warnings: SpecIssue[] = [];

  report(site: ReadSite, what: string): void {
    if (this.seen.has(site)) return;
    this.seen.add(site);
    this.warnings.push({ path: [...site.path], message: `${what} is read before it is assigned, so it reads NaN (as in Stan), ${atSpan(site.source, site.span)}` });
  }
}

/**
 * A model-block local of a fixed shape, filled whole or element by element (Stan's
 * `vector[T] err; for (t in 1:T) err[t] = ...`). Elements written one at a time are kept
 * as a JS array of scalar values, so a recursion of T steps costs T scalar ops, not T
 * tensor copies; the whole value is stacked (one op) only when it is read whole, and
 * cached until the next write.
 */
export class LocalVariable {
  private whole: Value | undefined;
  private cells: (Value | undefined)[] | undefined;

  constructor(
    readonly name: string,
    readonly shape: Shape,
    /** What it is, for messages: `local`, `transformed parameter`, ... */
    readonly what: string = 'local',
    /**
     * An int (or int array) has no NaN: reading one never assigned is an error naming it
     * (Stan reads its smallest int, -2147483648, which then passes silently as an index or
     * a count); a real reads NaN, as in Stan.
     */
    readonly isInt: boolean = false,
  ) {}

  get size(): number {
    return sizeOf(this.shape);
  }

  assign(value: Value): void {
    const shape = shapeOf(value);
    if (!shapesEqual(shape, this.shape)) {
      throw new EvaluationError(`${this.what} '${this.name}' has shape ${formatShape(this.shape)}, but is assigned a value of shape ${formatShape(shape)} (sizes are fixed where a local is declared)`);
    }
    this.whole = value;
    this.cells = undefined;
  }

  /** Writes the scalar at a flat row-major offset. */
  assignElement(offset: number, value: Value): void {
    this.ensureCells()[offset] = value;
    this.whole = undefined;
  }

  /** Writes `count` consecutive elements from the values of a vector. */
  assignRun(offset: number, values: readonly Value[]): void {
    const cells = this.ensureCells();
    for (let k = 0; k < values.length; k++) cells[offset + k] = values[k];
    this.whole = undefined;
  }

  /**
   * The whole value; where it was never assigned, NaN (reported to `reads` at `site`), or an
   * error for an int. `output`: a block's variable read as the block's result, where an
   * element never assigned is NaN whatever its type (a generated quantity assigned only in
   * some branches), and nothing is reported.
   */
  read(reads?: UnassignedReads, site?: ReadSite, output = false): Value {
    if (this.whole !== undefined) return this.whole;
    if (this.cells === undefined) {
      if (this.size > 0 || this.shape.length === 0) {
        if (!output) this.unassigned(-1, reads, site);
        if (this.shape.length === 0) return NaN;
      }
      return new Tensor(new Float64Array(this.size).fill(NaN), [...this.shape]);
    }
    const values = this.cells.map((v, k) => {
      if (v !== undefined) return v;
      if (!output) this.unassigned(k, reads, site);
      return NaN;
    });
    // concat takes scalars as length-1 vectors: one op for the whole vector.
    if (values.length === 0) this.whole = new Tensor(new Float64Array(0), [...this.shape]);
    else this.whole = this.shape.length === 0 ? values[0]! : this.shape.length === 1 ? concat(values) : reshape(concat(values), this.shape);
    return this.whole;
  }

  /** The scalar at a flat row-major offset: NaN where it was never assigned (see read). */
  readElement(offset: number, reads?: UnassignedReads, site?: ReadSite): Value {
    if (this.whole !== undefined && this.cells === undefined) this.ensureCells();
    const v = this.cells?.[offset];
    if (v !== undefined) return v;
    this.unassigned(offset, reads, site);
    return NaN;
  }

  /** `count` consecutive elements (a matrix row), stacked into a vector. */
  readRun(offset: number, count: number, reads?: UnassignedReads, site?: ReadSite): Value {
    const out = new Array<Value>(count);
    for (let k = 0; k < count; k++) out[k] = this.readElement(offset + k, reads, site);
    return concat(out);
  }

  /** The elements at flat offsets (a selection by indices), in a value of `shape`. */
  readAt(offsets: Int32Array, shape: Shape, reads?: UnassignedReads, site?: ReadSite): Value {
    if (offsets.length === 0) return new Tensor(new Float64Array(0), [...shape]);
    const out = new Array<Value>(offsets.length);
    for (let k = 0; k < offsets.length; k++) out[k] = this.readElement(offsets[k]!, reads, site);
    return shape.length === 0 ? out[0]! : reshape(concat(out), shape);
  }

  /**
   * A read of something never assigned (the element at `offset`, or all of it at -1): an
   * int's is an error; a real's reads NaN, reported when a trial evaluation collects reads.
   */
  private unassigned(offset: number, reads: UnassignedReads | undefined, site: ReadSite | undefined): void {
    if (!this.isInt && (reads === undefined || site === undefined)) return;
    const what = offset < 0 || this.shape.length === 0 ? `${this.what} '${this.name}'` : `${this.name}${indexText(this.shape, offset)} (an element of ${this.what} '${this.name}')`;
    if (this.isInt) throw new EvaluationError(`${what} is an int read before it is assigned (Stan reads -2147483648 there; an int has no NaN): assign it first`);
    reads!.report(site!, what);
  }

  /** Writes the scalars of `values` (row-major) at flat offsets; a later offset that repeats an earlier one wins. */
  assignAt(offsets: Int32Array, values: readonly Value[]): void {
    const cells = this.ensureCells();
    for (let k = 0; k < offsets.length; k++) cells[offsets[k]!] = values[k];
    this.whole = undefined;
  }

  /** Splits the whole value into scalars once, so that single elements can be read and written cheaply. */
  private ensureCells(): (Value | undefined)[] {
    if (this.cells === undefined) {
      if (this.whole === undefined) this.cells = new Array<Value | undefined>(this.size).fill(undefined);
      else this.cells = this.shape.length === 0 ? [this.whole] : unstack(reshape(this.whole, [this.size]));
    }
    return this.cells;
  }
}
