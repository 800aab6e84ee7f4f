import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configure, settings } from '../../../src/ad/codegen/make-function.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { mcseMean } from '../../../src/samplers/diagnostics/mcse.js';
import { columnDraws } from '../../../src/samplers/run/fit.js';
import type { ModelSource } from '../../../src/samplers/run/model-source.js';
import { sampleParallel } from '../../../src/samplers/run/parallel.js';
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
      const [one, two] = await Promise.all([sampleParallel(source, { ...small, threads: 1 }), sampleParallel(source, { ...small, threads: 2 })]);
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
