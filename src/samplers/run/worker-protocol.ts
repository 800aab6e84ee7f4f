import type { SpecIssue } from '../../language/json/errors.js';
import type { Progress } from './chain.js';
import type { DrawBatch } from './draw-batches.js';
import type { SampleOptions } from './config.js';
import type { ChainRecord, SampleConfig } from './fit.js';
import type { ModelShape } from './model-shape.js';
import type { ModelSource } from './model-source.js';
import type { EngineSettings } from '../../ad/codegen/make-function.js';

/**
 * Messages between a pool of sampler workers (worker threads in Node, Web Workers in
 * browsers) and the page or thread that runs it; structured-clone data only, the same on
 * both platforms.
 */

export interface WorkerSetup {
  readonly source: ModelSource;
  /**
   * leapfrog's engine settings on the pool's thread (jitless, ...), applied before the model is
   * built: workers run the same engine (compiled gradients and the interpreter agree only to
   * rounding), so draws are identical for any number of workers.
   */
  readonly engine: EngineSettings;
  readonly forwardProgress: boolean;
  readonly forwardDraws: boolean;
}

/** Pool to worker: the setup, for workers that have no workerData (Web Workers). */
export interface SetupRequest {
  readonly type: 'setup';
  readonly setup: WorkerSetup;
}

/** Pool to worker: run one chain, with the run's settings. */
export interface RunChainRequest {
  readonly type: 'run';
  readonly chain: number;
  readonly config: SampleConfig;
}

/** Pool to worker: the initial points of `init: 'pathfinder'` (seeded, so any worker gives the same). */
export interface InitialPointsRequest {
  readonly type: 'inits';
  readonly options: Pick<SampleOptions, 'init' | 'inits' | 'chains' | 'seed' | 'firstChainId' | 'method' | 'metric' | 'inverseMetric'>;
}

export type WorkerRequest = SetupRequest | RunChainRequest | InitialPointsRequest;

/** Worker to pool. */
export type WorkerMessage =
  | {
      readonly type: 'ready';
      /** What the fit needs to know of the model (absent from workers older than sampleAsync). */
      readonly shape?: ModelShape;
      /** Whether this worker makes functions from generated source (false under a CSP without 'unsafe-eval', or jitless). */
      readonly codeGeneration?: boolean;
    }
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'draws'; readonly batch: DrawBatch }
  | { readonly type: 'result'; readonly chain: number; readonly draws: Float64Array[]; readonly warmupDraws?: Float64Array[]; readonly record: ChainRecord }
  | { readonly type: 'inits'; readonly inits: readonly Float64Array[] | undefined; readonly inverseMetric?: Float64Array }
  | {
      readonly type: 'error';
      readonly chain?: number;
      readonly message: string;
      /** The error's class name (SpecError, DataError, ...), so the pool's side can rebuild it. */
      readonly name?: string;
      /** A SpecError's or DataError's problems, each with its place. */
      readonly issues?: readonly SpecIssue[] | readonly unknown[];
    };
