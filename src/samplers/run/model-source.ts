import type { ResourceLimits } from '../../models/api/limits.js';
import type { CompiledModel } from '../../models/model.js';
import { buildModel } from './model-build.js';
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

/** Builds the CompiledModel that `source` describes (Node: TypeScript modules load as model-module.ts says). */
export function loadModel(source: ModelSource): Promise<CompiledModel> {
  return buildModel(source, importModelModule);
}
