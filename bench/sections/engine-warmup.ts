import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// The first chain against the later ones (the WebAssembly issue: "on eight schools the first
// chain ran at 16 µs per gradient, the next at 6–7 µs"), in µs per gradient evaluation, each
// run in a fresh process as a user's run meets the engine:
//   - API: `sample` of eight_schools_noncentered and logistic_regression, 4 chains × (1000 +
//     1000) one after another, seed 1, as is and after a throwaway run of 1 chain × (500 +
//     500) that warms the engine up; per chain this thread's CPU time and the wall time from
//     its start to its last iteration (bench/engine-warmup-chains.ts). The throwaway's own
//     time is its column; the chains' figures leave it out; `total` is all of it.
//   - CLI: `leapfrog sample <model> --parallel 1 --save-warmup` of the built package (dist/,
//     rebuilt first; one worker runs the 4 chains one after another): per chain the CSV's
//     elapsed time (wall) over the leapfrog steps of all its iterations (n_leapfrog__ of the
//     saved warm-up and sampling draws; the step-size heuristic's few evaluations are left
//     out).
// Each figure is the median over RUNS processes.

const RUNS = 3;
const MODELS = ['eight_schools_noncentered', 'logistic_regression'] as const;
const root = fileURLToPath(new URL('../../', import.meta.url));

interface ChainTiming {
  readonly gradients: number;
  readonly threadSeconds: number;
  readonly wallSeconds: number;
}
interface ApiRun {
  readonly warmup: { readonly threadSeconds: number; readonly wallSeconds: number };
  readonly chains: readonly ChainTiming[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function apiRun(model: string, setting: 'none' | 'throwaway'): ApiRun {
  const script = join(root, 'bench', 'engine-warmup-chains.ts');
  const result = spawnSync(process.execPath, [...process.execArgv, script, model, setting], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`engine-warmup: the measuring process for ${model} exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as ApiRun;
}

/** Per chain file: the wall seconds of its elapsed-time block and the sum of n_leapfrog__. */
function chainFileTiming(text: string): { seconds: number; gradients: number } {
  const total = /#\s+([\d.]+) seconds \(Total\)/.exec(text);
  let column = -1;
  let gradients = 0;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',');
    if (column < 0) {
      column = fields.indexOf('n_leapfrog__');
      continue;
    }
    gradients += Number(fields[column]);
  }
  if (total === null || column < 0) throw new Error('engine-warmup: a chain file without an elapsed time or an n_leapfrog__ column');
  return { seconds: Number(total[1]), gradients };
}

function cliRun(model: string, seed: number): ChainTiming[] {
  const out = mkdtempSync(join(tmpdir(), 'leapfrog-engine-warmup-'));
  try {
    const args = ['bin/leapfrog.mjs', 'sample', `examples/bench/${model}.ts`, '--parallel', '1', '--save-warmup', '--seed', String(seed), '--out', join(out, 'run'), '--overwrite'];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`engine-warmup: leapfrog sample ${model} exited with ${result.status}: ${result.stderr}`);
    return [1, 2, 3, 4].map((k) => {
      const timing = chainFileTiming(readFileSync(join(out, 'run', `chain_${k}.csv`), 'utf8'));
      return { gradients: timing.gradients, threadSeconds: Number.NaN, wallSeconds: timing.seconds };
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const micros = (seconds: number, gradients: number): number => (1e6 * seconds) / gradients;

/** Medians over runs of chain 1 and of chains 2-4 together, µs per gradient, for one clock. */
function firstAndLater(runs: readonly (readonly ChainTiming[])[], clock: 'threadSeconds' | 'wallSeconds'): { first: number; later: number } {
  const first = median(runs.map((chains) => micros(chains[0]![clock], chains[0]!.gradients)));
  const later = median(
    runs.map((chains) => {
      const rest = chains.slice(1);
      return micros(
        rest.reduce((sum, chain) => sum + chain[clock], 0),
        rest.reduce((sum, chain) => sum + chain.gradients, 0),
      );
    }),
  );
  return { first, later };
}

function build(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`engine-warmup: npm run build failed:\n${result.stderr}`);
}

function run(context: BenchContext): SectionResult {
  const models = MODELS.filter((model) => context.models === undefined || context.models.includes(model));
  const rows: Record<string, Cell>[] = [];
  for (const model of models) {
    for (const setting of ['none', 'throwaway'] as const) {
      context.log(`  engine-warmup: ${model}, API, engine warm-up: ${setting}: ${RUNS} fresh processes`);
      const runs = Array.from({ length: RUNS }, () => apiRun(model, setting));
      const chains = runs.map((r) => r.chains);
      const thread = firstAndLater(chains, 'threadSeconds');
      const wall = firstAndLater(chains, 'wallSeconds');
      rows.push({
        model,
        path: 'API',
        engineWarmup: setting,
        warmupMillis: setting === 'throwaway' ? 1000 * median(runs.map((r) => r.warmup.threadSeconds)) : null,
        totalMillis: 1000 * median(runs.map((r) => r.warmup.threadSeconds + r.chains.reduce((sum, chain) => sum + chain.threadSeconds, 0))),
        firstThread: thread.first,
        laterThread: thread.later,
        ratioThread: thread.first / thread.later,
        firstWall: wall.first,
        laterWall: wall.later,
        ratioWall: wall.first / wall.later,
      });
    }
  }
  context.log('  engine-warmup: npm run build (for the CLI rows)');
  build();
  for (const model of models) {
    context.log(`  engine-warmup: ${model}, leapfrog sample --parallel 1: ${RUNS} runs`);
    const runs = Array.from({ length: RUNS }, (_, k) => cliRun(model, k + 1));
    const wall = firstAndLater(runs, 'wallSeconds');
    rows.push({ model, path: 'CLI', engineWarmup: 'none', warmupMillis: null, totalMillis: null, firstThread: null, laterThread: null, ratioThread: null, firstWall: wall.first, laterWall: wall.later, ratioWall: wall.first / wall.later });
  }
  return {
    columns: [
      { key: 'model', header: 'model' },
      { key: 'path', header: 'path' },
      { key: 'engineWarmup', header: 'engine warm-up' },
      { key: 'warmupMillis', header: 'its ms (CPU)', format: 'fixed' },
      { key: 'totalMillis', header: 'total ms (CPU)', format: 'fixed' },
      { key: 'firstThread', header: 'chain 1 µs/grad (CPU)', format: 'micros' },
      { key: 'laterThread', header: 'chains 2-4 (CPU)', format: 'micros' },
      { key: 'ratioThread', header: '1 / later (CPU)', format: 'ratio' },
      { key: 'firstWall', header: 'chain 1 µs/grad (wall)', format: 'micros' },
      { key: 'laterWall', header: 'chains 2-4 (wall)', format: 'micros' },
      { key: 'ratioWall', header: '1 / later (wall)', format: 'ratio' },
    ],
    rows,
    notes: [
      `Each row: the median over ${RUNS} fresh processes of µs per gradient evaluation of the first chain and of chains 2-4 together; 4 chains × (1000 warm-up + 1000 draws) one after another, seed 1 (CLI: seeds 1-${RUNS}).`,
      'CPU: this thread\'s CPU time (V8 compiles on background threads, which it leaves out); wall: elapsed time. The API chains leave the throwaway run out (its own column; total: throwaway and chains).',
      'throwaway: 1 chain × (500 + 500), seed 2, before the run (the run\'s draws are the same either way): it moves part of V8\'s optimising compilation out of chain 1; whether it saves time overall is within this machine\'s run-to-run noise (bench/README.md, "Engine warm-up").',
    ],
    failures: [],
  };
}

export const engineWarmupSection: BenchSection = {
  id: 'engine-warmup',
  title: 'The first chain against the later ones (V8 warm-up)',
  run,
};
