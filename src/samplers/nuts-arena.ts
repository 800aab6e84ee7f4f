import type { KernelExports } from '../ad/wasm/support.js';
import { WasmMemoryError, WasmWorkspace } from '../ad/wasm/workspace.js';
import { ACCEPT, WIDTH } from '../random/ziggurat.js';

/**
 * The memory of a NUTS tree whose diagonal leapfrog path runs in WebAssembly (assembly/nuts.ts,
 * nuts-leaf-wasm.ts): a region of a kernels instance's memory holding every vector a
 * transition reads or writes on that path — the ends' positions, momenta and gradients, the
 * candidates, the momentum sums, the checkpoints, the metric's diagonal and a copy of the
 * chain's state — as Float64Array views of length dim that the tree swaps as it swaps plain
 * arrays, and that the model's gradient reads and writes directly. A kernel call passes a
 * view's address.
 *
 * One instance per thread serves every arena of that thread (a worker thread makes its own):
 * V8 calls an instance's exports fast from a call site that has only ever seen that
 * instance, and through its generic wrapper, ~20% of a 10-d transition, once a site has seen
 * two. Its memory is grown once, when the instance is made, to hold many arenas, and never
 * again: a grow would detach the views of every arena alive. A region is allocated whole when
 * its tree is made, before any chain runs, and returned when the tree is garbage-collected
 * (FinalizationRegistry), for the next tree of its size. When the memory is full, a new
 * instance becomes the thread's (slower calls, the same results). Which memory an arena has,
 * or whether the tree got one at all, never changes a draw: the kernels give the JavaScript
 * leaves' bits.
 *
 * Vectors are dim rounded up to even (whole two-lane loads), 16-byte aligned; the padding
 * coordinate is zero everywhere except in the diagonal, where it is 1 so that the padding's
 * momentum draw is 0 · 1/sqrt(1) = 0 and every padding value stays zero.
 */

/**
 * A vector of an arena: a Float64Array view that also carries its address as a plain field,
 * because V8 reads `byteOffset` of a view on a WebAssembly memory through a call (~15 ns, 8
 * per leaf). Arrays derived from it (subarray, slice, map) are plain Float64Arrays.
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

/** Bytes an instance's memory is grown to at first (pages are committed as arenas touch them). */
const MEMORY_BYTES = 16 * 2 ** 20;

/** One instance's memory, cut into arenas: bump allocation, and freed regions reused by size. */
class ArenaMemory {
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** The ziggurat's ACCEPT and WIDTH tables (256 doubles each), for nutsNormals. */
  readonly accept: number;
  readonly width: number;

  private constructor(
    readonly space: WasmWorkspace,
    at: number,
    private readonly end: number,
  ) {
    const f64 = space.f64;
    this.accept = at;
    this.width = at + 8 * ACCEPT.length;
    f64.set(ACCEPT, this.accept / 8);
    f64.set(WIDTH, this.width / 8);
    this.top = this.width + 8 * WIDTH.length;
  }

  /** A new instance whose memory holds at least `bytes` (null: no kernels, or no memory for them). */
  static create(bytes: number): ArenaMemory | null {
    const space = WasmWorkspace.create();
    if (space === null) return null;
    const size = Math.max(MEMORY_BYTES, bytes + 16 * ACCEPT.length);
    try {
      const at = space.allocate(size / 8);
      return new ArenaMemory(space, at, at + size);
    } catch (error) {
      if (error instanceof WasmMemoryError) return null;
      throw error;
    }
  }

  /** A zeroed region of `bytes` (a multiple of 16), or null when this memory has no room. */
  take(bytes: number): number | null {
    let at = this.free.get(bytes)?.pop();
    if (at === undefined) {
      if (this.top + bytes > this.end) return null;
      at = this.top;
      this.top += bytes;
    }
    new Float64Array(this.space.kernels.memory.buffer, at, bytes / 8).fill(0);
    return at;
  }

  give(at: number, bytes: number): void {
    const list = this.free.get(bytes);
    if (list === undefined) this.free.set(bytes, [at]);
    else list.push(at);
  }
}

/** An arena's scalars before its vectors: two flags and six generator words (16-byte aligned). */
const HEADER_BYTES = 32;

interface Region {
  readonly memory: ArenaMemory;
  readonly at: number;
  readonly bytes: number;
}

// This thread's memory for arenas (undefined: not made yet; null: the kernels do not run
// here). A cache: results never depend on it (see above).
let threadMemory: ArenaMemory | null | undefined;

const released: FinalizationRegistry<Region> | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((region) => region.memory.give(region.at, region.bytes)) : null;

/**
 * A region of `bytes`: from this thread's memory, else from a new one that becomes the
 * thread's; a region of more than half the usual memory gets a memory of its own.
 */
function takeRegion(bytes: number): Region | null {
  if (threadMemory === undefined) threadMemory = ArenaMemory.create(MEMORY_BYTES);
  if (threadMemory === null) return null;
  if (bytes > MEMORY_BYTES / 2) {
    const own = ArenaMemory.create(bytes);
    return own === null ? null : { memory: own, at: own.take(bytes)!, bytes };
  }
  let at = threadMemory.take(bytes);
  if (at === null) {
    const fresh = ArenaMemory.create(bytes);
    if (fresh === null) return null;
    threadMemory = fresh;
    at = fresh.take(bytes)!;
  }
  return { memory: threadMemory, at, bytes };
}

export class NutsArena {
  readonly kernels: KernelExports;
  /** Bytes per vector (dim rounded up to even, times 8): the kernels' length argument. */
  readonly bytes: number;
  /** Two i32 flags the odd leaves write (nutsLeafOdd, nutsLeafMerging), at flagsAt. */
  readonly flags: Int32Array;
  readonly flagsAt: number;
  /**
   * The generator's state words while nutsNormals runs, then the two words of a draw outside
   * the ziggurat's core (six i32s at generatorAt); the ziggurat's tables at acceptAt, widthAt.
   */
  readonly generator: Int32Array;
  readonly generatorAt: number;
  readonly acceptAt: number;
  readonly widthAt: number;
  /** M^{-1}_ii, copied from the metric at the start of each transition. */
  readonly diagonal: ArenaVector;
  /** The chain's position and gradient, copied in at the start of each transition. */
  readonly position: ArenaVector;
  readonly logDensityGrad: ArenaVector;
  private readonly buffer: ArrayBuffer;
  private next: number;
  private readonly end: number;

  private constructor(
    region: Region,
    private readonly dim: number,
  ) {
    this.kernels = region.memory.space.kernels;
    this.bytes = (dim + (dim & 1)) * 8;
    this.buffer = this.kernels.memory.buffer;
    this.flagsAt = region.at;
    this.flags = new Int32Array(this.buffer, region.at, 2);
    this.generatorAt = region.at + 8;
    this.generator = new Int32Array(this.buffer, this.generatorAt, 6);
    this.acceptAt = region.memory.accept;
    this.widthAt = region.memory.width;
    this.next = region.at + HEADER_BYTES;
    this.end = region.at + region.bytes;
    this.diagonal = this.vector();
    if ((dim & 1) === 1) new Float64Array(this.buffer, this.diagonal.address + dim * 8, 1)[0] = 1;
    this.position = this.vector();
    this.logDensityGrad = this.vector();
  }

  /**
   * An arena for a tree of `dim` coordinates with room for `vectors` vectors besides its own
   * three; null where the kernels do not run (WebAssembly or its SIMD unavailable, turned off
   * by configure, the engine refusing an instance) or no memory can hold it: the tree then
   * keeps its vectors in plain arrays and runs the JavaScript leaves.
   */
  static create(dim: number, vectors: number): NutsArena | null {
    const region = takeRegion(HEADER_BYTES + (vectors + 3) * (dim + (dim & 1)) * 8);
    if (region === null) return null;
    const arena = new NutsArena(region, dim);
    released?.register(arena, region);
    return arena;
  }

  /**
   * The next vector as a plain Float64Array view (its address is its byteOffset, read once):
   * for the vectors the model's gradient reads and writes (TrajectoryEnd's addresses).
   */
  pointVector(): Float64Array {
    const vector = this.vector();
    return new Float64Array(this.buffer, vector.address, this.dim);
  }

  /** The next vector of the arena: a view of length dim, zero, padding included. */
  vector(): ArenaVector {
    if (this.next + this.bytes > this.end) throw new Error(`NutsArena: more than the vectors allocated for ${this.dim} dimensions`);
    const view = new ArenaVector(this.buffer, this.next, this.dim);
    this.next += this.bytes;
    return view;
  }
}
