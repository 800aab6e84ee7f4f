import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configure, settings } from '../../../src/ad/codegen/make-function.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { mcseMean } from '../../../src/samplers/diagnostics/mcse.js';
import { columnDraws } from '../../../src/samplers/run/fit.js';
import type { ModelSource } from '../../../src/samplers/run/model-source.js';
import { sampleAsync } from '../../../src/samplers/run/sample-async.js';
import { sample } from '../../../src/samplers/run/sample.js';

// The two engines of compiled models (issue 14): generated code and the replay interpreter.
// Sampling with either gives one posterior within Monte Carlo error, and each engine's draws
// are bit-identical for any number of threads (workers run the main thread's engine).

const root = new URL('../../../examples/bench/', import.meta.url);
const spec = JSON.parse(readFileSync(new URL('eight_schools_noncentered.json', root), 'utf8'));
const data = JSON.parse(readFileSync(new URL('data/eight_schools.json', root), 'utf8'));
const options = { chains: 4, warmup: 400, draws: 400, seed: 5 } as const;

describe('compiled and interpreted gradients', () => {
  it('give the same posterior within Monte Carlo error', () => {
    const compiled = sample(compileSpec(spec, data), options);
    const interpreted = sample(compileSpec(spec, data, { compile: false }), options);
    for (const name of ['mu', 'tau', 'theta[1]', 'theta[8]']) {
      const a = columnDraws(compiled, name);
      const b = columnDraws(interpreted, name);
      const mean = (chains: readonly Float64Array[]): number => chains.reduce((s, c) => s + c.reduce((t, v) => t + v, 0), 0) / chains.reduce((n, c) => n + c.length, 0);
      // Two independent estimates of one mean: their difference over its MCSE is ~N(0, 1).
      const z = (mean(a) - mean(b)) / Math.hypot(mcseMean(a), mcseMean(b));
      expect(Math.abs(z), `${name}: z = ${z}`).toBeLessThan(4);
    }
  });

  it('the interpreter (jitless) gives bit-identical draws on 1 and 2 threads and in-process', async () => {
    const source: ModelSource = { kind: 'spec', spec, data };
    const before = settings();
    configure({ jitless: true });
    try {
      const small = { chains: 2, warmup: 100, draws: 50, seed: 3 } as const;
      const [one, two] = await Promise.all([sampleAsync(source, { ...small, workers: 1 }), sampleAsync(source, { ...small, workers: 2 })]);
      const inProcess = sample(compileSpec(spec, data), small);
      expect(inProcess.draws).toEqual(one.draws);
      expect(two.draws).toEqual(one.draws);
      // The compiled engine sums in another order, so its draws differ (from the last bits on):
      // had the workers ignored the setting, their draws would not equal the interpreter's.
      configure({ jitless: false });
      const compiled = sample(compileSpec(spec, data), small);
      expect(compiled.draws).not.toEqual(one.draws);
    } finally {
      configure(before);
    }
  });
});

// The dense kernels in WebAssembly SIMD or JavaScript (configure({ wasm })): the first 600
// rows and 6 predictors of the bench's logistic regression. The two sum in different orders
// (equal to 1e-12, test/ad/wasm), so their draws part after a while; the posterior is one.
describe('WebAssembly and JavaScript dense kernels', () => {
  const full = JSON.parse(readFileSync(new URL('data/logistic_regression.json', root), 'utf8')) as { X: number[][]; y: number[] };
  const n = 600;
  const d = 6;
  const glmData = { N: n, D: d, X: full.X.slice(0, n).map((row) => row.slice(0, d)), y: full.y.slice(0, n) };
  const glmSpec = JSON.parse(readFileSync(new URL('logistic_regression.json', root), 'utf8'));
  const withWasm = <T>(wasm: boolean, f: () => T): T => {
    const before = settings();
    configure({ wasm });
    try {
      return f();
    } finally {
      configure(before);
    }
  };

  it('give the same posterior within Monte Carlo error', () => {
    const glmOptions = { chains: 4, warmup: 300, draws: 300, seed: 7 } as const;
    const simd = withWasm(true, () => sample(compileSpec(glmSpec, glmData), glmOptions));
    const plain = withWasm(false, () => sample(compileSpec(glmSpec, glmData), glmOptions));
    expect(simd.draws).not.toEqual(plain.draws);
    for (const name of ['alpha', 'beta[1]', 'beta[3]', 'beta[6]']) {
      const a = columnDraws(simd, name);
      const b = columnDraws(plain, name);
      const mean = (chains: readonly Float64Array[]): number => chains.reduce((s, c) => s + c.reduce((t, v) => t + v, 0), 0) / chains.reduce((m, c) => m + c.length, 0);
      const z = (mean(a) - mean(b)) / Math.hypot(mcseMean(a), mcseMean(b));
      expect(Math.abs(z), `${name}: z = ${z}`).toBeLessThan(4);
    }
  });

  it('the JavaScript kernels give bit-identical draws on 1 and 2 threads and in-process (workers take the setting)', async () => {
    const source: ModelSource = { kind: 'spec', spec: glmSpec, data: glmData };
    const small = { chains: 2, warmup: 60, draws: 30, seed: 3 } as const;
    const before = settings();
    configure({ wasm: false });
    try {
      const [one, two] = await Promise.all([sampleAsync(source, { ...small, workers: 1 }), sampleAsync(source, { ...small, workers: 2 })]);
      expect(sample(compileSpec(glmSpec, glmData), small).draws).toEqual(one.draws);
      expect(two.draws).toEqual(one.draws);
      // Had the workers ignored the setting, they would have run the SIMD kernels, whose draws differ.
      configure({ wasm: true });
      expect(sample(compileSpec(glmSpec, glmData), small).draws).not.toEqual(one.draws);
    } finally {
      configure(before);
    }
  });

  it('the WebAssembly kernels give bit-identical draws on 1 and 2 threads and in-process (each has its own instance and panels of X)', async () => {
    const source: ModelSource = { kind: 'spec', spec: glmSpec, data: glmData };
    const small = { chains: 2, warmup: 60, draws: 30, seed: 5 } as const;
    const before = settings();
    configure({ wasm: true });
    try {
      const [one, two] = await Promise.all([sampleAsync(source, { ...small, workers: 1 }), sampleAsync(source, { ...small, workers: 2 })]);
      expect(sample(compileSpec(glmSpec, glmData), small).draws).toEqual(one.draws);
      expect(two.draws).toEqual(one.draws);
    } finally {
      configure(before);
    }
  });
});
