import type { ResourceLimits } from '../../models/api/limits.js';
import type { CompiledModel } from '../../models/model.js';
import { compileExport, isCompiledModel } from '../../models/model-export.js';

/**
 * A model described by data, so that a worker thread can build its own copy: a
 * CompiledModel holds closures, which cannot cross a thread boundary.
 *   - 'module': `await import(url)`, then the export `exportName` is a defineModel(...)
 *     definition (compiled with `data`), a CompiledModel, or a factory `(data) => CompiledModel`.
 *   - 'spec': a JSON model spec, compiled by `compileSpec(spec, data)` of the language/json
 *     module.
 */
export type ModelSource =
  | { readonly kind: 'module'; readonly url: string; readonly exportName: string; readonly data?: unknown; readonly limits?: ResourceLimits }
  | { readonly kind: 'spec'; readonly spec: unknown; readonly data?: unknown; readonly limits?: ResourceLimits };

/** The extension this module was loaded with: '.ts' from sources (tsx, vitest), '.js' when built. */
export function moduleExtension(url: string): string {
  const match = /\.[cm]?[jt]s$/.exec(new URL(url).pathname);
  return match === null ? '.js' : match[0];
}

async function loadModuleModel(url: string, exportName: string, data: unknown, limits: ResourceLimits | undefined): Promise<CompiledModel> {
  const module = (await import(url)) as Record<string, unknown>;
  const exported = module[exportName];
  if (exported === undefined) {
    const available = Object.keys(module).join(', ') || 'none';
    throw new Error(`loadModel: ${url} has no export '${exportName}' (exports: ${available})`);
  }
  return compileExport(exported, data, `loadModel: ${url}`, limits);
}

async function loadSpecModel(spec: unknown, data: unknown, limits: ResourceLimits | undefined): Promise<CompiledModel> {
  // Resolved next to this file so that sources (.ts) and a built package (.js) both work.
  const url = new URL(`../../language/json/compile${moduleExtension(import.meta.url)}`, import.meta.url).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    throw new Error(
      `loadModel: model sources of kind 'spec' need the JSON-spec compiler (language/json/compile), ` +
        `which could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  const compileSpec = module.compileSpec;
  if (typeof compileSpec !== 'function') {
    throw new Error(`loadModel: language/json/compile has no function export 'compileSpec(spec, data)'`);
  }
  const model: unknown = (compileSpec as (spec: unknown, data: unknown, options: unknown) => unknown)(spec, data, limits === undefined ? {} : { limits });
  if (!isCompiledModel(model)) throw new Error('loadModel: compileSpec(spec, data) did not return a CompiledModel');
  return model;
}

/** Builds the CompiledModel that `source` describes. */
export async function loadModel(source: ModelSource): Promise<CompiledModel> {
  switch (source.kind) {
    case 'module':
      return loadModuleModel(source.url, source.exportName, source.data, source.limits);
    case 'spec':
      return loadSpecModel(source.spec, source.data, source.limits);
    default: {
      const unknown: never = source;
      throw new Error(`loadModel: source kind '${String((unknown as { kind: unknown }).kind)}' is not 'module' or 'spec'`);
    }
  }
}
