import { instantiateKernels, type KernelExports } from './support.js';

// One instance of the kernels with its own memory, and the layout of what lives there. Data
// placed once (a model's design matrix, its outcomes) take permanent space from the bottom;
// the vectors of one call (parameters in, results out) take scratch space above it, reused by
// the next call. Memory grows as needed, which detaches the old ArrayBuffer: views are taken
// afresh through `f64` after any allocation.

const PAGE_BYTES = 65536;
/** wasm32's limit (4 GiB); engines may stop sooner, and a failed grow is reported as such. */
const MAX_PAGES = 65536;

export class WasmWorkspace {
  readonly kernels: KernelExports;
  private permanentTop: number;
  private scratchTop: number;
  private view: Float64Array;

  private constructor(kernels: KernelExports) {
    this.kernels = kernels;
    this.permanentTop = align(kernels.heapBase());
    this.scratchTop = this.permanentTop;
    this.view = new Float64Array(kernels.memory.buffer);
  }

  /** A new workspace; null where the kernels do not run (see support.ts). */
  static create(): WasmWorkspace | null {
    const kernels = instantiateKernels();
    return kernels === null ? null : new WasmWorkspace(kernels);
  }

  /**
   * The memory as doubles (index = byte offset / 8); valid until the next allocation. Only
   * `reserve` grows the memory, and it takes the new view: reading `memory.buffer` at every
   * call (a call into the engine's C++) cost about 0.2 µs a gradient.
   */
  get f64(): Float64Array {
    return this.view;
  }

  /**
   * Permanent space for `count` doubles, zeroed, 16-byte aligned; returns its byte offset.
   * Taken between calls, never during one (it frees the scratch space).
   */
  allocate(count: number): number {
    const at = this.permanentTop;
    const top = align(at + count * 8);
    this.reserve(top); // first: a failed allocation leaves the layout as it was
    this.permanentTop = top;
    this.scratchTop = top;
    return at;
  }

  /** Starts a call: its scratch space is free again. */
  beginCall(): void {
    this.scratchTop = this.permanentTop;
  }

  /**
   * Scratch space for `count` doubles for the current call, 16-byte aligned (not zeroed:
   * memory written by an earlier call may remain); returns its byte offset.
   */
  scratch(count: number): number {
    const at = this.scratchTop;
    this.scratchTop = align(at + count * 8);
    this.reserve(this.scratchTop);
    return at;
  }

  private reserve(bytes: number): void {
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.ceil((bytes - have) / PAGE_BYTES);
    if (have / PAGE_BYTES + pages > MAX_PAGES) throw new WasmMemoryError(bytes);
    try {
      memory.grow(pages);
    } catch {
      throw new WasmMemoryError(bytes);
    }
    this.view = new Float64Array(memory.buffer);
  }
}

/** The kernels' memory could not grow to hold a model's data: callers use JavaScript instead. */
export class WasmMemoryError extends Error {
  constructor(bytes: number) {
    super(`WebAssembly memory cannot grow to ${Math.ceil(bytes / 2 ** 20)} MB`);
  }
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;
