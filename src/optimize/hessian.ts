import { hessian } from '../ad/grad.js';
import { Tensor } from '../ad/tensor.js';
import { primal } from '../ad/trace.js';
import type { CompiledModel } from '../models/model.js';

/**
 * The Hessian of model.logDensity at a point, dim × dim row-major:
 *   'ad': exact, reverse over reverse through the model's traced log density
 *         (model.logDensityValue, with src/ad's hessian);
 *   'finite-differences': central differences of the AD gradient, column j being
 *         (∇ log p(x + h e_j) − ∇ log p(x − h e_j)) / 2h with h = eps^(1/3) max(1, |x_j|),
 *         which balances the O(h²) truncation error against the O(eps / h) rounding error
 *         (Nocedal & Wright 2006, section 8.1), then symmetrised;
 *   'auto': 'ad' when the model provides logDensityValue, else finite differences.
 */
export type HessianMethod = 'ad' | 'finite-differences';

export interface HessianResult {
  readonly hessian: Float64Array;
  readonly method: HessianMethod;
}

function adHessian(model: CompiledModel, position: Float64Array): Float64Array {
  const logDensityValue = model.logDensityValue!.bind(model);
  const result = primal(hessian(logDensityValue)(new Tensor(Float64Array.from(position), [model.dim])));
  if (typeof result === 'number') return Float64Array.of(result);
  if (result.data.length !== model.dim * model.dim) {
    throw new Error(`logDensityHessian: the AD Hessian has ${result.data.length} entries, but a ${model.dim}-dimensional model needs ${model.dim * model.dim}`);
  }
  return Float64Array.from(result.data);
}

function finiteDifferenceHessian(model: CompiledModel, position: Float64Array): Float64Array {
  const dim = model.dim;
  const matrix = new Float64Array(dim * dim);
  const shifted = Float64Array.from(position);
  for (let j = 0; j < dim; j++) {
    const step = Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(position[j]!));
    shifted[j] = position[j]! + step;
    const forward = model.logDensityAndGradient(shifted).gradient;
    shifted[j] = position[j]! - step;
    const backward = model.logDensityAndGradient(shifted).gradient;
    shifted[j] = position[j]!;
    for (let i = 0; i < dim; i++) matrix[i * dim + j] = (forward[i]! - backward[i]!) / (2 * step);
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (matrix[i * dim + j]! + matrix[j * dim + i]!);
      matrix[i * dim + j] = mean;
      matrix[j * dim + i] = mean;
    }
  }
  return matrix;
}

export function logDensityHessian(model: CompiledModel, position: Float64Array, method: HessianMethod | 'auto' = 'auto'): HessianResult {
  if (position.length !== model.dim) {
    throw new Error(`logDensityHessian: the position has length ${position.length}, but the model has ${model.dim} unconstrained coordinates`);
  }
  const chosen: HessianMethod = method === 'auto' ? (model.logDensityValue === undefined ? 'finite-differences' : 'ad') : method;
  if (chosen === 'ad' && model.logDensityValue === undefined) {
    throw new Error("logDensityHessian: method is 'ad', but the model has no logDensityValue (a traced log density); use 'finite-differences' or 'auto'");
  }
  const matrix = chosen === 'ad' ? adHessian(model, position) : finiteDifferenceHessian(model, position);
  const bad = matrix.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new Error(`logDensityHessian: entry [${Math.floor(bad / model.dim) + 1},${(bad % model.dim) + 1}] of the Hessian (${chosen}) is ${matrix[bad]}, but must be finite`);
  }
  return { hessian: matrix, method: chosen };
}
