import type { AdviConfig, AdviOptions, Fit, SpecCheck } from '../../src/browser.js';

/** Messages between the page and its model worker (model-worker.ts). */

/** A model as the page holds it: a JSON spec (parsed), or a Stan program's text. */
export type ModelText = { readonly language: 'json'; readonly spec: unknown } | { readonly language: 'stan'; readonly source: string; readonly name: string };

export type ModelRequest =
  | { readonly type: 'check'; readonly id: number; readonly model: ModelText; readonly data: unknown }
  | { readonly type: 'advi'; readonly spec: unknown; readonly data: unknown; readonly options: AdviOptions }
  /** A JSON spec written as a Stan program (specToStan), for the Stan editor. */
  | { readonly type: 'to-stan'; readonly id: number; readonly spec: unknown };

export type ModelResponse =
  /** `spec`: the JSON spec the model runs as (a Stan program's lowered spec), when it checks. */
  | { readonly type: 'checked'; readonly id: number; readonly result: SpecCheck; readonly spec?: unknown }
  | { readonly type: 'stan-text'; readonly id: number; readonly text: string | null; readonly message?: string }
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
