import { primal, type Value } from '../../ad/trace.js';
import type { Tensor } from '../../ad/tensor.js';
import {
  array,
  choleskyCorr,
  choleskyCov,
  columnStochasticMatrix,
  corrMatrix,
  covMatrix,
  int,
  intArray,
  matrix,
  ordered,
  positiveOrdered,
  real,
  rowStochasticMatrix,
  rowVector,
  simplex,
  sumToZeroVector,
  unitVector,
  vector,
  type Bound,
  type Bounds,
  type DataDeclaration as ApiDataDeclaration,
  type ParameterDeclaration as ApiParameterDeclaration,
} from '../../models/api/index.js';
import { atPath } from './error-places.js';
import type { JsonPath } from './issues.js';
import type { Lowered } from './lowered.js';
import { frameFor, type LoweredProgram, type ProgramParameter } from './program.js';
import { arrayDims, elementType, type ElementType, type SpecType } from './types.js';

// A checked spec's declarations as the TypeScript model API's (`vector(8)`,
// `array(G, simplex(K))`): the spec compiles through defineModel, so both share one path for
// transforms, Jacobians, parameter layout and output names.

const known = (n: number | null): number => n!;

function apiElement(t: ElementType, bounds: Bounds = {}): ApiDataDeclaration {
  switch (t.kind) {
    case 'int':
      return int();
    case 'real':
      return real(bounds);
    case 'vector':
      return vector(known(t.size), bounds);
    case 'row_vector':
      return rowVector(known(t.size), bounds);
    case 'matrix':
      return matrix(known(t.rows), known(t.cols), bounds);
  }
}

/** The API declaration of a data field (or transformed data) of this type (its values were checked already). */
export function apiData(type: SpecType): ApiDataDeclaration {
  const dims = arrayDims(type).map(known);
  const element = elementType(type);
  if (element.kind === 'int' && dims.length > 0) return intArray(dims);
  return dims.length === 0 ? apiElement(element) : array(dims, apiElement(element));
}

function apiBound(program: LoweredProgram, bound: Lowered | undefined, path: JsonPath): Bound | undefined {
  if (bound === undefined) return undefined;
  if (bound.constant) return primal(bound.evaluate({ slots: [] })) as number | Tensor;
  return (parameters: Readonly<Record<string, Value>>) => atPath(path, () => bound.evaluate(frameFor(program, parameters)));
}

/** The first element where a lower bound is not below an upper bound (bounds broadcast over leading axes). */
function firstCrossing(low: number | Tensor, high: number | Tensor): { low: number; high: number; where: string } | undefined {
  const lows = typeof low === 'number' ? [low] : low.data;
  const highs = typeof high === 'number' ? [high] : high.data;
  const n = Math.max(lows.length, highs.length);
  for (let k = 0; k < n; k++) {
    const [a, b] = [lows[k % lows.length]!, highs[k % highs.length]!];
    if (!(a < b)) return { low: a, high: b, where: n > 1 ? ` at element ${k + 1} (1-based)` : '' };
  }
  return undefined;
}

/**
 * The upper bound; when either bound depends on parameters, a function that also checks,
 * at each evaluation, that the lower bound is below it: a point where they cross is
 * rejected (as Stan rejects it) with the bound's path, instead of by the transform deep
 * in the model API, which knows no path.
 */
function apiUpperBound(program: LoweredProgram, p: ProgramParameter): Bound | undefined {
  const { lower, upper } = p;
  const path: JsonPath = ['parameters', p.name, 'upper'];
  if (upper === undefined || lower === undefined || (lower.constant && upper.constant)) return apiBound(program, upper, path);
  return (parameters: Readonly<Record<string, Value>>) =>
    atPath(path, () => {
      const frame = frameFor(program, parameters);
      const high = upper.evaluate(frame);
      const crossing = firstCrossing(primal(lower.evaluate(frame)), primal(high));
      if (crossing !== undefined) throw new Error(`the lower bound ${crossing.low} is not below the upper bound ${crossing.high}${crossing.where}`);
      return high;
    });
}

/** The API declaration of a parameter: its kind, sizes, array sizes and bounds (or offset and multiplier). */
export function apiParameter(program: LoweredProgram, p: ProgramParameter): ApiParameterDeclaration {
  const path: JsonPath = ['parameters', p.name];
  const all: Bounds = {
    lower: apiBound(program, p.lower, [...path, 'lower']),
    upper: apiUpperBound(program, p),
    offset: apiBound(program, p.offset, [...path, 'offset']),
    multiplier: apiBound(program, p.multiplier, [...path, 'multiplier']),
  };
  const bounds = Object.fromEntries(Object.entries(all).filter(([, b]) => b !== undefined)) as Bounds;
  const dims = arrayDims(p.type).map(known);
  const element = elementType(p.type);
  const [n, m] = element.kind === 'matrix' ? [known(element.rows), known(element.cols)] : element.kind === 'vector' || element.kind === 'row_vector' ? [known(element.size), 0] : [0, 0];
  const single = ((): ApiParameterDeclaration => {
    switch (p.declaration.type) {
      case 'simplex':
        return simplex(n);
      case 'unit_vector':
        return unitVector(n);
      case 'sum_to_zero_vector':
        return sumToZeroVector(n);
      case 'ordered':
        return ordered(n);
      case 'positive_ordered':
        return positiveOrdered(n);
      case 'cholesky_factor_corr':
        return choleskyCorr(n);
      case 'cholesky_factor_cov':
        return choleskyCov(n, m);
      case 'corr_matrix':
        return corrMatrix(n);
      case 'cov_matrix':
        return covMatrix(n);
      case 'row_stochastic_matrix':
        return rowStochasticMatrix(n, m);
      case 'column_stochastic_matrix':
        return columnStochasticMatrix(n, m);
      default:
        return apiElement(element, bounds) as ApiParameterDeclaration;
    }
  })();
  return dims.length === 0 ? single : array(dims, single);
}
