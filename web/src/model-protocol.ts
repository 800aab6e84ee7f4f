import type { AdviConfig, AdviOptions, Fit, SpecCheck } from '../../src/browser.js';

/** Messages between the page and its model worker (model-worker.ts). */

export type ModelRequest =
  | { readonly type: 'check'; readonly id: number; readonly spec: unknown; readonly data: unknown }
  | { readonly type: 'advi'; readonly spec: unknown; readonly data: unknown; readonly options: AdviOptions };

export type ModelResponse =
  | { readonly type: 'checked'; readonly id: number; readonly result: SpecCheck }
  | {
      readonly type: 'advi-done';
      readonly fit: Fit;
      readonly config: AdviConfig;
      readonly eta: number;
      readonly meanOutputs: Float64Array;
      readonly warnings: readonly string[];
      readonly converged: boolean;
      readonly iterations: number;
      readonly seconds: number;
    }
  | { readonly type: 'failed'; readonly message: string; readonly issues?: readonly unknown[] };

/** Starts a model worker (bundled by vite from model-worker.ts). */
export function startModelWorker(): Worker {
  return new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module' });
}
