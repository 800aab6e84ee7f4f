import type { KernelExports } from '../ad/wasm/support.js';
import { WasmMemoryError, WasmWorkspace } from '../ad/wasm/workspace.js';

/**
 * The memory of a NUTS tree whose diagonal leapfrog path runs in WebAssembly (assembly/nuts.ts,
 * nuts-leaf-wasm.ts): an instance of leapfrog's kernels of its own, and in its memory every
 * vector a transition reads or writes on that path — the ends' positions, momenta and
 * gradients, the candidates, the momentum sums, the checkpoints, the metric's diagonal and a
 * copy of the chain's state — as Float64Array views of length dim that the tree swaps as it
 * swaps plain arrays, and that the model's gradient reads and writes directly. A kernel call
 * passes a view's byteOffset.
 *
 * Everything is allocated when the arena is made, before any chain runs: the memory grows
 * once there and never again, so no view is ever detached by a later grow. One arena per tree
 * (per kernel and dimension, in the thread that runs it: a worker thread makes its own), used
 * by the chains of that kernel one after another, as the tree's plain arrays were; it is freed
 * with the tree. Vectors are dim rounded up to even (whole two-lane loads), 16-byte aligned;
 * the padding coordinate is zero everywhere except in the diagonal, where it is 1 so that the
 * padding's momentum draw is 0 · 1/sqrt(1) = 0 and every padding value stays zero.
 */
/**
 * A vector of an arena: a Float64Array view that also carries its byte offset as a plain
 * field, because V8 reads `byteOffset` of a view on a WebAssembly memory through a call (~15
 * ns, 8 per leaf). Arrays derived from it (subarray, slice, map) are plain Float64Arrays.
 */
export class ArenaVector extends Float64Array {
  static get [Symbol.species](): Float64ArrayConstructor {
    return Float64Array;
  }
  /** The byte offset in the arena's memory (a kernel's pointer argument). */
  readonly address: number;
  constructor(buffer: ArrayBuffer, address: number, length: number) {
    super(buffer, address, length);
    this.address = address;
  }
}

/** The address of an arena's vector (every vector of a tree with an arena is one). */
export const addressOf = (vector: Float64Array): number => (vector as ArenaVector).address;

export class NutsArena {
  readonly kernels: KernelExports;
  /** Bytes per vector (dim rounded up to even, times 8): the kernels' length argument. */
  readonly bytes: number;
  /** Two i32 flags the odd leaves write (nutsLeafOdd, nutsLeafMerging), at flagsAt. */
  readonly flags: Int32Array;
  readonly flagsAt: number;
  /** M^{-1}_ii, copied from the metric at the start of each transition. */
  readonly diagonal: ArenaVector;
  /** The chain's position and gradient, copied in at the start of each transition. */
  readonly position: ArenaVector;
  readonly logDensityGrad: ArenaVector;
  private readonly buffer: ArrayBuffer;
  private next: number;
  private readonly end: number;

  private constructor(
    space: WasmWorkspace,
    private readonly dim: number,
    at: number,
    vectors: number,
  ) {
    this.kernels = space.kernels;
    this.bytes = (dim + (dim & 1)) * 8;
    this.buffer = space.kernels.memory.buffer;
    this.flagsAt = at;
    this.flags = new Int32Array(this.buffer, at, 2);
    this.next = at + 16;
    this.end = this.next + vectors * this.bytes;
    this.diagonal = this.vector();
    if ((dim & 1) === 1) new Float64Array(this.buffer, this.diagonal.address + dim * 8, 1)[0] = 1;
    this.position = this.vector();
    this.logDensityGrad = this.vector();
  }

  /**
   * An arena for a tree of `dim` coordinates with room for `vectors` vectors besides its own
   * three; null where the kernels do not run (WebAssembly or its SIMD unavailable, the engine
   * refusing another instance) or the memory cannot grow to hold them: the tree then keeps
   * its vectors in plain arrays and runs the JavaScript leaves.
   */
  static create(dim: number, vectors: number): NutsArena | null {
    const space = WasmWorkspace.create();
    if (space === null) return null;
    const total = vectors + 3;
    try {
      const at = space.allocate(2 + total * (dim + (dim & 1)));
      return new NutsArena(space, dim, at, total);
    } catch (error) {
      if (error instanceof WasmMemoryError) return null;
      throw error;
    }
  }

  /** The next vector of the arena: a view of length dim, zero, padding included. */
  vector(): ArenaVector {
    if (this.next + this.bytes > this.end) throw new Error(`NutsArena: more than the vectors allocated for ${this.dim} dimensions`);
    const view = new ArenaVector(this.buffer, this.next, this.dim);
    this.next += this.bytes;
    return view;
  }
}
