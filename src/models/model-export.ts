import type { ResourceLimits } from './api/limits.js';
import type { CompiledModel } from './model.js';

/**
 * What a model module may export as `model`: a definition from `defineModel` (bound to data
 * with `compile(data)`), a factory `(data) => CompiledModel`, or a CompiledModel itself.
 * Shared by the command line (main thread) and sampler worker threads (ModelSource of kind
 * 'module'), so that both build the same model.
 */

export interface ModelDefinitionLike {
  readonly name?: string;
  compile(data?: unknown, options?: { readonly limits?: ResourceLimits }): CompiledModel;
}

export function isCompiledModel(value: unknown): value is CompiledModel {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<CompiledModel>;
  return typeof candidate.dim === 'number' && Array.isArray(candidate.outputNames) && typeof candidate.logDensityAndGradient === 'function' && typeof candidate.outputs === 'function';
}

export function isModelDefinition(value: unknown): value is ModelDefinitionLike {
  return typeof value === 'object' && value !== null && typeof (value as Partial<ModelDefinitionLike>).compile === 'function';
}

/** Builds the CompiledModel of an exported `model`; `place` names the module in errors; `limits` reach a definition's compile. */
export function compileExport(exported: unknown, data: unknown, place: string, limits?: ResourceLimits): CompiledModel {
  const model = isModelDefinition(exported)
    ? exported.compile(data, limits === undefined ? undefined : { limits })
    : isCompiledModel(exported)
      ? exported
      : typeof exported === 'function'
        ? (exported as (data: unknown) => unknown)(data)
        : undefined;
  if (!isCompiledModel(model)) {
    throw new Error(`${place}: export 'model' is not a defineModel(...) definition, a CompiledModel or a function (data) => CompiledModel`);
  }
  return model;
}
