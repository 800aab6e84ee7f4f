import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFit, writeFit } from '../../src/io/fit-directory.js';
import type { Fit } from '../../src/samplers/run/fit.js';
import { sample } from '../../src/samplers/run/sample.js';
import { summary } from '../../src/samplers/run/summary.js';
import { advi } from '../../src/vi/advi.js';
import { pathfinder } from '../../src/vi/pathfinder/pathfinder.js';
import { scaleData, scaleModelDefinition } from '../vi/support.js';

const root = mkdtempSync(join(tmpdir(), 'leapfrog-fit-directory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = (name: string): string => join(root, name);

const model = scaleModelDefinition.compile(scaleData);
const fit = sample(model, { chains: 4, warmup: 100, draws: 60, seed: 11 });

/** Chains `from`..`to` (0-based) of a fit, as a process running only those would have returned them. */
function chainsOf(whole: Fit, from: number, to: number): Fit {
  return { ...whole, config: { ...whole.config, chains: to - from + 1 }, draws: whole.draws.slice(from, to + 1), chains: whole.chains.slice(from, to + 1) };
}

describe('writeFit and readFit', () => {
  it('round-trips an MCMC fit: the same draws, names, settings and summary', () => {
    const paths = writeFit(fit, folder('whole'), { model: 'scale', dataFile: 'scale.json' });
    expect(paths.map((path) => path.slice(-11))).toEqual(['chain_1.csv', 'chain_2.csv', 'chain_3.csv', 'chain_4.csv']);
    const { fit: read } = readFit(folder('whole'));
    expect(read.columnNames).toEqual(fit.columnNames);
    expect(read.draws).toEqual(fit.draws);
    expect(read.chains.map((chain) => chain.chain)).toEqual([0, 1, 2, 3]);
    for (const key of ['method', 'chains', 'warmup', 'draws', 'thin', 'seed', 'adaptDelta', 'maxTreeDepth', 'metric'] as const) expect(read.config[key]).toEqual(fit.config[key]);
    expect(summary(read).rows).toEqual(summary(fit).rows);
  });

  it('merges chains run as separate processes into the fit of one run', () => {
    writeFit(chainsOf(fit, 0, 1), folder('machine-a'), { model: 'scale' });
    writeFit(chainsOf(fit, 2, 3), folder('machine-b'), { model: 'scale' });
    const { fit: merged, files } = readFit([folder('machine-b'), folder('machine-a')]);
    expect(files.map((file) => file.slice(-11))).toEqual(['chain_1.csv', 'chain_2.csv', 'chain_3.csv', 'chain_4.csv']);
    expect(merged.draws).toEqual(fit.draws);
    expect(merged.config.chains).toBe(4);
    expect(summary(merged).rows).toEqual(summary(fit).rows);
  });

  it('refuses to merge folders of another model, other settings or the same chains', () => {
    const other = sample(model, { chains: 2, warmup: 100, draws: 60, seed: 12 });
    writeFit(chainsOf(other, 0, 1), folder('other-seed'), { model: 'scale' });
    expect(() => readFit([folder('machine-a'), folder('other-seed')])).toThrow(/readFit: .*other-seed and .*machine-a hold chains of different runs: random\.seed is 12 in .* but 11 in/);
    writeFit(chainsOf(fit, 2, 3), folder('other-model'), { model: 'scale_v2' });
    expect(() => readFit([folder('machine-a'), folder('other-model')])).toThrow(/model is scale_v2 in .* but scale in/);
    const longer = sample(model, { chains: 4, warmup: 100, draws: 80, seed: 11 });
    writeFit(chainsOf(longer, 2, 3), folder('other-draws'), { model: 'scale' });
    expect(() => readFit([folder('machine-a'), folder('other-draws')])).toThrow(/method\.sample\.num_samples is 80 in .* but 60 in/);
    writeFit(chainsOf(fit, 0, 1), folder('machine-a-again'), { model: 'scale' });
    expect(() => readFit([folder('machine-a'), folder('machine-a-again')])).toThrow(/readFit: chain 1 is in both .*chain_1\.csv and .*chain_1\.csv; with the same seed they are the same chain/);
    // A different data file is a different run too.
    expect(() => readFit([folder('machine-a'), folder('whole')])).toThrow(/data\.file is scale\.json in .*whole.* but {2}in .*machine-a/);
  });

  it('refuses to overwrite earlier output unless asked, and names empty folders', () => {
    expect(() => writeFit(fit, folder('whole'))).toThrow(/writeFit: .*whole already holds chain_1\.csv, chain_2\.csv, chain_3\.csv, chain_4\.csv; write into an empty folder/);
    writeFit(chainsOf(fit, 0, 1), folder('whole'), { overwrite: true, model: 'scale' });
    expect(readFit(folder('whole')).fit.draws).toHaveLength(2);
    writeFileSync(join(root, 'notes.txt'), 'x');
    expect(() => readFit(root)).toThrow(/holds no chain_<id>\.csv or variational\.csv/);
    expect(() => readFit(folder('missing'))).toThrow(/readFit: .*missing does not exist/);
  });

  it('round-trips draws from an approximation, with what they come from', () => {
    const variational = advi(model, { seed: 3, draws: 200 }).fit;
    writeFit(variational, folder('advi'), { model: 'scale' });
    expect(readFileSync(join(folder('advi'), 'variational.csv'), 'utf8')).toContain('# approximation = ADVI (mean-field)');
    const { fit: read } = readFit(folder('advi'));
    expect(read.approximation).toBe('ADVI (mean-field)');
    expect(read.draws).toEqual(variational.draws);
    expect(summary(read).approximationCheck!.paretoK).toBe(summary(variational).approximationCheck!.paretoK);
  });

  it('keeps the Pareto k of resampled Pathfinder draws, computed before resampling', () => {
    const result = pathfinder(model, { seed: 2, draws: 100, drawsPerPath: 100 });
    writeFit(result.fit, folder('pathfinder'), { model: 'scale' });
    const { fit: read } = readFit(folder('pathfinder'));
    expect(read.approximationCheck!.paretoK).toBe(result.approximationCheck!.paretoK);
    expect(read.approximationCheck!.verdict).toBe(result.approximationCheck!.verdict);
    expect(() => readFit([folder('pathfinder'), folder('machine-a')])).toThrow(/holds draws from an approximation, which cannot be merged/);
  });
});
