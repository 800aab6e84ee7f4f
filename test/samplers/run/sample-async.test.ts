import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/language/json/compile.js';
import { SpecError } from '../../../src/language/json/errors.js';
import type { DrawEvent, Progress } from '../../../src/samplers/run/chain.js';
import type { Fit } from '../../../src/samplers/run/fit.js';
import { loadModel, type ModelSource } from '../../../src/samplers/run/model-source.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { sampleAsync } from '../../../src/samplers/run/sample-async.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';

// sampleAsync in Node: chains on worker threads, each worker compiling the model itself.
// The fit must be `sample`'s, bit for bit, for any number of workers.

const data = { scales: [0.5, 1, 2], means: [1, 0, -1] };
const source: ModelSource = {
  kind: 'module',
  url: new URL('../../fixtures/models/gaussian-model.ts', import.meta.url).href,
  exportName: 'gaussianModel',
  data,
};
const options = { chains: 4, warmup: 150, draws: 100, seed: 12 } as const;

const examples = new URL('../../../examples/bench/', import.meta.url);
const eightSchools = {
  spec: JSON.parse(readFileSync(new URL('eight_schools_noncentered.json', examples), 'utf8')) as unknown,
  data: JSON.parse(readFileSync(new URL('data/eight_schools.json', examples), 'utf8')) as unknown,
};

/** Every draw's bits, not only its value: toEqual treats -0 and +0 alike inside typed arrays. */
function expectSameBits(actual: Fit, expected: Fit): void {
  expect(actual.columnNames).toEqual(expected.columnNames);
  expect(actual.draws.length).toBe(expected.draws.length);
  actual.draws.forEach((chain, c) => chain.forEach((column, j) => expect(Buffer.from(column.buffer)).toEqual(Buffer.from(expected.draws[c]![j]!.buffer))));
  expect(actual.chains.map((chain) => chain.adaptation)).toEqual(expected.chains.map((chain) => chain.adaptation));
  expect(actual.chains.map((chain) => chain.gradientEvaluations)).toEqual(expected.chains.map((chain) => chain.gradientEvaluations));
}

describe('sampleAsync (worker threads)', () => {
  it('gives the draws of sample for a JSON spec on 1, 2 and 4 workers', async () => {
    const settings = { chains: 4, warmup: 150, draws: 100, seed: 3 } as const;
    const inProcess = sample(compileSpec(eightSchools.spec, eightSchools.data), settings);
    // One after another: on a machine of two cores, seven threads loading at once only wait for each other.
    for (const workers of [1, 2, 4]) {
      const fit = await sampleAsync(eightSchools, { ...settings, workers });
      expectSameBits(fit, inProcess);
      expect(fit.unconstrainedNames).toEqual(inProcess.unconstrainedNames);
    }
  });

  it("forwards progress per chain and draws, with a module source and init: 'pathfinder' (computed in a worker)", async () => {
    const progress: Progress[] = [];
    const drawEvents: DrawEvent[] = [];
    // Chain ids 3–6: the worker computing Pathfinder's points must take the run's first chain id.
    const settings = { ...options, init: 'pathfinder', firstChainId: 3 } as const;
    const fit = await sampleAsync(source, {
      ...settings,
      workers: 2,
      progressEvery: 50,
      onProgress: (update) => progress.push(update),
      onDraw: (draw) => drawEvents.push(draw),
    });
    expectSameBits(fit, sample(gaussianModel(data), settings));
    // Each chain reports 50, 100, 150 (warm-up end), 200, 250.
    for (let chain = 0; chain < 4; chain++) {
      expect(progress.filter((update) => update.chain === chain).map((update) => update.iteration)).toEqual([50, 100, 150, 200, 250]);
    }
    expect(drawEvents).toHaveLength(4 * 100);
    for (const { chain, draw, values } of drawEvents) {
      values.forEach((value, column) => expect(value).toBe(fit.draws[chain]![column]![draw]));
    }
  });

  // The engine settings reaching the workers (configure({ jitless })): test/samplers/run/backends.test.ts.

  it('samples a model file as leapfrog sample takes it', async () => {
    const file = new URL('eight_schools_noncentered.json', examples).pathname;
    const dataFile = new URL('data/eight_schools.json', examples).pathname;
    const settings = { chains: 2, warmup: 100, draws: 50, seed: 9 } as const;
    const fromFile = await sampleAsync({ file, dataFile }, { ...settings, workers: 1 });
    expectSameBits(fromFile, sample(compileSpec(eightSchools.spec, eightSchools.data), settings));
  });

  it('stops its workers when the signal aborts, and rejects with its reason', async () => {
    const controller = new AbortController();
    const progress: Progress[] = [];
    const started = performance.now();
    const running = sampleAsync(eightSchools, {
      chains: 2,
      workers: 2,
      warmup: 1_000_000,
      draws: 10,
      progressEvery: 10,
      onProgress: (update) => {
        progress.push(update);
        if (progress.length === 1) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    const abortedAt = progress.length;
    // A terminated worker posts nothing more.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(progress.length).toBe(abortedAt);
    expect(performance.now() - started).toBeLessThan(30_000);
    // An aborted signal refuses at once, with the signal's own reason.
    const reason = new Error('the user pressed cancel');
    await expect(sampleAsync(eightSchools, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('reports problems of the model with their places', async () => {
    await expect(sampleAsync({ ...source, exportName: 'noSuchModel' }, { workers: 1 })).rejects.toThrow(/has no export 'noSuchModel'/);
    const badSpec = { ...(eightSchools.spec as object), model: [{ sample: 'mu', distribution: 'normall', args: ['0', '5'] }] };
    const error: unknown = await sampleAsync({ spec: badSpec, data: eightSchools.data }, { workers: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).issues[0]!.path).toEqual(['model', 0, 'distribution']);
    expect((error as SpecError).message).toMatch(/^model\[0\]\.distribution: unknown distribution "normall" \(did you mean 'normal'\?\)/);
    await expect(sampleAsync({ spec: eightSchools.spec, data: eightSchools.data }, { workers: 0 })).rejects.toThrow(/workers is 0, but must be a positive integer/);
    await expect(loadModel({ kind: 'spec', spec: {} })).rejects.toThrow();
    // A starting metric that is not a variance is refused by the workers (where the metric is
    // built) in sample's own words.
    const diagonal = new Float64Array(10).fill(1);
    diagonal[3] = -1;
    await expect(sampleAsync({ spec: eightSchools.spec, data: eightSchools.data }, { workers: 1, chains: 2, inverseMetric: diagonal })).rejects.toThrow(
      'sample: inverseMetric: inverseMassDiag[3] is -1, but must be a positive finite number',
    );
  });
});
