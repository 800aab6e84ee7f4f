import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderVegaLiteToSvg } from '../src/report/plot.js';
import type { PosteriorVerdict } from '../src/validation/posteriordb.js';
import { posteriordbJson, posteriordbMarkdown, type ValidationHeader } from '../src/validation/posteriordb-report.js';
import { listPosteriors, loadPosterior, validatePosterior } from '../src/validation/posteriordb-run.js';
import { analyzeReplicates, applyBonferroni, isCalibrated, type ReplicateFailure, type ReplicateResult, type SbcResult } from '../src/validation/sbc.js';
import { type SbcMethod, sbcMethods } from '../src/validation/sbc-fit.js';
import { sbcModel, sbcModels } from '../src/validation/sbc-models/index.js';
import { rankBarRows, rankHistogramSpec } from '../src/validation/sbc-plot.js';
import { jobKey, runSbcJobs, type SbcJob } from '../src/validation/sbc-pool.js';
import { sbcJson, sbcMarkdown } from '../src/validation/sbc-report.js';

/**
 * npm run validate [-- posteriordb | sbc | all] [options]
 *
 *   posteriordb (default): NUTS on every posterior of examples/posteriordb, compared with its
 *     reference draws (src/validation/posteriordb.ts); writes out/validation/posteriordb.md
 *     and .json; exits 1 when a posterior fails.
 *   sbc: simulation-based calibration of NUTS (and ADVI) on the models of
 *     src/validation/sbc-models; writes out/validation/sbc.md, .json and
 *     out/validation/sbc/<model>.svg; exits 1 when NUTS fails calibration (ADVI is expected to
 *     fail on correlated posteriors and is reported, not judged).
 *   all: both. sbc-plots: redraws out/validation/sbc/*.svg from a previous run's sbc.json.
 *
 * Options: --chains 4 --warmup 1000 --draws 1000 --seed 1 --threads <cores> --only a,b
 *   --skip a,b --adapt-delta x --out out/validation
 *   SBC: --replicates 200 --methods nuts,advi-meanfield --models a,b --rank-draws 99 --bins 20
 *   --sbc-warmup 500 --sbc-draws 500
 */

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    chains: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1000' },
    draws: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: String(availableParallelism()) },
    only: { type: 'string' },
    skip: { type: 'string' },
    'adapt-delta': { type: 'string' },
    out: { type: 'string', default: 'out/validation' },
    replicates: { type: 'string', default: '200' },
    methods: { type: 'string', default: 'nuts,advi-meanfield' },
    models: { type: 'string' },
    'rank-draws': { type: 'string', default: '99' },
    bins: { type: 'string', default: '20' },
    'sbc-warmup': { type: 'string', default: '500' },
    'sbc-draws': { type: 'string', default: '500' },
  },
});

function integer(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`validate: --${name} is '${text}', but must be a non-negative integer`);
  return value;
}

const list = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : text.split(',').map((item) => item.trim()).filter((item) => item !== ''));
const threads = Math.max(1, integer('threads', values.threads));
const seed = integer('seed', values.seed);
const outDirectory = values.out;
/** Replicates per model and method between interim reports. */
const SBC_BLOCK = 25;

function write(name: string, text: string): void {
  mkdirSync(join(outDirectory, name, '..'), { recursive: true });
  writeFileSync(join(outDirectory, name), text);
}

async function validatePosteriordb(): Promise<boolean> {
  const directory = fileURLToPath(new URL('../examples/posteriordb/', import.meta.url));
  const only = list(values.only);
  const skip = new Set(list(values.skip) ?? []);
  const names = listPosteriors(directory).filter((name) => (only === undefined || only.some((part) => name.includes(part))) && !skip.has(name));
  const options = {
    chains: integer('chains', values.chains),
    warmup: integer('warmup', values.warmup),
    draws: integer('draws', values.draws),
    seed,
    threads,
    ...(values['adapt-delta'] === undefined ? {} : { adaptDelta: Number(values['adapt-delta']) }),
  };
  const header: ValidationHeader = {
    title: 'posteriordb validation',
    description: [
      `NUTS, ${options.chains} chains × (${options.warmup} warm-up + ${options.draws} draws), seed ${seed}, ${threads} threads; ` +
        `adapt_delta and max_treedepth as in the reference run (at least 0.8 and 10)${options.adaptDelta === undefined ? '' : `, except adapt_delta ${options.adaptDelta}`}.`,
      'Fails on |z(mean)| > 4, sd ratio outside 1 ± 4 se (|z(sd)| > 4), R-hat > 1.01, or divergences beyond 0.1% of transitions where none are expected; ' +
        'eight_schools_centered must report divergences instead (its accuracy is not judged).',
    ],
  };
  const verdicts: PosteriorVerdict[] = [];
  for (const name of names) {
    process.stdout.write(`${name} ... `);
    const verdict = await validatePosterior(await loadPosterior(directory, name), options);
    verdicts.push(verdict);
    process.stdout.write(`${verdict.passed ? 'pass' : 'FAIL'} (${verdict.seconds.toFixed(0)} s)\n`);
    // Written after every posterior, so that a long run shows its progress.
    write('posteriordb.md', posteriordbMarkdown(header, verdicts));
    write('posteriordb.json', posteriordbJson(header, verdicts));
  }
  console.log(`\n${posteriordbMarkdown(header, verdicts)}`);
  return verdicts.every((verdict) => verdict.passed);
}

/** out/validation/sbc/<model>.svg: rank histograms of every method, one file per model. */
async function writeSbcPlots(analyses: readonly SbcResult[]): Promise<void> {
  for (const name of new Set(analyses.map((analysis) => analysis.model))) {
    const title = `SBC rank histograms: ${sbcModel(name).description}`;
    write(join('sbc', `${name}.svg`), await renderVegaLiteToSvg(rankHistogramSpec(title, rankBarRows(analyses.filter((analysis) => analysis.model === name)))));
  }
}

/** Redraws the SBC plots from a previous run's sbc.json (no fitting). */
async function redrawSbcPlots(): Promise<boolean> {
  const saved = JSON.parse(readFileSync(join(outDirectory, 'sbc.json'), 'utf8')) as { results: SbcResult[] };
  await writeSbcPlots(saved.results);
  return true;
}

async function validateSbc(): Promise<boolean> {
  const methods = (list(values.methods) ?? ['nuts']) as SbcMethod[];
  const unknown = methods.filter((method) => !sbcMethods.includes(method));
  if (unknown.length > 0) throw new Error(`validate: --methods has ${unknown.join(', ')}; the methods are ${sbcMethods.join(', ')}`);
  const chosen = list(values.models);
  // The conjugate normal-mean model is the test suite's; the full run checks the others.
  const models = sbcModels.filter((model) => (chosen === undefined ? model.name !== 'normal-mean' : chosen.includes(model.name)));
  const replicates = integer('replicates', values.replicates);
  const rankDraws = integer('rank-draws', values['rank-draws']);
  const bins = integer('bins', values.bins);
  const fitOptions = { seed, rankDraws, warmup: integer('sbc-warmup', values['sbc-warmup']), draws: integer('sbc-draws', values['sbc-draws']) };
  const start = performance.now();
  const results = new Map<string, (ReplicateResult | ReplicateFailure)[]>();
  let analyses: SbcResult[] = [];
  // Replicates run in blocks over all models and methods; after each block the report is
  // rewritten, so that a long run shows interim results (and a stopped one leaves them).
  for (let first = 0; first < replicates; first += SBC_BLOCK) {
    const block = Array.from({ length: Math.min(SBC_BLOCK, replicates - first) }, (_, offset) => first + offset);
    const jobs: SbcJob[] = block.flatMap((replicate) => models.flatMap((model) => methods.map((method) => ({ model: model.name, method, replicate }))));
    for (const [key, list] of await runSbcJobs(jobs, { ...fitOptions, threads })) results.set(key, [...(results.get(key) ?? []), ...list]);
    const done = first + block.length;
    analyses = methods.flatMap((method) =>
      applyBonferroni(models.map((model) => analyzeReplicates(model.name, method, results.get(jobKey({ model: model.name, method })) ?? [], { rankDraws, bins }))),
    );
    const seconds = (performance.now() - start) / 1000;
    console.log(`SBC: ${done} of ${replicates} replicates per model and method (${seconds.toFixed(0)} s)`);
    const description = [
      `${done} replicates per model and method${done < replicates ? ` (interim: ${replicates} planned)` : ''}, seed ${seed}; ranks among L = ${rankDraws} draws in ${bins} bins; chi-square test per parameter at 1% with Bonferroni correction over each method's parameters.`,
      `NUTS: one chain, ${fitOptions.warmup} warm-up + ${fitOptions.draws} draws (extended when the ESS is too low), thinned to L draws with stride ≥ draws / ESS (Talts et al. 2018, section 4). ADVI: Stan's defaults, L independent draws from the approximation.`,
      `${seconds.toFixed(0)} s on ${threads} threads.`,
    ];
    write('sbc.md', sbcMarkdown('Simulation-based calibration', description, analyses));
    write('sbc.json', sbcJson('Simulation-based calibration', description, analyses));
    await writeSbcPlots(analyses);
    if (done === replicates) console.log(sbcMarkdown('Simulation-based calibration', description, analyses));
  }
  return analyses.filter((analysis: SbcResult) => analysis.method === 'nuts').every(isCalibrated);
}

const command = positionals[0] ?? 'posteriordb';
if (!['posteriordb', 'sbc', 'all', 'sbc-plots'].includes(command)) throw new Error(`validate: command is '${command}', but must be posteriordb, sbc, all or sbc-plots`);
if (command === 'sbc-plots') {
  await redrawSbcPlots();
} else {
  const posteriordbPassed = command === 'sbc' ? true : await validatePosteriordb();
  const sbcPassed = command === 'posteriordb' ? true : await validateSbc();
  process.exitCode = posteriordbPassed && sbcPassed ? 0 : 1;
}
