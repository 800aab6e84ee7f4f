import { describe, expect, it } from 'vitest';
import type { DrawEvent, Progress } from '../../../src/samplers/run/chain.js';
import { loadModel, type ModelSource } from '../../../src/samplers/run/model-source.js';
import { sampleParallel } from '../../../src/samplers/run/parallel.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';

const data = { scales: [0.5, 1, 2], means: [1, 0, -1] };
const source: ModelSource = {
  kind: 'module',
  url: new URL('../../fixtures/models/gaussian-model.ts', import.meta.url).href,
  exportName: 'gaussianModel',
  data,
};
const options = { chains: 4, warmup: 150, draws: 100, seed: 12 } as const;

describe('sampleParallel', () => {
  it('gives bit-identical draws on 1 and 4 threads, and in-process', async () => {
    const progress: Progress[] = [];
    const drawEvents: DrawEvent[] = [];
    const [one, four] = await Promise.all([
      sampleParallel(source, { ...options, threads: 1 }),
      sampleParallel(source, {
        ...options,
        threads: 4,
        progressEvery: 50,
        onProgress: (update) => progress.push(update),
        onDraw: (draw) => drawEvents.push(draw),
      }),
    ]);
    const inProcess = sample(gaussianModel(data), options);
    expect(one.draws).toEqual(inProcess.draws);
    expect(four.draws).toEqual(inProcess.draws);
    // toEqual treats -0 and +0 alike only for numbers inside arrays; check the bits too.
    four.draws.forEach((chain, c) =>
      chain.forEach((column, j) => expect(Buffer.from(column.buffer)).toEqual(Buffer.from(inProcess.draws[c]![j]!.buffer))),
    );
    expect(four.columnNames).toEqual(inProcess.columnNames);
    expect(four.chains.map((chain) => chain.adaptation)).toEqual(inProcess.chains.map((chain) => chain.adaptation));
    expect(four.chains.map((chain) => chain.gradientEvaluations)).toEqual(inProcess.chains.map((chain) => chain.gradientEvaluations));
    // Progress is forwarded from the workers: each chain reports 50, 100, 150 (warm-up end), 200, 250.
    for (let chain = 0; chain < 4; chain++) {
      expect(progress.filter((update) => update.chain === chain).map((update) => update.iteration)).toEqual([50, 100, 150, 200, 250]);
    }
    // Draws are forwarded too, each equal to the stored row.
    expect(drawEvents).toHaveLength(4 * 100);
    for (const { chain, draw, values } of drawEvents) {
      values.forEach((value, column) => expect(value).toBe(four.draws[chain]![column]![draw]));
    }
  });

  it('reports model-loading errors', async () => {
    await expect(sampleParallel({ ...source, exportName: 'noSuchModel' })).rejects.toThrow(/has no export 'noSuchModel'/);
    // Until the JSON-spec compiler exists this names it; afterwards an empty spec is invalid.
    await expect(loadModel({ kind: 'spec', spec: {} })).rejects.toThrow();
  });
});
