import { afterEach, describe, expect, it, vi } from 'vitest';
import { add, matmul, matvec, square, sum, valueAndGrad, vecmat, type Value } from '../../../src/ad/index.js';
import { configure, settings } from '../../../src/ad/codegen/make-function.js';
import { markConstant } from '../../../src/ad/constants.js';
import { Tensor } from '../../../src/ad/tensor.js';
import { primal } from '../../../src/ad/trace.js';
import { KERNELS_SOURCE_HASH } from '../../../src/ad/wasm/kernels-module.js';
import { residentMatrix } from '../../../src/ad/wasm/resident.js';
import { loadWasmKernels, simdSupported, wasmKernelsEnabled } from '../../../src/ad/wasm/support.js';
import { bernoulliLogitGlm, normalIdGlm, poissonLogGlm } from '../../../src/models/distributions/index.js';
import { makeRng, type Rng } from '../../../src/random/rng.js';
import { sourceHash } from '../../../scripts/build-wasm.js';

// The WebAssembly SIMD kernels (src/ad/wasm, assembly/) against the JavaScript kernels they
// replace: the same quantities from both paths (configure({ wasm }) switches between them) at
// random inputs, to 1e-12 relative to the largest component of each result (sums of up to
// 2000 terms are added in another order, so equality is to rounding, not bit for bit).

const original = settings().wasm;
afterEach(() => configure({ wasm: original }));

function both<T>(f: () => T): { simd: T; plain: T } {
  configure({ wasm: true });
  const simd = f();
  configure({ wasm: false });
  const plain = f();
  configure({ wasm: original });
  return { simd, plain };
}

const numbers = (v: unknown): number[] => {
  if (typeof v === 'number') return [v];
  if (v instanceof Tensor) return Array.from(v.data);
  if (Array.isArray(v)) return v.flatMap(numbers);
  throw new Error(`not a number or tensor: ${String(v)}`);
};

/** The largest difference relative to the largest magnitude among the results (at least 1e-300). */
function discrepancy(a: unknown, b: unknown): number {
  const x = numbers(a);
  const y = numbers(b);
  expect(x.length).toBe(y.length);
  const scale = Math.max(1e-300, ...x.map(Math.abs), ...y.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue; // infinities of one sign too
    worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale);
  }
  return worst;
}

const normals = (rng: Rng, count: number, scale = 1): Float64Array => Float64Array.from({ length: count }, () => scale * rng.normal());

function constantMatrix(rng: Rng, n: number, k: number, scale = 1): Tensor {
  const x = k === 0 ? new Tensor(normals(rng, n, scale), [n]) : new Tensor(normals(rng, n * k, scale), [n, k]);
  markConstant(x);
  return x;
}

/** Sizes: odd and even columns, rows not a multiple of the four-row sweeps, x a vector, the bench's 2000 × 25. */
const shapes: readonly (readonly [number, number])[] = [
  [257, 3],
  [130, 8],
  [515, 1],
  [700, 0],
  [2000, 25],
  [97, 33],
];

describe('WebAssembly SIMD kernels', () => {
  it('run in this engine (Node 20 has WebAssembly SIMD)', () => {
    expect(simdSupported()).toBe(true);
    configure({ wasm: true });
    expect(wasmKernelsEnabled()).toBe(true);
    configure({ wasm: false });
    expect(wasmKernelsEnabled()).toBe(false);
  });

  it('loadWasmKernels resolves to whether they run (the asynchronous path of browsers\' main threads)', async () => {
    configure({ wasm: true });
    await expect(loadWasmKernels()).resolves.toBe(true);
    configure({ wasm: false });
    await expect(loadWasmKernels()).resolves.toBe(false);
  });

  it('the committed module was built from the committed sources (npm run build:wasm)', () => {
    expect(KERNELS_SOURCE_HASH).toBe(sourceHash());
  });

  it('matvec and vecmat with a constant matrix agree with JavaScript, values and gradients', () => {
    const rng = makeRng(11, 0);
    for (const [n, k0] of shapes) {
      const k = Math.max(1, k0);
      const A = constantMatrix(rng, n, k);
      const v = new Tensor(normals(rng, k), [k]);
      const w = new Tensor(normals(rng, n), [n]);
      // Zeros in w: rows the kernels skip.
      for (let i = 0; i < n; i += 5) w.data[i] = 0;
      configure({ wasm: true });
      expect(residentMatrix(A)).not.toBeNull();
      const product = both(() => [matvec(A, v), vecmat(w, A)]);
      expect(discrepancy(product.simd, product.plain)).toBeLessThan(1e-12);
      const gradient = both(() => valueAndGrad((p: Value[]) => add(sum(matvec(A, p[0]!)), sum(square(vecmat(p[1]!, A)))))([v, w]));
      expect(discrepancy([gradient.simd.value, gradient.simd.grad], [gradient.plain.value, gradient.plain.grad])).toBeLessThan(1e-12);
    }
  });

  it('matmul of large products agrees with JavaScript', () => {
    const rng = makeRng(12, 0);
    for (const [m, k, n] of [
      [40, 33, 17],
      [64, 64, 64],
      [31, 50, 12],
    ] as const) {
      const A = new Tensor(normals(rng, m * k), [m, k]);
      const B = new Tensor(normals(rng, k * n), [k, n]);
      for (let i = 0; i < A.data.length; i += 7) A.data[i] = 0;
      const result = both(() => matmul(A, B));
      expect(discrepancy(result.simd, result.plain)).toBeLessThan(1e-12);
      markConstant(B);
      const resident = both(() => matmul(A, B));
      expect(discrepancy(resident.simd, resident.plain)).toBeLessThan(1e-12);
    }
  });

  describe('GLM densities agree with JavaScript: value and gradient', () => {
    type Family = 'bernoulli_logit' | 'poisson_log' | 'normal_id';
    const outcome = (family: Family, rng: Rng, n: number): Tensor => {
      const y = new Tensor(new Float64Array(n), [n]);
      for (let i = 0; i < n; i++) y.data[i] = family === 'bernoulli_logit' ? (rng.uniform() < 0.5 ? 1 : 0) : family === 'poisson_log' ? Math.floor(8 * rng.uniform()) : rng.normal();
      return y;
    };
    const density = (family: Family, x: Tensor, p: readonly Value[]) =>
      family === 'bernoulli_logit' ? bernoulliLogitGlm(x, p[0]!, p[1]!) : family === 'poisson_log' ? poissonLogGlm(x, p[0]!, p[1]!) : normalIdGlm(x, p[0]!, p[1]!, p[2]!);

    for (const family of ['bernoulli_logit', 'poisson_log', 'normal_id'] as const) {
      // Scales of x: ordinary linear predictors, and |η| up to hundreds (the logit link's
      // tails, e^η far from 1) for bernoulli_logit.
      const scales = family === 'bernoulli_logit' ? [1, 40] : family === 'poisson_log' ? [0.3] : [1];
      for (const [n, k] of shapes) {
        for (const scale of scales) {
          it(`${family}, x ${k === 0 ? `[${n}]` : `[${n}, ${k}]`}, scale ${scale}`, () => {
            // The two paths sum in different orders: some values differ in their last bits,
            // which shows that the WebAssembly path ran.
            let differed = 0;
            for (let seed = 1; seed <= 3; seed++) {
              const rng = makeRng(100 + seed, n + k);
              const x = constantMatrix(rng, n, k, scale);
              const y = outcome(family, rng, n);
              markConstant(y);
              const kk = Math.max(1, k);
              const beta: Value = k === 0 ? rng.normal() : new Tensor(normals(rng, kk), [kk]);
              for (const alphaVector of [false, true]) {
                const alpha: Value = alphaVector ? new Tensor(normals(rng, n), [n]) : rng.normal();
                const sigma: Value = alphaVector ? new Tensor(Float64Array.from({ length: n }, () => 0.5 + rng.uniform()), [n]) : 0.5 + rng.uniform();
                const params: Value[] = family === 'normal_id' ? [alpha, beta, sigma] : [alpha, beta];
                const plain = both(() => primal(density(family, x, params).logProb(y)));
                expect(discrepancy(plain.simd, plain.plain)).toBeLessThan(1e-12);
                if (plain.simd !== plain.plain) differed++;
                const traced = both(() => valueAndGrad((p: Value[]) => density(family, x, p).logProb(y))(params));
                expect(discrepancy([traced.simd.value, traced.simd.grad], [traced.plain.value, traced.plain.grad])).toBeLessThan(1e-12);
                // y a parameter (normal_id) or data not marked constant: copied in per call.
                const yLoose = new Tensor(Float64Array.from(y.data), [n]);
                const loose = both(() => primal(density(family, x, params).logProb(yLoose)));
                expect(discrepancy(loose.simd, loose.plain)).toBeLessThan(1e-12);
                if (family === 'normal_id') {
                  const withY = both(() => valueAndGrad((p: Value[]) => density(family, x, p).logProb(p[3]!))([...params, yLoose]));
                  expect(discrepancy([withY.simd.value, withY.simd.grad], [withY.plain.value, withY.plain.grad])).toBeLessThan(1e-12);
                }
              }
            }
            if (!(family === 'normal_id' && k === 0)) expect(differed).toBeGreaterThan(0);
          });
        }
      }
    }
  });

  it('where the memory cannot grow for the GLM\'s copy of x in panels, the JavaScript pass runs instead', () => {
    const rng = makeRng(22, 0);
    const x = constantMatrix(rng, 600, 5);
    const y = new Tensor(Float64Array.from({ length: 600 }, () => (rng.uniform() < 0.3 ? 1 : 0)), [600]);
    markConstant(y);
    const beta = new Tensor(normals(rng, 5), [5]);
    const gradient = () => valueAndGrad((p: Value[]) => bernoulliLogitGlm(x, p[0]!, p[1]!).logProb(y))([0.3, beta]);
    configure({ wasm: false });
    const expected = gradient();
    configure({ wasm: true });
    const resident = residentMatrix(x)!;
    const grow = vi.spyOn(resident.space.kernels.memory, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const result = gradient();
      expect(grow).toHaveBeenCalled();
      expect(result.value).toBe(expected.value);
      expect(Array.from((result.grad as [number, Tensor])[1].data)).toEqual(Array.from((expected.grad as [number, Tensor])[1].data));
    } finally {
      grow.mockRestore();
    }
  });

  it('where WebAssembly is missing or has no SIMD, the JavaScript kernels run instead', async () => {
    const rng = makeRng(21, 0);
    const x = constantMatrix(rng, 600, 5);
    const y = new Tensor(Float64Array.from({ length: 600 }, () => (rng.uniform() < 0.3 ? 1 : 0)), [600]);
    markConstant(y);
    const beta = new Tensor(normals(rng, 5), [5]);
    configure({ wasm: false });
    const expected = valueAndGrad((p: Value[]) => bernoulliLogitGlm(x, p[0]!, p[1]!).logProb(y))([0.3, beta]);
    const noSimd = { validate: () => false, Module: WebAssembly.Module, Instance: WebAssembly.Instance };
    for (const engine of [undefined, noSimd]) {
      vi.stubGlobal('WebAssembly', engine);
      vi.resetModules();
      try {
        const support = await import('../../../src/ad/wasm/support.js');
        const fresh = await import('../../../src/index.js');
        fresh.configure({ wasm: true });
        expect(support.simdSupported()).toBe(false);
        expect(support.wasmKernelsEnabled()).toBe(false);
        const freshX = new fresh.Tensor(Float64Array.from(x.data), [600, 5]);
        const freshY = new fresh.Tensor(Float64Array.from(y.data), [600]);
        const freshBeta = new fresh.Tensor(Float64Array.from(beta.data), [5]);
        const constants = await import('../../../src/ad/constants.js');
        constants.markConstant(freshX);
        constants.markConstant(freshY);
        const result = fresh.valueAndGrad((p: Value[]) => fresh.bernoulliLogitGlm(freshX, p[0]!, p[1]!).logProb(freshY))([0.3, freshBeta]);
        expect(result.value).toBe(expected.value);
        const grad = result.grad as [number, Tensor];
        const want = expected.grad as [number, Tensor];
        expect(grad[0]).toBe(want[0]);
        expect(Array.from(grad[1].data)).toEqual(Array.from(want[1].data));
      } finally {
        vi.unstubAllGlobals();
        vi.resetModules();
      }
    }
  });
});
