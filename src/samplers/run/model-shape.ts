import type { CompiledModel } from '../../models/model.js';

/** What a fit needs to know about a model, apart from its closures (sent by workers). */
export interface ModelShape {
  readonly dim: number;
  readonly outputNames: readonly string[];
  readonly unconstrainedNames: readonly string[];
}

/**
 * Names of the unconstrained coordinates. A model may list them (`unconstrainedNames`, not yet
 * part of CompiledModel); otherwise, when there are as many outputs as coordinates, the
 * outputs are taken to be the parameters in order, else coordinates are numbered.
 */
export function modelShape(model: CompiledModel & { readonly unconstrainedNames?: readonly string[] }): ModelShape {
  const unconstrainedNames =
    model.unconstrainedNames?.length === model.dim
      ? model.unconstrainedNames
      : model.outputNames.length === model.dim
        ? model.outputNames
        : Array.from({ length: model.dim }, (_, i) => `unconstrained[${i + 1}]`);
  return { dim: model.dim, outputNames: model.outputNames, unconstrainedNames };
}
