import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from '../../src/samplers/run/worker-protocol.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// Start-up of the built package (dist/, rebuilt first), as a user meets it, in seconds from
// the start of a process (bench/README.md, "Start-up"):
//   - `import('leapfrog')` in a new Node process (performance.now() once the import resolves,
//     which counts from the process's start), beside Node's own start-up;
//   - `leapfrog sample` of the eight-schools JSON spec: from spawning the command until its
//     first chain CSV holds a draw (the files are polled every 2 ms), and until it exits;
//   - a sampler worker thread (dist/worker.js) given the same spec: from `new Worker` until
//     it posts 'ready', its model compiled.
// Each figure is the median of RUNS runs, with the fastest beside it: a busy machine only
// ever adds time.

const RUNS = 5;
const root = fileURLToPath(new URL('../../', import.meta.url));
const specFile = 'examples/bench/eight_schools_noncentered.json';
const dataFile = 'examples/bench/data/eight_schools.json';

const TARGETS = { import: 0.3, firstDraw: 0.6, workerReady: 0.2, nodeAlone: Number.NaN } as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function build(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`startup: npm run build failed:\n${result.stderr}`);
}

/**
 * Seconds from process start to the end of `code` (an ES module body), in a new process: wall
 * time, and the CPU time the process used by then (all its threads), which a busy machine
 * disturbs far less than the wall time.
 */
function secondsInNewProcess(code: string): { wall: number; cpu: number } {
  const script = `${code}\nconst cpu = process.cpuUsage();\nprocess.stdout.write(JSON.stringify({ wall: performance.now() / 1000, cpu: (cpu.user + cpu.system) / 1e6 }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`startup: the timed process failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { wall: number; cpu: number };
}

const hasDraw = (text: string): boolean => /^-?\d/m.test(text);

/** Seconds from spawning `leapfrog sample` until a chain file holds a draw, and until it exits. */
function timeFirstDraw(seed: number): Promise<{ firstDraw: number; exit: number }> {
  const out = mkdtempSync(join(tmpdir(), 'leapfrog-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/leapfrog.mjs', 'sample', specFile, '--data', dataFile, '--seed', String(seed), '--out', out], {
    cwd: root,
    stdio: 'ignore',
  });
  let firstDraw = Number.NaN;
  const poll = setInterval(() => {
    if (!Number.isNaN(firstDraw)) return;
    for (const name of readdirSync(out)) {
      if (!/^chain_\d+\.csv$/.test(name)) continue;
      let text = '';
      try {
        text = readFileSync(join(out, name), 'utf8');
      } catch {
        continue;
      }
      if (hasDraw(text)) {
        firstDraw = (performance.now() - started) / 1000;
        return;
      }
    }
  }, 2);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      rmSync(out, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`startup: leapfrog sample exited with ${code}`));
      else resolve({ firstDraw, exit: (performance.now() - started) / 1000 });
    });
  });
}

/** Seconds from `new Worker(dist/worker.js)` until the worker, its model compiled, says 'ready'. */
async function timeWorkerReady(): Promise<number> {
  const spec: unknown = JSON.parse(readFileSync(join(root, specFile), 'utf8'));
  const data: unknown = JSON.parse(readFileSync(join(root, dataFile), 'utf8'));
  const setup = { source: { kind: 'spec', spec, data }, engine: { jitless: false, wasm: true }, forwardProgress: false, forwardDraws: false } satisfies WorkerSetup;
  const started = performance.now();
  const worker = new Worker(new URL('dist/worker.js', pathToFileURL(root)), { workerData: setup });
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message: { type: string; message?: string }) => {
      const seconds = (performance.now() - started) / 1000;
      void worker.terminate();
      if (message.type === 'ready') resolve(seconds);
      else reject(new Error(`startup: the worker posted ${message.type}: ${message.message ?? ''}`));
    });
  });
}

async function run(context: BenchContext): Promise<SectionResult> {
  context.log('  npm run build');
  build();
  const samples: Record<keyof typeof TARGETS | 'exit', number[]> = { nodeAlone: [], import: [], firstDraw: [], exit: [], workerReady: [] };
  const cpu: Partial<Record<keyof typeof samples, number[]>> = { nodeAlone: [], import: [] };
  for (let k = 0; k < RUNS; k++) {
    context.log(`  run ${k + 1} of ${RUNS}`);
    for (const [key, code] of [['nodeAlone', ''], ['import', "await import('leapfrog');"]] as const) {
      const seconds = secondsInNewProcess(code);
      samples[key].push(seconds.wall);
      cpu[key]!.push(seconds.cpu);
    }
    const cli = await timeFirstDraw(k + 1);
    samples.firstDraw.push(cli.firstDraw);
    samples.exit.push(cli.exit);
    samples.workerReady.push(await timeWorkerReady());
  }
  const row = (what: string, key: keyof typeof samples, target: number): Record<string, Cell> => ({
    what,
    median: median(samples[key]),
    fastest: Math.min(...samples[key]),
    cpu: cpu[key] === undefined ? null : median(cpu[key]),
    target: Number.isNaN(target) ? null : target,
    within: Number.isNaN(target) ? '' : median(samples[key]) <= target ? 'yes' : 'no',
  });
  const failures = samples.firstDraw.some(Number.isNaN) ? ['leapfrog sample exited before a chain file held a draw'] : [];
  return {
    columns: [
      { key: 'what', header: 'from process start to' },
      { key: 'median', header: 'median s', format: 'micros' },
      { key: 'fastest', header: 'fastest s', format: 'micros' },
      { key: 'cpu', header: 'CPU s (median)', format: 'micros' },
      { key: 'target', header: 'target s', format: 'micros' },
      { key: 'within', header: 'within' },
    ],
    rows: [
      row('node alone: a script runs', 'nodeAlone', TARGETS.nodeAlone),
      row("import('leapfrog') resolved", 'import', TARGETS.import),
      row('leapfrog sample eight_schools JSON: first draw in a chain CSV', 'firstDraw', TARGETS.firstDraw),
      row('leapfrog sample eight_schools JSON: exit (4 × 1000 + 1000, report written)', 'exit', Number.NaN),
      row('worker thread ready (from new Worker, spec compiled)', 'workerReady', TARGETS.workerReady),
    ],
    notes: [
      `The built package (dist/, rebuilt first); median and fastest of ${RUNS} runs; wall-clock seconds.`,
      'The first-draw time is polled every 2 ms, so it reads up to 2 ms late.',
      'CPU s: the CPU time the process had used by then (all threads), which a busy machine inflates far less than wall time.',
    ],
    failures,
  };
}

export const startupSection: BenchSection = { id: 'startup', title: 'Start-up of the built package', run };
