// The browser page of scripts/check-wasm-chromium.ts: the GLM gradient of a logistic
// regression on the WebAssembly kernels and on the JavaScript kernels, on the page's main
// thread (before and after loadWasmKernels) and in a worker. Bundled by esbuild for the browser.
import { configure, settings } from '../../src/ad/codegen/make-function.js';
import { markConstant } from '../../src/ad/constants.js';
import { valueAndGrad } from '../../src/ad/grad.js';
import { Tensor } from '../../src/ad/tensor.js';
import type { Value } from '../../src/ad/trace.js';
import { loadWasmKernels, simdSupported, wasmKernelsEnabled } from '../../src/ad/wasm/support.js';
import { residentMatrix } from '../../src/ad/wasm/resident.js';
import { bernoulliLogitGlm } from '../../src/models/distributions/glm-families.js';

export interface BrowserWasmReport {
  readonly simd: boolean;
  readonly enabledBeforeLoad: boolean;
  readonly enabledAfterLoad: boolean;
  readonly resident: boolean;
  /** Largest difference of value and gradient between the two paths, relative to the largest magnitude. */
  readonly discrepancy: number;
  /** Whether the two paths' results differ in any bit (the SIMD path ran). */
  readonly differ: boolean;
}

function gradient(wasm: boolean, x: Tensor, y: Tensor, beta: Tensor): number[] {
  const saved = settings().wasm;
  configure({ wasm });
  const { value, grad } = valueAndGrad((p: Value[]) => bernoulliLogitGlm(x, p[0]!, p[1]!).logProb(y))([0.2, beta]);
  configure({ wasm: saved });
  const [dAlpha, dBeta] = grad as [number, Tensor];
  return [value as number, dAlpha, ...dBeta.data];
}

export async function runWasmCheck(): Promise<BrowserWasmReport> {
  const enabledBeforeLoad = wasmKernelsEnabled();
  const enabledAfterLoad = await loadWasmKernels();
  const n = 1000;
  const k = 7;
  const x = new Tensor(Float64Array.from({ length: n * k }, (_, i) => Math.sin(i * 0.37)), [n, k]);
  const y = new Tensor(Float64Array.from({ length: n }, (_, i) => (Math.cos(i * 1.3) > 0 ? 1 : 0)), [n]);
  markConstant(x);
  markConstant(y);
  const beta = new Tensor(Float64Array.from({ length: k }, (_, j) => 0.3 * (j - 3)), [k]);
  const simd = gradient(true, x, y, beta);
  const plain = gradient(false, x, y, beta);
  const scale = Math.max(...simd.map(Math.abs), ...plain.map(Math.abs));
  const discrepancy = Math.max(...simd.map((v, i) => Math.abs(v - plain[i]!) / scale));
  return {
    simd: simdSupported(),
    enabledBeforeLoad,
    enabledAfterLoad,
    resident: residentMatrix(x) !== null,
    discrepancy,
    differ: simd.some((v, i) => v !== plain[i]),
  };
}
