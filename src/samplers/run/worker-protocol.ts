import type { DrawEvent, Progress } from './chain.js';
import type { ChainRecord, SampleConfig } from './fit.js';
import type { ModelSource } from './model-source.js';
import type { EngineSettings } from '../../ad/codegen/make-function.js';

/** Messages between `sampleParallel` and its worker threads (structured-clone data only). */

export interface WorkerSetup {
  readonly source: ModelSource;
  /** leapfrog's engine settings on the main thread (jitless, ...): workers run the same engine,
   *  so draws are identical for any number of threads. */
  readonly engine: EngineSettings;
  readonly forwardProgress: boolean;
  readonly forwardDraws: boolean;
}

/** Main thread to worker: run one chain, with the run's settings. */
export interface RunChainRequest {
  readonly type: 'run';
  readonly chain: number;
  readonly config: SampleConfig;
}

/** Worker to main thread. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'draw'; readonly draw: DrawEvent }
  | { readonly type: 'result'; readonly chain: number; readonly draws: Float64Array[]; readonly record: ChainRecord }
  | { readonly type: 'error'; readonly chain?: number; readonly message: string };
