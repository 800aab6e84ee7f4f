// leapfrog's WebAssembly kernels (built by scripts/build-wasm.ts into
// src/ad/wasm/kernels-module.ts; see src/ad/wasm/README.md). Only numbers cross the
// boundary: JavaScript places the data in this module's memory and passes byte offsets.

export { matvec, vecmat, matmul } from './dense';
export { glm } from './glm';
export { nutsBegin, nutsLeaf, nutsLeafMerging, nutsPointsMerge, nutsBlocks, nutsNormals } from './nuts';

/** The first byte of memory free for the host's data (after the module's own static data). */
export function heapBase(): usize {
  return __heap_base;
}
