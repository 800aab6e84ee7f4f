import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseReport } from './child.js';

// Runs fuzz cases in child processes, each case under a time limit: a case that takes longer
// is a hang (its process is killed), a process that dies during a case is a crash; either
// way a fresh process takes the next case.

export type CaseResult =
  | CaseReport
  | { readonly index: number; readonly outcome: { readonly kind: 'hang' | 'crash'; readonly message: string }; readonly milliseconds: number };

export interface PoolOptions {
  readonly seed: number;
  readonly jobs: number;
  /** Per case; longer is a hang (the issue's 5 s). */
  readonly timeoutMs: number;
  /** Heap of each worker process, so that a runaway allocation is a crash, not the machine's memory. */
  readonly heapMb?: number;
  /** Corpus entries to leave out (ids such as `bench/logistic_regression`). */
  readonly exclude?: readonly string[];
  readonly onResult?: (result: CaseResult) => void;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

function spawnChild(heapMb: number, exclude: readonly string[]): Promise<ChildProcess> {
  const child = fork(CHILD, [JSON.stringify(exclude)], {
    execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    const onReady = (message: unknown): void => {
      if ((message as { ready?: boolean }).ready !== true) return;
      child.off('message', onReady);
      resolve(child);
    };
    child.on('message', onReady);
    child.once('exit', (code, signal) => reject(new Error(`fuzz worker exited before it was ready (${signal ?? code})`)));
  });
}

/** Runs case `index` on `child`; resolves with its result and whether the child is still usable. */
function runOn(child: ChildProcess, seed: number, index: number, timeoutMs: number): Promise<{ result: CaseResult; alive: boolean }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const finish = (result: CaseResult, alive: boolean): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve({ result, alive });
    };
    const onMessage = (message: unknown): void => finish(message as CaseReport, true);
    const onExit = (code: number | null, signal: string | null): void =>
      finish({ index, outcome: { kind: 'crash', message: `the process died (${signal ?? `exit code ${code}`})` }, milliseconds: performance.now() - start }, false);
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      child.kill('SIGKILL');
      finish({ index, outcome: { kind: 'hang', message: `no result after ${timeoutMs} ms` }, milliseconds: performance.now() - start }, false);
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ seed, index });
  });
}

/** Runs the cases `indices` of run `seed` on `jobs` processes; results in the order of `indices`. */
export async function runCases(indices: readonly number[], options: PoolOptions): Promise<CaseResult[]> {
  const results = new Map<number, CaseResult>();
  let next = 0;
  const worker = async (): Promise<void> => {
    const spawn = (): Promise<ChildProcess> => spawnChild(options.heapMb ?? 2048, options.exclude ?? []);
    let child = await spawn();
    try {
      while (next < indices.length) {
        const index = indices[next++]!;
        const { result, alive } = await runOn(child, options.seed, index, options.timeoutMs);
        results.set(index, result);
        options.onResult?.(result);
        if (!alive) child = await spawn();
      }
    } finally {
      child.kill();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, indices.length)) }, worker));
  return indices.map((index) => results.get(index)!);
}
