/**
 * Scale check (issue 12, item 12): two large models sampled end to end through the command
 * line as a user runs it — `leapfrog sample`, then `leapfrog summary`, then `leapfrog
 * summary --report` — each in its own process, recording wall time, CPU time and peak
 * resident memory (worker threads included: they share the process). The target: every step
 * within 2 GB.
 *
 *   - regression-1e6: a normal linear regression with N = 1,000,000 observations
 *     (y ~ normal(alpha + beta x, sigma)), 3 parameters; the cost is the data, in the log
 *     density and in every worker's copy of the model.
 *   - normal-10k: 10,000 independent standard normal parameters; the cost is the draws:
 *     4 chains x 1000 draws x 10,007 columns, 800 MB of CSV, and a summary of 10,001
 *     quantities. (A geometry any sampler handles, so that the figures measure the output
 *     path rather than a hard posterior.)
 *
 * Usage: npm run scale-check -- [--dir path] [--quick] [--reuse] [--only regression-1e6|normal-10k]
 * The specs and data are generated (seeded) into --dir (default: a folder under the system's
 * temporary directory), with the runs' output; the figures are printed as a Markdown table.
 * --quick runs 200 + 200 iterations per chain instead of the full settings; --reuse skips
 * sampling a model whose output is already in --dir (to measure summary and report again).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRng } from '../src/random/rng.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'leapfrog.mjs');

interface Step {
  readonly model: string;
  readonly step: string;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
}

interface ModelCase {
  readonly name: string;
  readonly description: string;
  readonly spec: object;
  readonly data: () => object;
  /** Iterations per chain: warm-up, draws. */
  readonly iterations: readonly [number, number];
}

const rounded = (value: number, digits = 6): number => Number(value.toFixed(digits));

const cases: readonly ModelCase[] = [
  {
    name: 'regression-1e6',
    description: 'normal linear regression, N = 1,000,000 observations, 3 parameters',
    spec: {
      name: 'regression_1e6',
      data: { N: { type: 'int', lower: 1 }, x: { type: 'vector', size: 'N' }, y: { type: 'vector', size: 'N' } },
      parameters: { alpha: { type: 'real' }, beta: { type: 'real' }, sigma: { type: 'real', lower: 0 } },
      model: [
        { sample: 'alpha', distribution: 'normal', args: ['0', '10'] },
        { sample: 'beta', distribution: 'normal', args: ['0', '10'] },
        { sample: 'sigma', distribution: 'normal', args: ['0', '5'] },
        { sample: 'y', distribution: 'normal', args: ['alpha + beta * x', 'sigma'] },
      ],
    },
    data: () => {
      const rng = makeRng(2024, 0);
      const N = 1_000_000;
      const x = Array.from({ length: N }, () => rounded(rng.normal()));
      const y = x.map((value) => rounded(1 + 2 * value + 0.5 * rng.normal()));
      return { N, x, y };
    },
    iterations: [500, 500],
  },
  {
    name: 'normal-10k',
    description: '10,000 independent standard normal parameters',
    spec: {
      name: 'normal_10k',
      data: { N: { type: 'int', lower: 1 } },
      parameters: { theta: { type: 'vector', size: 'N' } },
      model: [{ sample: 'theta', distribution: 'normal', args: ['0', '1'] }],
    },
    data: () => ({ N: 10_000 }),
    iterations: [1000, 1000],
  },
];

/** Peak resident memory of a process so far, from /proc (VmHWM), in MB; NaN where there is no /proc. */
function peakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match === null ? NaN : Number(match[1]) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * Runs `leapfrog args` and measures it: with GNU time when installed (its maximum resident
 * set size is the kernel's own account), else by polling /proc for the process's peak.
 */
async function measure(model: string, step: string, args: readonly string[], log: string): Promise<Step> {
  const gnuTime = existsSync('/usr/bin/time');
  const timeFile = `${log}.time`;
  const command = gnuTime ? '/usr/bin/time' : process.execPath;
  const commandArgs = gnuTime ? ['-v', '-o', timeFile, process.execPath, bin, ...args] : [bin, ...args];
  const started = performance.now();
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  // The log is written as it comes, so that a long run can be followed (tail -f).
  writeFileSync(log, '');
  let tail = '';
  const keep = (chunk: Buffer): void => {
    appendFileSync(log, chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let polledPeak = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined) polledPeak = Math.max(polledPeak, peakRss(child.pid));
  }, 200);
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearInterval(poll);
  const wallSeconds = (performance.now() - started) / 1000;
  let peakRssMb = polledPeak;
  let cpuSeconds = NaN;
  if (gnuTime && existsSync(timeFile)) {
    const report = readFileSync(timeFile, 'utf8');
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    const user = /User time \(seconds\): ([\d.]+)/.exec(report);
    const system = /System time \(seconds\): ([\d.]+)/.exec(report);
    if (rss !== null) peakRssMb = Number(rss[1]) / 1024;
    if (user !== null && system !== null) cpuSeconds = Number(user[1]) + Number(system[1]);
  }
  const result = { model, step, wallSeconds, cpuSeconds, peakRssMb, exitCode };
  process.stderr.write(`${model} ${step}: ${JSON.stringify(result)}\n`);
  if (exitCode !== 0) process.stderr.write(`${tail.split('\n').slice(-5).join('\n')}\n`);
  return result;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const reuse = process.argv.includes('--reuse');
  const only = option('only');
  const directory = option('dir') ?? join(tmpdir(), 'leapfrog-scale-check');
  mkdirSync(directory, { recursive: true });
  const steps: Step[] = [];
  for (const modelCase of cases) {
    if (only !== undefined && only !== modelCase.name) continue;
    const specPath = join(directory, `${modelCase.name}.json`);
    const dataPath = join(directory, `${modelCase.name}.data.json`);
    writeFileSync(specPath, JSON.stringify(modelCase.spec, null, 2));
    if (!existsSync(dataPath)) writeFileSync(dataPath, JSON.stringify(modelCase.data()));
    const out = join(directory, `${modelCase.name}-out`);
    const [warmup, draws] = quick ? [200, 200] : modelCase.iterations;
    const log = (step: string) => join(directory, `${modelCase.name}.${step}.log`);
    process.stderr.write(`${modelCase.name}: ${modelCase.description}; 4 chains of ${warmup} + ${draws} iterations\n`);
    if (!(reuse && existsSync(join(out, 'chain_1.csv')))) steps.push(await measure(modelCase.name, 'sample', ['sample', specPath, '--data', dataPath, '--seed', '1', '--warmup', String(warmup), '--draws', String(draws), '--out', out, '--overwrite'], log('sample')));
    steps.push(await measure(modelCase.name, 'summary', ['summary', out], log('summary')));
    steps.push(await measure(modelCase.name, 'report', ['summary', out, '--report'], log('report')));
  }
  const rows = steps.map((step) => `| ${step.model} | ${step.step} | ${step.wallSeconds.toFixed(1)} | ${step.cpuSeconds.toFixed(1)} | ${Math.round(step.peakRssMb)} | ${step.exitCode} |`);
  const table = ['| model | step | wall s | CPU s | peak RSS MB | exit |', '|---|---|---|---|---|---|', ...rows].join('\n');
  process.stdout.write(`${table}\n`);
  writeFileSync(join(directory, 'scale-check.md'), `${table}\n`);
  const over = steps.filter((step) => step.exitCode !== 0 || !(step.peakRssMb < 2048));
  if (over.length > 0) {
    process.stderr.write(`FAILED: ${over.map((step) => `${step.model} ${step.step}`).join(', ')} (non-zero exit or peak RSS >= 2048 MB)\n`);
    process.exitCode = 1;
  }
  if (process.argv.includes('--clean')) rmSync(directory, { recursive: true, force: true });
}

await main();
