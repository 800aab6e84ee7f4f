import { compileSpec } from '../../language/json/compile.js';
import type { ResourceLimits } from '../../models/api/limits.js';
import type { CompiledModel } from '../../models/model.js';
import { compileExport } from '../../models/model-export.js';
import { importModelModule } from './model-module.js';

/**
 * A model described by data, so that a worker thread can build its own copy: a
 * CompiledModel holds closures, which cannot cross a thread boundary.
 *   - 'module': the module at `url` is imported (TypeScript as this runtime can: see
 *     model-module.ts), then its export `exportName` is a defineModel(...) definition
 *     (compiled with `data`), a CompiledModel, or a factory `(data) => CompiledModel`.
 *   - 'spec': a JSON model spec, compiled by `compileSpec(spec, data)`.
 * `limits` raise the resource budgets of the compiled model (src/models/api/limits.ts).
 */
export type ModelSource =
  | { readonly kind: 'module'; readonly url: string; readonly exportName: string; readonly data?: unknown; readonly limits?: ResourceLimits }
  | { readonly kind: 'spec'; readonly spec: unknown; readonly data?: unknown; readonly limits?: ResourceLimits };

async function loadModuleModel(url: string, exportName: string, data: unknown, limits: ResourceLimits | undefined): Promise<CompiledModel> {
  const module = await importModelModule(url, 'loadModel');
  const exported = module[exportName];
  if (exported === undefined) {
    const available = Object.keys(module).join(', ') || 'none';
    throw new Error(`loadModel: ${url} has no export '${exportName}' (exports: ${available})`);
  }
  return compileExport(exported, data, `loadModel: ${url}`, limits);
}

/** Builds the CompiledModel that `source` describes. */
export async function loadModel(source: ModelSource): Promise<CompiledModel> {
  switch (source.kind) {
    case 'module':
      return loadModuleModel(source.url, source.exportName, source.data, source.limits);
    case 'spec':
      return compileSpec(source.spec, source.data, source.limits === undefined ? {} : { limits: source.limits });
    default: {
      const unknown: never = source;
      throw new Error(`loadModel: source kind '${String((unknown as { kind: unknown }).kind)}' is not 'module' or 'spec'`);
    }
  }
}
