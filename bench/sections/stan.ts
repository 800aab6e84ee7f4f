import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureFit } from '../../src/samplers/run/compare.js';
import { sample } from '../../src/samplers/run/sample.js';
import { threadNanos } from '../measure.js';
import type { BenchContext, Cell, Column, SectionResult } from '../section.js';
import { compileBenchExample } from './samplers.js';

// Stan and leapfrog side by side, in one run on one machine (the WebAssembly issue): each
// bench model's Stan program (bench/stan/<id>.stan) compiled and sampled by rstan
// (bench/stan/run-stan.R), then leapfrog's NUTS in the same configuration — 4 chains one
// after another on one core, 1000 warm-up + 1000 draws, adapt_delta 0.8, diagonal metric —
// and their ratios: cost per gradient, min bulk ESS per second of sampling (warm-up
// included, as Stan's elapsed times are), and the wait from command to result (Stan's
// compile included; leapfrog's model compilation included). Needs R with rstan, posterior
// and jsonlite (Debian: r-cran-rstan, r-cran-posterior); `npm run bench -- --stan`.

const MODELS = ['eight_schools_noncentered', 'eight_schools_centered', 'logistic_regression', 'varying_intercepts', 'gaussian_100d', 'correlated_2d'] as const;
const DATA_FILE: Readonly<Record<string, string>> = {
  eight_schools_noncentered: 'eight_schools',
  eight_schools_centered: 'eight_schools',
  logistic_regression: 'logistic_regression',
  varying_intercepts: 'varying_intercepts',
  gaussian_100d: 'gaussian_100d',
  correlated_2d: 'correlated_2d',
};
const SEED = 1;

interface StanRun {
  readonly stanVersion: string;
  readonly compileSeconds: number;
  readonly samplingSeconds: number;
  readonly gradients: number;
  readonly minEssBulk: number;
  readonly maxRhat: number;
  readonly divergences: number;
}

/**
 * CPU seconds of this process. Stan 2.21 times its chains with std::clock (the process's CPU
 * time), so ours are timed the same way: on a shared machine wall time would charge either
 * side for the other users' load.
 */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** Whether Rscript with rstan, posterior and jsonlite is here. */
export function stanAvailable(): boolean {
  const probe = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages({library(rstan); library(posterior); library(jsonlite)})'], { encoding: 'utf8' });
  return probe.status === 0;
}

function runStan(id: string): StanRun {
  const result = spawnSync('Rscript', [path('../stan/run-stan.R'), path(`../stan/${id}.stan`), path(`../../examples/bench/data/${DATA_FILE[id]}.json`), String(SEED)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`rstan on ${id} exited with ${result.status ?? result.signal}: ${result.stderr.slice(-2000)}`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as StanRun;
}

function row(id: string, context: BenchContext): Record<string, Cell> {
  context.log(`  stan: ${id}: rstan (compile and 4 chains)`);
  const stan = runStan(id);
  context.log(`  stan: ${id}: leapfrog NUTS (compile and 4 chains)`);
  const compileStart = cpuSeconds();
  const model = compileBenchExample({ id });
  const compileSeconds = cpuSeconds() - compileStart;
  // Sampling alone, as Stan's elapsed times are: the ESS and R-hat below are computed after
  // the clock stops (posterior computes Stan's in R, outside its timing too).
  const options = { chains: 4, warmup: 1000, draws: 1000, seed: SEED, method: 'nuts' } as const;
  const sampleStart = cpuSeconds();
  const threadStart = threadNanos();
  const fit = sample(model, options);
  const seconds = cpuSeconds() - sampleStart;
  const threadEnd = threadNanos();
  const ours = { ...measureFit('nuts', fit), seconds };
  // The same run again in this process (the same draws: same seed), once V8 has optimised the
  // sampler's and the model's code: what a process that has sampled before pays. The cold
  // run above is the figure compared with Stan; this one and the main thread's share of the
  // cold run say how much of it is V8's warm-up (its optimising compiler runs on background
  // threads, which the process clock counts).
  const warmStart = cpuSeconds();
  sample(model, options);
  const warmSeconds = cpuSeconds() - warmStart;
  const oursEssPerSecond = ours.minEssBulk / ours.seconds;
  const stanEssPerSecond = stan.minEssBulk / stan.samplingSeconds;
  const oursPerGradient = (1e6 * ours.seconds) / ours.evaluations;
  const stanPerGradient = (1e6 * stan.samplingSeconds) / stan.gradients;
  return {
    model: id,
    stanMicrosPerGradient: stanPerGradient,
    oursMicrosPerGradient: oursPerGradient,
    gradientCostOursOverStan: oursPerGradient / stanPerGradient,
    stanMinEss: stan.minEssBulk,
    oursMinEss: ours.minEssBulk,
    stanEssPerSecond,
    oursEssPerSecond,
    essPerSecondOursOverStan: oursEssPerSecond / stanEssPerSecond,
    mainThreadShare: threadStart === undefined || threadEnd === undefined ? '–' : `${Math.round((100 * (threadEnd - threadStart)) / 1e9 / seconds)}%`,
    warmEssPerSecondOursOverStan: ours.minEssBulk / warmSeconds / stanEssPerSecond,
    stanWaitSeconds: stan.compileSeconds + stan.samplingSeconds,
    oursWaitSeconds: compileSeconds + ours.seconds,
    waitStanOverOurs: (stan.compileSeconds + stan.samplingSeconds) / (compileSeconds + ours.seconds),
    rhat: `${stan.maxRhat.toFixed(3)} / ${ours.maxRhat.toFixed(3)}`,
    divergences: `${stan.divergences} / ${ours.divergences}`,
    stanVersion: stan.stanVersion,
  };
}

const columns: readonly Column[] = [
  { key: 'model', header: 'model' },
  { key: 'stanMicrosPerGradient', header: 'Stan µs/grad', format: 'micros' },
  { key: 'oursMicrosPerGradient', header: 'ours µs/grad', format: 'micros' },
  { key: 'gradientCostOursOverStan', header: 'µs/grad ours/Stan', format: 'ratio' },
  { key: 'stanEssPerSecond', header: 'Stan ESS/s', format: 'micros' },
  { key: 'oursEssPerSecond', header: 'ours ESS/s', format: 'micros' },
  { key: 'essPerSecondOursOverStan', header: 'ESS/s ours/Stan', format: 'ratio' },
  { key: 'mainThreadShare', header: 'ours: main thread' },
  { key: 'warmEssPerSecondOursOverStan', header: 'ESS/s ours/Stan, warm', format: 'ratio' },
  { key: 'stanWaitSeconds', header: 'Stan wait s', format: 'micros' },
  { key: 'oursWaitSeconds', header: 'ours wait s', format: 'micros' },
  { key: 'waitStanOverOurs', header: 'wait Stan/ours', format: 'ratio' },
  { key: 'rhat', header: 'max R-hat Stan / ours' },
  { key: 'divergences', header: 'divergences Stan / ours' },
];

export const stanSection = {
  id: 'stan',
  title: 'Stan (rstan) and leapfrog side by side, one run',
  byDefault: false,
  models: [...MODELS] as string[],
  run(context: BenchContext): SectionResult {
    if (!stanAvailable()) {
      return { columns, rows: [], notes: ['R with rstan, posterior and jsonlite is not installed (Debian: r-cran-rstan, r-cran-posterior): nothing measured.'], failures: [] };
    }
    const chosen = MODELS.filter((id) => context.models === undefined || context.models.includes(id));
    const rows: Record<string, Cell>[] = [];
    const failures: string[] = [];
    for (const id of chosen) {
      try {
        rows.push(row(id, context));
      } catch (error) {
        failures.push(`stan ${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return {
      columns,
      rows,
      notes: [
        `4 chains one after another on one core, 1000 warm-up + 1000 draws, seed ${SEED}, NUTS defaults on both sides. Seconds of sampling are warm-up + draws in CPU time of the process on both sides (Stan 2.21's get_elapsed_time is std::clock; ours process.cpuUsage around sample() alone: ESS and R-hat are computed after the clock stops, as posterior computes Stan's in R).`,
        'µs/grad: sampling seconds / gradient evaluations (Stan: Σ n_leapfrog__), sampler included. ESS: the smallest bulk ESS over the parameters (Stan: posterior::ess_bulk; ours: leapfrog\'s).',
        'wait: compile + sampling (Stan\'s C++ compile; leapfrog\'s model compilation), R\'s and Node\'s start-up excluded. The machine may be shared: ratios of one run, not absolute figures.',
        'ours: main thread: the share of our sampling CPU time spent on the sampling thread itself (Linux); the rest is V8\'s background threads, mostly its optimising compiler during the first chain. ESS/s ours/Stan, warm: the same run repeated in the same process (same seed, same draws), once V8 has optimised the code; the cold figure before it is the one compared with Stan.',
      ],
      failures,
    };
  },
};
