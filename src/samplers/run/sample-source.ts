import type { ResourceLimits } from '../../models/api/limits.js';
import type { SampleOptions } from './config.js';
import type { ModelSource } from './model-source.js';

/**
 * What `sampleAsync` samples, described as data so that each worker builds its own model
 * (a compiled model holds closures, which cannot cross to another thread):
 *   - `{ spec, data }`: a JSON model spec (an object, or its JSON text) and its data;
 *   - `{ module, data }`: the URL of an ES module whose export `exportName` (default 'model')
 *     is a defineModel(...) definition, a CompiledModel or a factory `(data) => CompiledModel`;
 *     each worker imports it (in a browser, a URL the page could import itself);
 *   - a ModelSource (`{ kind: 'spec' | 'module', ... }`), as loadModel takes;
 *   - in Node also `{ file }`: a model file as `leapfrog sample` takes it (sample-async.ts).
 * `limits` raise the compiled model's resource budgets (src/models/api/limits.ts).
 */
export type PortableSampleSource =
  | { readonly spec: unknown; readonly data?: unknown; readonly limits?: ResourceLimits }
  | { readonly module: string | URL; readonly exportName?: string; readonly data?: unknown; readonly limits?: ResourceLimits }
  | ModelSource;

export interface AsyncSampleOptions extends SampleOptions {
  /**
   * Workers to start (worker threads in Node, Web Workers in browsers), at most one per chain;
   * default: the machine's logical cores. The draws are the same for any number.
   */
  readonly workers?: number;
  /** Aborting stops every worker and rejects the promise with the signal's reason. */
  readonly signal?: AbortSignal;
}

const withLimits = (limits: ResourceLimits | undefined) => (limits === undefined ? {} : { limits });

/** The ModelSource of a portable source; `place` names the caller in errors. */
export function modelSourceOf(source: PortableSampleSource, place: string): ModelSource {
  if (typeof source !== 'object' || source === null) throw new Error(`${place}: the source is ${source === null ? 'null' : typeof source}, but must be { spec, data } or { module, data }`);
  if ('kind' in source) return source;
  if ('spec' in source) return { kind: 'spec', spec: source.spec, data: source.data, ...withLimits(source.limits) };
  if ('module' in source) {
    const url = source.module instanceof URL ? source.module.href : source.module;
    if (typeof url !== 'string' || url === '') throw new Error(`${place}: module is ${JSON.stringify(url)}, but must be a module's URL`);
    return { kind: 'module', url, exportName: source.exportName ?? 'model', data: source.data, ...withLimits(source.limits) };
  }
  throw new Error(`${place}: the source has none of the keys spec, module${place === 'sampleAsync' ? ', file' : ''} (keys: ${Object.keys(source).join(', ') || 'none'})`);
}
