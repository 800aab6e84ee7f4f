import { readFileSync } from 'node:fs';
import * as eightSchoolsNoncentered from '../examples/bench/eight_schools_noncentered.js';
import * as logisticRegression from '../examples/bench/logistic_regression.js';
import type { CompiledModel } from '../src/models/model.js';
import { sample } from '../src/samplers/run/sample.js';
import { threadNanos } from './measure.js';

// The measuring process of the `engine-warmup` bench section (sections/engine-warmup.ts): in a
// fresh process, as a user's first run meets the engine, one benchmark model sampled through
// the API in the benchmark's configuration (4 chains × (1000 + 1000), one after another,
// seed 1), as is ('none') or after a throwaway run that warms the engine up ('throwaway': 1
// chain × (500 + 500), seed 2, its draws dropped). Prints JSON: the throwaway's time, and
// per chain its gradient evaluations and seconds (this thread's CPU time and wall time) from
// its start to its last iteration.
//
// usage: node --import tsx bench/engine-warmup-chains.ts <model id> <none|throwaway>

const examples: Readonly<Record<string, { readonly model: { compile(data: unknown): CompiledModel }; readonly dataFile: string }>> = {
  eight_schools_noncentered: eightSchoolsNoncentered,
  logistic_regression: logisticRegression,
};

const [id = '', setting = 'none'] = process.argv.slice(2);
const example = examples[id];
if (example === undefined) throw new Error(`engine-warmup-chains: unknown model '${id}' (one of ${Object.keys(examples).join(', ')})`);
const data: unknown = JSON.parse(readFileSync(new URL(`../examples/bench/${example.dataFile}`, import.meta.url), 'utf8'));
const model = example.model.compile(data);
const threadSeconds = (): number => {
  const nanos = threadNanos();
  return nanos === undefined ? performance.now() / 1000 : nanos / 1e9;
};
const wallSeconds = (): number => performance.now() / 1000;

const options = { chains: 4, warmup: 1000, draws: 1000, seed: 1 } as const;
const warmupStart = { thread: threadSeconds(), wall: wallSeconds() };
if (setting === 'throwaway') sample(model, { chains: 1, warmup: 500, draws: 500, seed: 2 });
const chainEnds: { thread: number; wall: number }[] = [];
const start = { thread: threadSeconds(), wall: wallSeconds() };
const fit = sample(model, {
  ...options,
  progressEvery: options.warmup + options.draws,
  onProgress: (progress) => {
    if (progress.iteration === progress.totalIterations) chainEnds.push({ thread: threadSeconds(), wall: wallSeconds() });
  },
});
const chains = fit.chains.map((chain, k) => {
  const from = k === 0 ? start : chainEnds[k - 1]!;
  const to = chainEnds[k]!;
  return { gradients: chain.gradientEvaluations, threadSeconds: to.thread - from.thread, wallSeconds: to.wall - from.wall };
});
process.stdout.write(
  JSON.stringify({
    warmup: { threadSeconds: start.thread - warmupStart.thread, wallSeconds: start.wall - warmupStart.wall },
    chains,
  }),
);
