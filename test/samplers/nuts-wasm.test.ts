import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configure, settings } from '../../src/ad/codegen/make-function.js';
import { wasmKernelsEnabled } from '../../src/ad/wasm/support.js';
import { densityModel, type CompiledModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import type { Metric } from '../../src/samplers/kernel.js';
import { diagMetric } from '../../src/samplers/metric.js';
import { buildNutsKernel } from '../../src/samplers/nuts.js';
import { NutsTree, setWebAssemblyMinimumDim } from '../../src/samplers/nuts-tree.js';
import { wavyNormal } from './targets.js';
import type { Fit } from '../../src/samplers/run/fit.js';
import { sample } from '../../src/samplers/run/sample.js';
import { sampleAsync } from '../../src/samplers/run/sample-async.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { differingTransitions, nutsWasmMoments, runOnPath } from './nuts-wasm.checks.js';
import { runChain } from './support.js';

// The NUTS diagonal leapfrog path in WebAssembly (src/samplers/nuts-leaf-wasm.ts,
// nuts-arena.ts, assembly/nuts.ts) against the JavaScript leaves it replaces: the kernels add
// in the JavaScript's order, so the two paths must give the same draws bit for bit — through
// the kernel, through sample() with warm-up (metric and step size changing), for odd and even
// dimensions, short and long vectors, with several trees alive in one thread, on worker
// threads, and where WebAssembly's SIMD is missing. The moments are checked at one seed here
// and over many by `npm run sweep -- --test nuts-wasm` (nuts-wasm.checks.ts).

const original = settings().wasm;
afterEach(() => configure({ wasm: original }));

// Below 32 dimensions sample() keeps the JavaScript leaves (nuts-tree.ts): here the kernels
// run at every size, in this thread (worker threads keep the default: their test uses 33).
let defaultMinimumDim = 0;
beforeAll(() => {
  defaultMinimumDim = setWebAssemblyMinimumDim(1);
});
afterAll(() => setWebAssemblyMinimumDim(defaultMinimumDim));

function withWasm<T>(wasm: boolean, f: () => T): T {
  configure({ wasm });
  try {
    return f();
  } finally {
    configure({ wasm: original });
  }
}

const bitsOf = (arrays: readonly Float64Array[]): Buffer => Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

function expectSameFit(actual: Fit, expected: Fit): void {
  expect(actual.draws.length).toBe(expected.draws.length);
  actual.draws.forEach((chain, c) => expect(bitsOf(chain).equals(bitsOf(expected.draws[c]!))).toBe(true));
  expect(actual.chains.map((chain) => chain.adaptation)).toEqual(expected.chains.map((chain) => chain.adaptation));
  expect(actual.chains.map((chain) => chain.gradientEvaluations)).toEqual(expected.chains.map((chain) => chain.gradientEvaluations));
}

describe('NUTS on the WebAssembly path', () => {
  it('runs where the engine has SIMD and the kernels are wanted, and not when configure turns them off', () => {
    // Node 20, where the suite runs, has WebAssembly SIMD: the path under test must be taken.
    expect(withWasm(true, wasmKernelsEnabled)).toBe(true);
    expect(withWasm(true, () => new NutsTree(5, 10).webAssembly)).toBe(true);
    expect(withWasm(false, () => new NutsTree(5, 10).webAssembly)).toBe(false);
  });

  it('gives the JavaScript path\'s transitions bit for bit, for dimensions 1 to 40 and step sizes that change', () => {
    for (const dim of [1, 2, 3, 8, 31, 40]) {
      const model = wavyNormal(dim);
      const metric = diagMetric(Array.from({ length: dim }, (_, i) => 0.5 + (i % 4)));
      const run = (wasm: boolean): string[] =>
        withWasm(wasm, () => {
          const kernel = buildNutsKernel();
          const rng = makeRng(dim, 3);
          let state = kernel.init(model, new Float64Array(dim).fill(0.3));
          const out: string[] = [];
          for (let t = 0; t < 150; t++) {
            const [next, info] = kernel.step(rng, model, state, { stepSize: 0.5 * (1 + 0.4 * Math.sin(t)), metric });
            state = next;
            out.push(bitsOf([state.position, state.logDensityGrad]).toString('hex') + JSON.stringify(info));
          }
          return out;
        });
      expect(run(true)).toEqual(run(false));
    }
  });

  it('gives sample()\'s fit bit for bit: warm-up (new metrics each window), 4 chains one after another, dimensions 10 and 101', () => {
    for (const dim of [10, 101]) {
      const options = { chains: 4, warmup: 300, draws: 200, seed: 5, saveWarmup: true } as const;
      const wasm = withWasm(true, () => sample(wavyNormal(dim), options));
      const plain = withWasm(false, () => sample(wavyNormal(dim), options));
      expectSameFit(wasm, plain);
      expect(bitsOf(wasm.warmupDraws!.flat()).equals(bitsOf(plain.warmupDraws!.flat()))).toBe(true);
    }
  });

  it('sees a metric changed in place between transitions (it copies the diagonal every transition)', () => {
    const dim = 6;
    const model = wavyNormal(dim);
    const run = (wasm: boolean): Float64Array[] =>
      withWasm(wasm, () => {
        const diagonal = new Float64Array(dim).fill(1);
        const metric: Metric = { kind: 'diag', inverseMassDiag: diagonal };
        const kernel = buildNutsKernel();
        const rng = makeRng(2);
        let state = kernel.init(model, new Float64Array(dim));
        const positions: Float64Array[] = [];
        for (let t = 0; t < 60; t++) {
          if (t % 10 === 0) diagonal.forEach((_, i) => (diagonal[i] = 0.5 + ((t + i) % 5)));
          [state] = kernel.step(rng, model, state, { stepSize: 0.6, metric });
          positions.push(state.position);
        }
        return positions;
      });
    expect(bitsOf(run(true)).equals(bitsOf(run(false)))).toBe(true);
  });

  it('keeps trees alive side by side in one thread apart: chains interleaved transition by transition, and a tree too big for the thread\'s memory made between them', () => {
    const model = wavyNormal(12);
    const metric = diagMetric(new Array<number>(12).fill(1.5));
    const alone = (seed: number): Float64Array[] => runChain(buildNutsKernel(), model, { stepSize: 0.6, metric }, makeRng(seed), new Array<number>(12).fill(0), 80).positions;
    const expected = [alone(1), alone(2)];
    configure({ wasm: true });
    const kernels = [buildNutsKernel(), buildNutsKernel({ maxTreeDepth: 6 })];
    const rngs = [makeRng(1), makeRng(2)];
    const states = kernels.map((kernel) => kernel.init(model, new Float64Array(12)));
    const positions: Float64Array[][] = [[], []];
    for (let t = 0; t < 80; t++) {
      // A tree of 100,000 dimensions (~40 MB of vectors) takes a memory of its own: the
      // other trees' views must stay valid (no memory they use ever grows).
      if (t === 40) expect(new NutsTree(100_000, 10).webAssembly).toBe(true);
      for (const c of [0, 1]) {
        [states[c]] = kernels[c]!.step(rngs[c]!, model, states[c]!, { stepSize: 0.6, metric });
        positions[c]!.push(states[c]!.position);
      }
    }
    expect(bitsOf(positions[0]!).equals(bitsOf(expected[0]!))).toBe(true);
    expect(bitsOf(positions[1]!).equals(bitsOf(expected[1]!))).toBe(true);
  });

  it('the moments of a 33-d Gaussian on the WebAssembly path, and the JavaScript path\'s chain identical', () => expectCheckPasses(nutsWasmMoments));

  it('a divergent and a non-finite trajectory end the same way on both paths', () => {
    // A log density that is -Infinity beyond |x| > 3 in coordinate 0 and steep elsewhere.
    const dim = 5;
    const into = (theta: Float64Array, gradient: Float64Array): number => {
      let value = 0;
      for (let i = 0; i < dim; i++) {
        value -= 50 * theta[i]! ** 4;
        gradient[i] = -200 * theta[i]! ** 3;
      }
      return Math.abs(theta[0]!) > 3 ? Number.NEGATIVE_INFINITY : value;
    };
    const base = densityModel({ dim, logDensityAndGradient: (theta) => {
      const gradient = new Float64Array(dim);
      return { logDensity: into(theta, gradient), gradient };
    } });
    const model: CompiledModel = { ...base, logDensityAndGradientInto: into };
    const run = (wasm: boolean): { divergent: number; nonFinite: number; bits: Buffer } =>
      withWasm(wasm, () => {
        const chain = runChain(buildNutsKernel(), model, { stepSize: 0.9, metric: diagMetric(new Array<number>(dim).fill(1)) }, makeRng(4), new Array<number>(dim).fill(0.5), 200);
        return {
          divergent: chain.infos.filter((info) => info.isDivergent).length,
          nonFinite: chain.infos.filter((info) => info.isNonFinite).length,
          bits: bitsOf(chain.positions),
        };
      });
    const wasm = run(true);
    const plain = run(false);
    expect(wasm.divergent + wasm.nonFinite).toBeGreaterThan(10);
    expect(wasm).toEqual(plain);
  });
});

describe('NUTS where WebAssembly SIMD is missing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('runs the JavaScript leaves, automatically, with the same draws', async () => {
    const expected = runOnPath(true, 3, 100);
    vi.resetModules();
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const fresh = await import('../../src/samplers/nuts-tree.js');
    const support = await import('../../src/ad/wasm/support.js');
    expect(support.simdSupported()).toBe(false);
    expect(new fresh.NutsTree(33, 10).webAssembly).toBe(false);
    const checks = await import('./nuts-wasm.checks.js');
    expect(differingTransitions(checks.runOnPath(true, 3, 100), expected)).toBe(0);
  });
});

describe('NUTS on worker threads', () => {
  // With the kernels off, workers are covered by test/samplers/run/backends.test.ts.
  it('gives the in-thread fit bit for bit on 2 workers with the kernels', async () => {
    const source = {
      kind: 'module',
      url: new URL('../fixtures/models/gaussian-model.ts', import.meta.url).href,
      exportName: 'gaussianModel',
      // 33 coordinates: the workers keep the default minimum dimension of the WebAssembly path.
      data: { scales: Array.from({ length: 33 }, (_, i) => 0.5 + 0.5 * (i % 4)), means: Array.from({ length: 33 }, (_, i) => (i % 3) - 1) },
    } as const;
    const { gaussianModel } = await import('../fixtures/models/gaussian-model.js');
    const options = { chains: 4, warmup: 150, draws: 100, seed: 8 } as const;
    const inThread = withWasm(true, () => sample(gaussianModel(source.data), options));
    configure({ wasm: true });
    expectSameFit(await sampleAsync(source, { ...options, workers: 2 }), inThread);
  });
});
