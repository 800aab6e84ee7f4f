import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { threadNanos } from './measure.js';

/**
 * npx tsx bench/sample-cpu.ts [--model gaussian_100d | --model all] [--root <checkout>] [--seed 1] [--warm]
 *
 * One bench model sampled end to end as a user's script would, in this (fresh) process:
 * compile the example (examples/bench/<model>.ts with its data), then sample(...) with
 * 4 chains × (1000 + 1000) one after another; prints the process's CPU seconds of the
 * sample(...) call alone and of the whole process, the gradient evaluations and a hash of
 * the draws, and the min bulk ESS per CPU second over Stan's (bench/README.md, "Peers'
 * figures": what the `stan` section measures of leapfrog, without R). --root runs another
 * checkout's code (e.g. main's worktree) the same way, so that two versions can be timed
 * alternately, each in a fresh process, on a shared machine. `--model all`: every model
 * with a Stan figure, each in a process of its own.
 *
 * Beside the process's CPU time (what the `stan` section compares with Stan's) it prints the
 * main thread's own (`threadCpuSeconds`, Linux): the difference is V8's background threads,
 * mostly its optimising compiler making the sampler's and the model's code fast during the
 * first chain, which the process clock counts and Stan (compiled ahead) does not pay.
 * `--warm` first samples another model (a 5-d standard normal, 4 × (1000 + 1000)) in the same
 * process, as a process that has sampled before (a notebook, a server, a page): the sampler's
 * code is then optimised and only the bench model's own code is new.
 */

/** Stan 2.21's sampling seconds and min bulk ESS (bench/README.md, medians of 3 seeds). */
const STAN: Readonly<Record<string, { seconds: number; minEss: number }>> = {
  eight_schools_noncentered: { seconds: 0.145, minEss: 2197 },
  eight_schools_centered: { seconds: 0.293, minEss: 48 },
  logistic_regression: { seconds: 3.46, minEss: 5172 },
  varying_intercepts: { seconds: 3.69, minEss: 4788 },
  gaussian_100d: { seconds: 1, minEss: 4693 },
  correlated_2d: { seconds: 0.262, minEss: 558 },
};

const { values } = parseArgs({
  options: { model: { type: 'string', default: 'gaussian_100d' }, root: { type: 'string' }, seed: { type: 'string', default: '1' }, warm: { type: 'boolean', default: false } },
});
if (values.model === 'all') {
  const { spawnSync } = await import('node:child_process');
  const passed = process.argv.slice(2).filter((arg, k, all) => arg !== '--model' && all[k - 1] !== '--model' && arg !== '--model=all');
  for (const model of Object.keys(STAN)) {
    const run = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--model', model, ...passed], { encoding: 'utf8' });
    process.stdout.write(run.status === 0 ? run.stdout : `${model}: exited with ${run.status}: ${run.stderr.slice(-500)}\n`);
  }
  process.exit(0);
}
const root = pathToFileURL(`${resolve(values.root ?? new URL('..', import.meta.url).pathname)}/`);
const id = values.model!;
const example = (await import(new URL(`examples/bench/${id}.ts`, root).href)) as { model: { compile(data: unknown): unknown }; dataFile: string };
const { sample } = (await import(new URL('src/samplers/run/sample.ts', root).href)) as typeof import('../src/samplers/run/sample.js');
const data: unknown = JSON.parse(readFileSync(new URL(`examples/bench/${example.dataFile}`, root), 'utf8'));
if (values.warm) {
  // This checkout's model object, sampled by --root's sampler: a CompiledModel is a plain interface.
  const { standardNormal } = await import('./models/standard-normal.js');
  sample(standardNormal(5), { chains: 4, warmup: 1000, draws: 1000, seed: Number(values.seed) + 1 });
}
const model = example.model.compile(data) as Parameters<typeof sample>[0];

const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const threadCpu = (): number | undefined => {
  const nanos = threadNanos();
  return nanos === undefined ? undefined : nanos / 1e9;
};
const started = cpu();
const threadStarted = threadCpu();
const fit = sample(model, { chains: 4, warmup: 1000, draws: 1000, seed: Number(values.seed) });
const sampling = cpu() - started;
const threadEnded = threadCpu();
const threadSampling = threadStarted === undefined || threadEnded === undefined ? undefined : threadEnded - threadStarted;
const { essBulk } = (await import(new URL('src/samplers/diagnostics/ess.ts', root).href)) as typeof import('../src/samplers/diagnostics/ess.js');
const { columnDraws } = (await import(new URL('src/samplers/run/fit.ts', root).href)) as typeof import('../src/samplers/run/fit.js');
const minEss = Math.min(...fit.outputNames.map((name) => essBulk(columnDraws(fit, name))));
const stan = STAN[id];
const hash = createHash('sha256');
for (const chain of fit.draws) for (const column of chain) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
process.stdout.write(
  `${JSON.stringify({
    model: id,
    ...(values.warm ? { warm: true } : {}),
    sampleCpuSeconds: Number(sampling.toFixed(3)),
    ...(threadSampling === undefined ? {} : { threadCpuSeconds: Number(threadSampling.toFixed(3)) }),
    processCpuSeconds: Number(cpu().toFixed(3)),
    gradientEvaluations: fit.chains.reduce((sum, chain) => sum + chain.gradientEvaluations, 0),
    draws: hash.digest('hex').slice(0, 16),
    minEssBulk: Math.round(minEss),
    ...(stan === undefined ? {} : { essPerSecondOverStan: Number((minEss / sampling / (stan.minEss / stan.seconds)).toFixed(2)) }),
    chainSeconds: fit.chains.map((chain) => Number((chain.warmupSeconds + chain.samplingSeconds).toFixed(3))),
  })}\n`,
);
