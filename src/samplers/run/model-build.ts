import { compileSpec } from '../../language/json/compile.js';
import type { ResourceLimits } from '../../models/api/limits.js';
import type { CompiledModel } from '../../models/model.js';
import { compileExport } from '../../models/model-export.js';
import type { ModelSource } from './model-source.js';

/**
 * Builds the CompiledModel a ModelSource describes, on any platform: how a module is imported
 * is the caller's (Node loads TypeScript as model-module.ts says; a browser imports the URL as
 * it is), the rest is shared, so a worker thread and a Web Worker build the same model.
 */

/** Imports the module at a URL; `place` names the caller in errors. */
export type ModuleImporter = (url: string, place: string) => Promise<Record<string, unknown>>;

async function buildModuleModel(importModule: ModuleImporter, url: string, exportName: string, data: unknown, limits: ResourceLimits | undefined): Promise<CompiledModel> {
  const module = await importModule(url, 'loadModel');
  const exported = module[exportName];
  if (exported === undefined) {
    const available = Object.keys(module).join(', ') || 'none';
    throw new Error(`loadModel: ${url} has no export '${exportName}' (exports: ${available})`);
  }
  return compileExport(exported, data, `loadModel: ${url}`, limits);
}

/** The CompiledModel that `source` describes, modules imported by `importModule`. */
export async function buildModel(source: ModelSource, importModule: ModuleImporter): Promise<CompiledModel> {
  switch (source.kind) {
    case 'module':
      return buildModuleModel(importModule, source.url, source.exportName, source.data, source.limits);
    case 'spec':
      return compileSpec(source.spec, source.data, source.limits === undefined ? {} : { limits: source.limits });
    default: {
      const unknown: never = source;
      throw new Error(`loadModel: source kind '${String((unknown as { kind: unknown }).kind)}' is not 'module' or 'spec'`);
    }
  }
}
