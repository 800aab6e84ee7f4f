// The TypeScript model API: declarations, defineModel, and the compiled model instance.
export {
  int,
  real,
  vector,
  matrix,
  intArray,
  indexArray,
  simplex,
  ordered,
  positiveOrdered,
  choleskyCorr,
  choleskyCov,
  rowVector,
  unitVector,
  sumToZeroVector,
  corrMatrix,
  covMatrix,
  rowStochasticMatrix,
  columnStochasticMatrix,
  array,
  describeDeclaration,
  type ArrayDeclaration,
  type Bound,
  type BoundFunction,
  type Bounds,
  type DataDeclaration,
  type DataDeclarations,
  type DataValue,
  type DataValues,
  type Declaration,
  type DeclarationKind,
  type ParameterDeclaration,
  type ParameterDeclarations,
  type ParameterPrimals,
  type ParameterValues,
  type SizeReference,
} from './declarations.js';
export { defineModel, type ModelDefinition, type ModelSpec } from './define-model.js';
export { type CompileOptions, type ModelInstance, type QuantityInfo } from './compile.js';
export { type ConstrainedDensityOptions } from './constrained-density.js';
export { DataError, type DataIssue, type DataRecord } from './data.js';
export { type Target } from './target.js';
export { elementNames } from './names.js';
