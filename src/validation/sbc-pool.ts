import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerStart } from '../samplers/run/worker-start.js';
import { type ReplicateFailure, type ReplicateOptions, type ReplicateResult, tryReplicate } from './sbc.js';
import type { SbcMethod } from './sbc-fit.js';
import { sbcModel } from './sbc-models/index.js';

/**
 * Runs SBC replicates, in this thread or on worker threads. Replicates are independent and
 * each draws only from its own seeded streams (sbc.ts), so results do not depend on which
 * thread runs which replicate.
 */

export interface SbcJob {
  readonly model: string;
  readonly method: SbcMethod;
  readonly replicate: number;
}

export interface SbcWorkerSetup {
  readonly options: ReplicateOptions;
}

export type SbcWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly job: SbcJob; readonly result: ReplicateResult | ReplicateFailure };

export interface SbcPoolOptions extends ReplicateOptions {
  /** Default os.availableParallelism(); 1 runs in this thread. */
  readonly threads?: number;
  readonly onResult?: (job: SbcJob, result: ReplicateResult | ReplicateFailure, done: number, total: number) => void;
}

export const jobKey = (job: Pick<SbcJob, 'model' | 'method'>): string => `${job.model}/${job.method}`;

function runInThread(jobs: readonly SbcJob[], options: SbcPoolOptions): Map<string, (ReplicateResult | ReplicateFailure)[]> {
  const pool: Pool = { jobs, results: new Map(), workers: [], stopped: new Set(), next: 0, done: 0 };
  for (const job of jobs) {
    const result = tryReplicate(sbcModel(job.model), job.method, job.replicate, options);
    record(pool, job, result);
    options.onResult?.(job, result, pool.done, jobs.length);
  }
  return pool.results;
}

/** The scheduling state of one `runOnWorkers` call, changed only by its message handlers. */
interface Pool {
  readonly jobs: readonly SbcJob[];
  readonly results: Map<string, (ReplicateResult | ReplicateFailure)[]>;
  readonly workers: Worker[];
  /** Workers stopped on purpose (no job left, or a failure elsewhere). */
  readonly stopped: Set<Worker>;
  next: number;
  done: number;
}

function stopAll(pool: Pool): void {
  for (const worker of pool.workers) {
    pool.stopped.add(worker);
    void worker.terminate();
  }
}

/** Sends the next job to `worker`, or stops it when none is left. */
function dispatch(pool: Pool, worker: Worker): void {
  if (pool.next >= pool.jobs.length) {
    pool.stopped.add(worker);
    void worker.terminate();
    return;
  }
  worker.postMessage(pool.jobs[pool.next]);
  pool.next += 1;
}

function record(pool: Pool, job: SbcJob, result: ReplicateResult | ReplicateFailure): void {
  const key = jobKey(job);
  const list = pool.results.get(key);
  if (list === undefined) pool.results.set(key, [result]);
  else list.push(result);
  pool.done += 1;
}

function runOnWorkers(jobs: readonly SbcJob[], options: SbcPoolOptions, threads: number): Promise<Map<string, (ReplicateResult | ReplicateFailure)[]>> {
  const { threads: _threads, onResult, ...replicateOptions } = options;
  const start = workerStart(import.meta.url, 'sbc-worker', { options: replicateOptions });
  const pool: Pool = { jobs, results: new Map(), workers: [], stopped: new Set(), next: 0, done: 0 };
  return new Promise((resolve, reject) => {
    const fail = (message: string): void => {
      stopAll(pool);
      reject(new Error(`runSbcJobs: ${message}`));
    };
    for (let index = 0; index < Math.min(threads, jobs.length); index++) {
      const worker = new Worker(start.url, { workerData: start.setup });
      pool.workers.push(worker);
      worker.on('error', (error: Error) => fail(`worker ${index + 1} failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (!pool.stopped.has(worker)) fail(`worker ${index + 1} exited (code ${code}) before its replicates were done`);
      });
      worker.on('message', (message: SbcWorkerMessage) => {
        if (message.type === 'result') {
          record(pool, message.job, message.result);
          onResult?.(message.job, message.result, pool.done, jobs.length);
          if (pool.done === jobs.length) resolve(pool.results);
        }
        dispatch(pool, worker);
      });
    }
  });
}

/** Runs every job; results grouped by model/method, sorted by replicate. */
export async function runSbcJobs(jobs: readonly SbcJob[], options: SbcPoolOptions = {}): Promise<Map<string, (ReplicateResult | ReplicateFailure)[]>> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`runSbcJobs: threads is ${threads}, but must be a positive integer`);
  if (jobs.length === 0) return new Map();
  const results = threads === 1 ? runInThread(jobs, options) : await runOnWorkers(jobs, options, threads);
  for (const list of results.values()) list.sort((a, b) => a.replicate - b.replicate);
  return results;
}
