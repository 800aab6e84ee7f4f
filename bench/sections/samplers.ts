import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import * as bnnRegression from '../../examples/bench/bnn_regression.js';
import * as correlated2d from '../../examples/bench/correlated_2d.js';
import * as eightSchoolsCentered from '../../examples/bench/eight_schools_centered.js';
import * as eightSchoolsNoncentered from '../../examples/bench/eight_schools_noncentered.js';
import * as gaussian100d from '../../examples/bench/gaussian_100d.js';
import * as logisticRegression from '../../examples/bench/logistic_regression.js';
import * as varyingIntercepts from '../../examples/bench/varying_intercepts.js';
import type { CompiledModel } from '../../src/models/model.js';
import { compareSamplers, type SamplerComparison } from '../../src/samplers/run/compare.js';
import { essBulk } from '../../src/samplers/diagnostics/ess.js';
import { rhat } from '../../src/samplers/diagnostics/rhat.js';
import { columnDraws, type Fit, type SamplerMethod } from '../../src/samplers/run/fit.js';
import { sampleAsync } from '../../src/samplers/run/sample-async.js';
import { formatSection } from '../report.js';
import type { BenchContext, Cell, Column, SectionResult } from '../section.js';

// NUTS, static HMC and random-walk Metropolis on the seven benchmark models in the
// configuration of bench/README.md (4 chains × (1000 warm-up + 1000 draws), one after another on
// this thread), then NUTS with chains on all cores; beside Stan's figures (bench/README.md, "Stan").
// The measure is Hoffman & Gelman (2014), section 4.4: the smallest bulk ESS over all
// outputs (Vehtari et al. 2021) per second. `--models a,b` runs a subset (a full run takes
// tens of minutes, bnn_regression most of it).

const CHAINS = 4;
const SEED = 1;
/** Iterations per chain: the benchmark's (bench/README.md), except bnn_regression's cap (as Stan was run: bench/README.md). */
const iterationsOf = (id: string): { warmup: number; draws: number } =>
  id === 'bnn_regression' ? { warmup: 300, draws: 300 } : { warmup: 1000, draws: 1000 };

/** The benchmark models (bench/README.md), in its order. */
const examples: Readonly<Record<string, { readonly model: { compile(data: unknown): CompiledModel }; readonly dataFile: string }>> = {
  eight_schools_noncentered: eightSchoolsNoncentered,
  eight_schools_centered: eightSchoolsCentered,
  logistic_regression: logisticRegression,
  varying_intercepts: varyingIntercepts,
  gaussian_100d: gaussian100d,
  correlated_2d: correlated2d,
  bnn_regression: bnnRegression,
};
export const samplerBenchModels: readonly string[] = Object.keys(examples);

/**
 * Stan 2.21's NUTS (adapt_delta 0.8, diagonal metric) in the same configuration, medians
 * of 3 seeds on a 2-core AMD EPYC machine: the table of bench/README.md ("Stan
 * 2.21"). bnn_regression was capped at 300 + 300 iterations per chain there too.
 */
const stan: Readonly<Record<string, { seconds: number; gradients: number; minEss: number; essPerSecond: number; divergences: number; maxRhat: number }>> = {
  eight_schools_noncentered: { seconds: 0.145, gradients: 69_239, minEss: 2197, essPerSecond: 15105, divergences: 1, maxRhat: 1.002 },
  eight_schools_centered: { seconds: 0.293, gradients: 181_224, minEss: 48, essPerSecond: 165, divergences: 171, maxRhat: 1.074 },
  logistic_regression: { seconds: 3.46, gradients: 58_974, minEss: 5172, essPerSecond: 1494, divergences: 0, maxRhat: 1.003 },
  varying_intercepts: { seconds: 3.69, gradients: 74_122, minEss: 4788, essPerSecond: 1194, divergences: 0, maxRhat: 1.005 },
  gaussian_100d: { seconds: 1, gradients: 189_729, minEss: 4693, essPerSecond: 4700, divergences: 0, maxRhat: 1.005 },
  correlated_2d: { seconds: 0.262, gradients: 124_493, minEss: 558, essPerSecond: 2092, divergences: 0, maxRhat: 1.006 },
  bnn_regression: { seconds: 276, gradients: 2_212_739, minEss: 447, essPerSecond: 2, divergences: 1, maxRhat: 1.013 },
};

/** Max R-hat above which a run's ESS figures are flagged as meaningless. */
const UNCONVERGED_RHAT = 1.05;

/** Target of issue 4 for gaussian_100d: NUTS at least this many times Metropolis's min ESS/s. */
const NUTS_OVER_METROPOLIS_TARGET = 100;

/**
 * A benchmark model bound to its data, by id: the factory `sampleAsync`'s workers call
 * (a CompiledModel holds closures and cannot be sent to a thread).
 */
export function compileBenchExample(input: { readonly id: string }): CompiledModel {
  const example = examples[input.id];
  if (example === undefined) {
    throw new Error(`compileBenchExample: id is '${input.id}', but must be one of ${samplerBenchModels.join(', ')}`);
  }
  const data: unknown = JSON.parse(readFileSync(new URL(`../../examples/bench/${example.dataFile}`, import.meta.url), 'utf8'));
  return example.model.compile(data);
}

type Run = SamplerMethod | 'nuts-parallel';
const allRuns: readonly Run[] = ['nuts', 'hmc', 'metropolis', 'nuts-parallel'];

interface Measured {
  readonly seconds: number;
  /** CPU seconds of this process over the run (in-process runs only): on a loaded machine
   *  closer than wall time to what an idle one would take. */
  readonly cpuSeconds?: number;
  /** Worker threads only: seconds from the call to the first chain's start. */
  readonly startupSeconds?: number;
  readonly evaluations: number;
  readonly minEssBulk: number;
  readonly maxRhat: number;
  readonly divergences: number;
}

function row(id: string, run: Run, iterations: { warmup: number; draws: number }, measured: Measured, threads: number): Record<string, Cell> {
  const essPerSecond = measured.minEssBulk / measured.seconds;
  const reference = stan[id]!;
  return {
    model: id,
    method: run === 'nuts-parallel' ? `nuts, ${threads} threads` : run,
    iterations: `${CHAINS}×(${iterations.warmup}+${iterations.draws})`,
    seconds: measured.seconds,
    cpuSeconds: measured.cpuSeconds ?? null,
    startupSeconds: measured.startupSeconds ?? null,
    evaluations: measured.evaluations,
    minEssBulk: measured.minEssBulk,
    essPerSecond,
    maxRhat: Number(measured.maxRhat.toFixed(3)),
    divergences: measured.divergences,
    stanSeconds: reference.seconds,
    stanGradients: reference.gradients,
    stanMinEss: reference.minEss,
    stanEssPerSecond: reference.essPerSecond,
    oursOverStan: essPerSecond / reference.essPerSecond,
    oursOverStanCpu: measured.cpuSeconds === undefined ? null : measured.minEssBulk / measured.cpuSeconds / reference.essPerSecond,
  };
}

const columns: readonly Column[] = [
  { key: 'model', header: 'model' },
  { key: 'method', header: 'method' },
  { key: 'iterations', header: 'iterations' },
  { key: 'seconds', header: 'wall s', format: 'micros' },
  { key: 'cpuSeconds', header: 'CPU s', format: 'micros' },
  { key: 'startupSeconds', header: 'start-up s', format: 'micros' },
  { key: 'evaluations', header: 'grad evals', format: 'integer' },
  { key: 'minEssBulk', header: 'min ESS', format: 'integer' },
  { key: 'essPerSecond', header: 'min ESS/s', format: 'micros' },
  { key: 'maxRhat', header: 'max R-hat' },
  { key: 'divergences', header: 'divergences', format: 'integer' },
  { key: 'stanSeconds', header: 'Stan s', format: 'micros' },
  { key: 'stanGradients', header: 'Stan grads', format: 'integer' },
  { key: 'stanMinEss', header: 'Stan min ESS', format: 'integer' },
  { key: 'stanEssPerSecond', header: 'Stan ESS/s', format: 'micros' },
  { key: 'oursOverStan', header: 'ESS/s ours/Stan', format: 'ratio' },
  { key: 'oursOverStanCpu', header: 'ESS/CPU s ours/Stan', format: 'ratio' },
];

const extremeOverOutputs = (fit: Fit, statistic: (chains: readonly Float64Array[]) => number, pick: (values: number[]) => number): number =>
  pick(fit.outputNames.map((name) => statistic(columnDraws(fit, name))).filter((value) => !Number.isNaN(value)));

/** compareSamplers's figures for a fit made elsewhere (seconds aside). */
function measureFit(fit: Fit): Omit<Measured, 'seconds'> {
  return {
    evaluations: fit.chains.reduce((sum, chain) => sum + chain.gradientEvaluations, 0),
    minEssBulk: extremeOverOutputs(fit, essBulk, (values) => Math.min(...values)),
    maxRhat: extremeOverOutputs(fit, rhat, (values) => Math.max(...values)),
    divergences: fit.chains.reduce((sum, chain) => sum + chain.divergentPositions.length, 0),
  };
}

/** Whether two fits hold the same draws bit for bit (worker threads must not change them). */
function sameDraws(first: Fit, second: Fit): boolean {
  return first.draws.every((chain, c) =>
    chain.every((column, j) => Buffer.from(column.buffer).equals(Buffer.from(second.draws[c]![j]!.buffer))),
  );
}

interface ChainEvent {
  readonly chain: number;
  readonly iteration: number;
  readonly totalIterations: number;
  readonly elapsedSeconds: number;
}

/**
 * Logs each chain's end, so that a long run shows it is alive, and passes every phase-end
 * event (warm-up and sampling) to `observe`.
 */
function chainLogger(context: BenchContext, label: string, observe?: (progress: ChainEvent) => void) {
  return {
    progressEvery: 1_000_000,
    onProgress: (progress: ChainEvent) => {
      observe?.(progress);
      if (progress.iteration === progress.totalIterations) {
        context.log(`    ${label}: chain ${progress.chain + 1} done (${progress.elapsedSeconds.toFixed(1)} s)`);
      }
    },
  };
}

interface ModelRuns {
  readonly rows: Record<string, Cell>[];
  readonly failures: string[];
  readonly essPerSecond: Partial<Record<Run, number>>;
}

async function benchOneModel(id: string, runs: readonly Run[], context: BenchContext): Promise<ModelRuns> {
  const iterations = iterationsOf(id);
  const threads = availableParallelism();
  const model = compileBenchExample({ id });
  const options = { chains: CHAINS, ...iterations, seed: SEED };
  const result: ModelRuns = { rows: [], failures: [], essPerSecond: {} };
  let inProcessNuts: SamplerComparison | undefined;
  for (const run of runs) {
    const label = `${id} ${run}`;
    context.log(`  samplers: ${label}, ${CHAINS} chains × (${iterations.warmup} + ${iterations.draws})`);
    try {
      let measured: Measured;
      if (run === 'nuts-parallel') {
        const source = { kind: 'module', url: import.meta.url, exportName: 'compileBenchExample', data: { id } } as const;
        // Wall time from the first chain's start (its end time less its elapsed seconds) to the
        // end, comparable with the in-process sums; worker start-up (module loading and each
        // worker's model compilation) is reported apart.
        const start = performance.now() / 1000;
        const firstChain = { start: Number.POSITIVE_INFINITY };
        const observe = (progress: ChainEvent): void => {
          firstChain.start = Math.min(firstChain.start, performance.now() / 1000 - progress.elapsedSeconds);
        };
        const fit = await sampleAsync(source, { ...options, workers: threads, ...chainLogger(context, label, observe) });
        const end = performance.now() / 1000;
        const seconds = end - firstChain.start;
        const startupSeconds = firstChain.start - start;
        if (inProcessNuts !== undefined && !sameDraws(fit, inProcessNuts.fit)) {
          result.failures.push(`${id}: NUTS on worker threads drew differently from NUTS in-process with the same seed`);
        }
        measured = { ...measureFit(fit), seconds, startupSeconds };
      } else {
        const cpuStart = process.cpuUsage();
        const comparison = compareSamplers(model, { ...options, methods: [run], ...chainLogger(context, label) })[0]!;
        const cpu = process.cpuUsage(cpuStart);
        if (run === 'nuts') inProcessNuts = comparison;
        measured = { ...comparison, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
      }
      const added = row(id, run, iterations, measured, threads);
      result.rows.push(added);
      result.essPerSecond[run] = added.essPerSecond as number;
      context.log(
        `  samplers: ${label}: ${measured.seconds.toFixed(1)} s, ${measured.evaluations} evaluations, ` +
          `min ESS ${measured.minEssBulk.toFixed(0)}, max R-hat ${measured.maxRhat.toFixed(3)}, ${measured.divergences} divergences`,
      );
    } catch (error) {
      result.failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

export interface SamplersOptions {
  /** Model ids to run (default all seven). */
  readonly models?: readonly string[];
  /** Runs per model (default nuts, hmc, metropolis, nuts-parallel). */
  readonly runs?: readonly Run[];
}

function checkSubset(name: string, chosen: readonly string[], allowed: readonly string[]): void {
  const unknown = chosen.filter((value) => !allowed.includes(value));
  if (chosen.length === 0 || unknown.length > 0) {
    throw new Error(`bench samplers: ${name} names ${unknown.length > 0 ? unknown.join(', ') : 'nothing'}; choose from ${allowed.join(', ')}`);
  }
}

/** Runs the section on `options.models`; see the file's header. */
export async function runSamplersSection(context: BenchContext, options: SamplersOptions = {}): Promise<SectionResult> {
  const models = options.models ?? samplerBenchModels;
  const runs = options.runs ?? allRuns;
  checkSubset('--models', models, samplerBenchModels);
  checkSubset('--runs', runs, allRuns);
  const rows: Record<string, Cell>[] = [];
  const failures: string[] = [];
  const notes = [
    `${CHAINS} chains, seed ${SEED}, adapt_delta 0.8, diagonal metric; "wall s" is warm-up + sampling summed over chains run one after`,
    'another on this thread (compilation excluded); for "nuts, N threads" it is sampleAsync\'s wall time from the first chain\'s start to',
    'the end, and "start-up s" the time before that (workers loading modules and compiling the model). "CPU s": this process, GC threads included.',
    'grad evals are log-density evaluations for Metropolis. Stan figures: bench/README.md, "Stan" (Stan 2.21 NUTS, medians of 3 seeds, same configuration).',
    'ours/Stan compares each of our methods with Stan\'s NUTS. The machine may be loaded: timings are rough, ratios of one run less so.',
  ];
  for (const id of models) {
    const result = await benchOneModel(id, runs, context);
    rows.push(...result.rows);
    failures.push(...result.failures);
    const { nuts, metropolis } = result.essPerSecond;
    if (id === 'gaussian_100d' && nuts !== undefined && metropolis !== undefined) {
      const ratio = nuts / metropolis;
      notes.push(
        `gaussian_100d: NUTS/Metropolis min ESS/s = ${ratio.toFixed(0)}× (target ≥ ${NUTS_OVER_METROPOLIS_TARGET}×: ` +
          `${ratio >= NUTS_OVER_METROPOLIS_TARGET ? 'met' : 'missed'}).`,
      );
    }
  }
  // Vehtari et al. (2021) recommend 1.01; far above it the chains disagree and ESS is meaningless.
  const unconverged = rows.filter((row) => (row.maxRhat as number) > UNCONVERGED_RHAT).map((row) => `${row.model} ${row.method}`);
  if (unconverged.length > 0) {
    notes.push(`Not converged (max R-hat > ${UNCONVERGED_RHAT}), so their min ESS and ratios mean nothing: ${unconverged.join(', ')}.`);
  }
  return { columns, rows, notes, failures };
}

/**
 * The section for bench/run.ts. Its run is asynchronous (worker threads); the harness awaits
 * it, and passes `--models` through `context.models` when it has one.
 */
export const samplersSection = {
  id: 'samplers',
  title: 'Samplers on the benchmark models (bench/README.md configuration) beside Stan',
  models: samplerBenchModels,
  run: (context: BenchContext & { readonly models?: readonly string[] }): Promise<SectionResult> =>
    runSamplersSection(context, { models: context.models }),
};

/** `npx tsx bench/sections/samplers.ts [--models a,b] [--runs nuts,hmc,metropolis,nuts-parallel] [--json]`. */
async function main(argv: readonly string[]): Promise<void> {
  const options: { models?: string[]; runs?: Run[] } = {};
  let json = false;
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--models') options.models = (argv[++k] ?? '').split(',').filter((value) => value !== '');
    else if (argv[k] === '--runs') options.runs = (argv[++k] ?? '').split(',').filter((value) => value !== '') as Run[];
    else if (argv[k] === '--json') json = true;
    else throw new Error(`bench samplers: unknown argument '${argv[k]}'; usage: [--models a,b] [--runs ${allRuns.join(',')}] [--json]`);
  }
  const context: BenchContext = { timing: {}, log: (message) => process.stderr.write(`${message}\n`) };
  const result = await runSamplersSection(context, options);
  process.stdout.write(json ? `${JSON.stringify(result, null, 1)}\n` : `${formatSection(samplersSection.title, result)}\n`);
  if (result.failures.length > 0) process.exitCode = 1;
}

// Run directly (not when bench/run.ts imports it, nor in sampleAsync's workers).
if (isMainThread && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
