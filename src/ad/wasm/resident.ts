import { isConstant } from '../constants.js';
import type { Tensor } from '../tensor.js';
import { wasmKernelsEnabled } from './support.js';
import { WasmMemoryError, WasmWorkspace } from './workspace.js';

// A constant data matrix (a model's design matrix: marked constant when the model is
// compiled, never changed afterwards) placed once in a kernels instance of its own, with the
// space its products and GLM densities need per call: each gradient then copies in only the
// parameter vectors and copies out only the results. One instance, and one memory, per data
// matrix — so per compiled model — made on first use and dropped with the matrix.
//
// Layout (see assembly/dense.ts): rows with a stride of the column count rounded up to even,
// each starting on a 16-byte boundary, the padding column zero, so that every row is a whole
// number of two-lane loads. A matrix that a GLM density reads gets a second copy, in the panel
// layout of assembly/panels.ts (the GLM pass runs faster on it; the products keep the rows):
// twice the memory for those matrices, made once, at the first GLM call.

/** Fewer elements than this: the JavaScript kernels are as fast, with no copy to make. */
export const MIN_RESIDENT_ELEMENTS = 512;
/** Outcome vectors kept in a matrix's memory (a model has one or two); others are copied per call. */
const MAX_RESIDENT_OUTCOMES = 8;

/** A vector placed in the memory, with quantities derived from it once (e.g. Σ log y!). */
export interface ResidentVector {
  readonly at: number;
  readonly derived: Map<(values: Float64Array) => number, number>;
}

/** The per-call vectors of GLM densities over this matrix (see assembly/glm.ts), and its copy in panels. */
export interface GlmSlots {
  /** Byte offset of the matrix in the panel layout the GLM pass reads (assembly/panels.ts). */
  readonly panels: number;
  readonly y: number;
  readonly alpha: number;
  readonly sigma: number;
  readonly beta: number;
  readonly w: number;
  readonly dbeta: number;
  readonly dsigma: number;
  readonly scratch: number;
}

export class ResidentMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row stride in doubles: cols rounded up to even. */
  readonly stride: number;
  readonly space: WasmWorkspace;
  /** Byte offset of the matrix. */
  readonly matrix: number;
  private readonly vectorIn: number;
  private readonly vectorOut: number;
  /** undefined: not made yet; null: no memory for them (the GLM densities use JavaScript). */
  private glm: GlmSlots | null | undefined = undefined;
  private readonly outcomes = new Map<Float64Array, ResidentVector>();

  constructor(space: WasmWorkspace, data: Float64Array, rows: number, cols: number) {
    this.space = space;
    this.rows = rows;
    this.cols = cols;
    this.stride = cols + (cols & 1);
    this.matrix = space.allocate(rows * this.stride);
    const longest = Math.max(rows, this.stride);
    this.vectorIn = space.allocate(longest);
    this.vectorOut = space.allocate(longest);
    writeRows(space.f64, this.matrix / 8, data, rows, cols, this.stride);
  }

  /** out = A v (v of cols, out of rows). */
  matvec(v: Float64Array, out: Float64Array): void {
    writePadded(this.space.f64, this.vectorIn / 8, v, this.cols, this.stride);
    this.space.kernels.matvec(this.matrix, this.rows, this.stride, this.vectorIn, this.vectorOut);
    const start = this.vectorOut / 8;
    out.set(this.space.f64.subarray(start, start + this.rows));
  }

  /** out = Aᵀ w (w of rows, out of cols). */
  vecmat(w: Float64Array, out: Float64Array): void {
    this.space.f64.set(w, this.vectorIn / 8);
    this.space.kernels.vecmat(this.matrix, this.rows, this.stride, this.vectorIn, this.vectorOut);
    const start = this.vectorOut / 8;
    out.set(this.space.f64.subarray(start, start + this.cols));
  }

  /** The GLM slots and the panels, allocated on first use; null when the memory cannot hold them. */
  glmSlots(): GlmSlots | null {
    if (this.glm === undefined) {
      const n = this.rows;
      const s = this.space;
      try {
        const panels = s.allocate(n * this.stride);
        writePanels(s.f64, panels / 8, s.f64, this.matrix / 8, n, this.stride);
        this.glm = {
          panels,
          y: s.allocate(n),
          alpha: s.allocate(n),
          sigma: s.allocate(n),
          beta: s.allocate(this.stride),
          w: s.allocate(n),
          dbeta: s.allocate(this.stride),
          dsigma: s.allocate(n),
          scratch: s.allocate(8),
        };
      } catch (error) {
        if (!(error instanceof WasmMemoryError)) throw error;
        this.glm = null;
      }
    }
    return this.glm;
  }

  /**
   * `values` (of rows) in the memory: placed once and kept when constant data, otherwise
   * copied to the GLM's y slot at every call (null: the caller then copies it there).
   */
  outcome(values: Float64Array, constant: boolean): ResidentVector | null {
    const known = this.outcomes.get(values);
    if (known !== undefined) return known;
    if (!constant || this.outcomes.size >= MAX_RESIDENT_OUTCOMES) return null;
    let at: number;
    try {
      at = this.space.allocate(this.rows);
    } catch (error) {
      if (!(error instanceof WasmMemoryError)) throw error;
      return null;
    }
    this.space.f64.set(values, at / 8);
    const placed: ResidentVector = { at, derived: new Map() };
    this.outcomes.set(values, placed);
    return placed;
  }
}

/** Writes a rows × cols row-major matrix with row stride `stride` (padding zero) from index `base`. */
export function writeRows(f64: Float64Array, base: number, data: Float64Array, rows: number, cols: number, stride: number): void {
  if (stride === cols) {
    f64.set(data.subarray(0, rows * cols), base);
    return;
  }
  for (let i = 0; i < rows; i++) {
    f64.set(data.subarray(i * cols, (i + 1) * cols), base + i * stride);
    for (let j = cols; j < stride; j++) f64[base + i * stride + j] = 0;
  }
}

/**
 * Copies a rows × stride row-major matrix (from index `from` of `source`) to index `base` of
 * `f64` in the panel layout of assembly/panels.ts: each group of four rows with its pairs of
 * columns interleaved (row 4g's pair j, then rows 4g + 1, 4g + 2, 4g + 3's, then pair j + 1),
 * the rows after the last whole group as they are. `stride` is even.
 */
export function writePanels(f64: Float64Array, base: number, source: Float64Array, from: number, rows: number, stride: number): void {
  const whole = rows - (rows % 4);
  for (let i = 0; i < rows; i++) {
    const row = from + i * stride;
    if (i >= whole) {
      f64.set(source.subarray(row, row + stride), base + i * stride);
      continue;
    }
    const group = base + (i - (i % 4)) * stride + (i % 4) * 2;
    for (let j = 0; j < stride; j += 2) {
      f64[group + j * 4] = source[row + j]!;
      f64[group + j * 4 + 1] = source[row + j + 1]!;
    }
  }
}

/** Writes v's first `count` values from index `base`, zeroes up to `stride` (so a stale pad never meets a zero column). */
export function writePadded(f64: Float64Array, base: number, v: Float64Array, count: number, stride: number): void {
  f64.set(v.length === count ? v : v.subarray(0, count), base);
  for (let j = count; j < stride; j++) f64[base + j] = 0;
}

// Keyed by the constant tensor, so dropped with it. null: no kernels here, or no memory for it.
const residents = new WeakMap<Tensor, ResidentMatrix | null>();

/**
 * The resident copy of a constant data matrix (or vector, as one column), made on first use;
 * null when the WebAssembly kernels are off or unavailable, when `matrix` is not constant
 * data, when it is too small to gain, or when no memory could hold it.
 */
export function residentMatrix(matrix: Tensor): ResidentMatrix | null {
  if (matrix.size < MIN_RESIDENT_ELEMENTS || matrix.shape.length > 2 || !wasmKernelsEnabled() || !isConstant(matrix)) return null;
  const known = residents.get(matrix);
  if (known !== undefined) return known;
  let resident: ResidentMatrix | null = null;
  const space = WasmWorkspace.create();
  if (space !== null) {
    try {
      resident = new ResidentMatrix(space, matrix.data, matrix.shape[0]!, matrix.shape.length === 2 ? matrix.shape[1]! : 1);
    } catch (error) {
      if (!(error instanceof WasmMemoryError)) throw error;
    }
  }
  residents.set(matrix, resident);
  return resident;
}
