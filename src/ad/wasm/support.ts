import { wasmWanted } from '../codegen/make-function.js';
import { KERNELS_WASM_BASE64 } from './kernels-module.js';

// Whether the WebAssembly SIMD kernels run here, and their compiled module. The engine must
// have WebAssembly with 128-bit SIMD (Node ≥ 16.4, every current browser); where it has not,
// or where `configure({ wasm: false })` asks, the JavaScript kernels run instead.

/** What the kernels' module exports (assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  matvec(x: number, n: number, kp: number, v: number, out: number): void;
  vecmat(x: number, n: number, kp: number, w: number, out: number): void;
  matmul(a: number, m: number, k: number, ka: number, b: number, nb: number, c: number): void;
  glm(
    family: number, x: number, n: number, kp: number, y: number, alpha: number, alphaStride: number, beta: number,
    sigma: number, sigmaStride: number, w: number, dbeta: number, wantBeta: number, dsigma: number, scratch: number,
  ): number;
  // NUTS on the diagonal leapfrog path (assembly/nuts.ts, src/samplers/nuts-arena.ts).
  nutsBegin(
    bytes: number, z: number, scale: number, scaled: number, diagonal: number, position: number, gradient: number,
    forwardRest: number, backwardRest: number, trajectorySum: number,
    forwardMomentum: number, forwardNext: number, backwardMomentum: number, backwardNext: number, stepSize: number,
  ): number;
  /** kind: 0 leaf 0 of a subtree, 1 another even leaf (extra: its sum's checkpoint), 2 an odd leaf (extra: the momentum before). */
  nutsLeaf(
    kind: number, bytes: number, position: number, next: number, momentum: number, gradient: number, diagonal: number,
    sum: number, momentumOut: number, extra: number, flags: number, stepSize: number, check: number,
  ): number;
  nutsLeafMerging(
    bytes: number, position: number, next: number, momentum: number, gradient: number, diagonal: number,
    sum: number, momentumOut: number, before: number, trajectorySum: number, first: number, oldEnd: number, farEnd: number,
    flags: number, stepSize: number, check: number,
  ): number;
  nutsPointsMerge(bytes: number, trajectorySum: number, extensionSum: number, a: number, b: number, diagonal: number): number;
  nutsNormals(out: number, from: number, count: number, state: number, accept: number, width: number): number;
  nutsBlocks(
    bytes: number, sumBeforeFirst: number, sumBeforeSecond: number, sum: number, momentumFirst: number,
    momentumSecond: number, momentumLastOfFirst: number, momentumLast: number, diagonal: number,
  ): number;
}

/**
 * The smallest module that uses SIMD: one function returning v128.const 0. An engine without
 * SIMD fails to validate it (the feature test of the WebAssembly SIMD proposal's authors).
 */
const SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0; end
);

/** Whether this engine validates a SIMD module (false without WebAssembly at all). */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The compiled module, made once per thread on first use (compiling is pure: the same bytes
 * give the same module), or null where it cannot be: no SIMD, or synchronous compilation
 * refused — a browser's main thread refuses to compile modules over 4 KB synchronously
 * (workers do not); there, `await loadWasmKernels()` before building models compiles it
 * asynchronously. A cache: which path runs is decided by these calls alone, never by timing.
 */
let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    if (simdSupported()) {
      try {
        compiled = new WebAssembly.Module(kernelBytes());
      } catch {
        compiled = null;
      }
    }
  }
  return compiled;
}

const kernelBytes = (): Uint8Array<ArrayBuffer> => decodeBase64(KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>;

/**
 * Compiles the kernels asynchronously where synchronous compilation was refused (a browser's
 * main thread); resolves to whether they run here. Elsewhere it changes nothing: the kernels
 * are compiled on first use anyway. Call it before building the models that should use them
 * (a model that already ran on JavaScript kernels switches at its next call).
 */
export async function loadWasmKernels(): Promise<boolean> {
  if (kernelModule() === null && simdSupported()) {
    try {
      compiled = await WebAssembly.compile(kernelBytes());
    } catch {
      compiled = null;
    }
  }
  return wasmKernelsEnabled();
}

/** Whether the kernels run here: wanted (configure) and available (the engine). */
export function wasmKernelsEnabled(): boolean {
  return wasmWanted() && kernelModule() !== null;
}

/** A new instance of the kernels, with a memory of its own; null where they do not run. */
export function instantiateKernels(): KernelExports | null {
  const module = kernelModule();
  if (module === null) return null;
  try {
    return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  } catch {
    return null; // an engine's limit on synchronous instantiation: JavaScript kernels instead
  }
}
