import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * npx tsx bench/sample-cpu.ts [--model gaussian_100d] [--root <checkout>] [--seed 1]
 *
 * One bench model sampled end to end as a user's script would, in this (fresh) process:
 * compile the example (examples/bench/<model>.ts with its data), then sample(...) with
 * 4 chains × (1000 + 1000) one after another; prints the process's CPU seconds of the
 * sample(...) call alone and of the whole process, the gradient evaluations and a hash of
 * the draws. --root runs another checkout's code (e.g. main's worktree) the same way, so
 * that two versions can be timed alternately, each in a fresh process, on a shared machine.
 */

const { values } = parseArgs({ options: { model: { type: 'string', default: 'gaussian_100d' }, root: { type: 'string' }, seed: { type: 'string', default: '1' } } });
const root = pathToFileURL(`${resolve(values.root ?? new URL('..', import.meta.url).pathname)}/`);
const id = values.model!;
const example = (await import(new URL(`examples/bench/${id}.ts`, root).href)) as { model: { compile(data: unknown): unknown }; dataFile: string };
const { sample } = (await import(new URL('src/samplers/run/sample.ts', root).href)) as typeof import('../src/samplers/run/sample.js');
const data: unknown = JSON.parse(readFileSync(new URL(`examples/bench/${example.dataFile}`, root), 'utf8'));
const model = example.model.compile(data) as Parameters<typeof sample>[0];

const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const started = cpu();
const fit = sample(model, { chains: 4, warmup: 1000, draws: 1000, seed: Number(values.seed) });
const sampling = cpu() - started;
const hash = createHash('sha256');
for (const chain of fit.draws) for (const column of chain) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
process.stdout.write(
  `${JSON.stringify({
    model: id,
    sampleCpuSeconds: Number(sampling.toFixed(3)),
    processCpuSeconds: Number(cpu().toFixed(3)),
    gradientEvaluations: fit.chains.reduce((sum, chain) => sum + chain.gradientEvaluations, 0),
    draws: hash.digest('hex').slice(0, 16),
  })}\n`,
);
