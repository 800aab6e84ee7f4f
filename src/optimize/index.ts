// Posterior modes (L-BFGS) and Laplace approximations at them.
export { optimize, type OptimizeOptions, type OptimizeResult } from './optimize.js';
// 'laplace' alone is the Laplace (double-exponential) distribution.
export { laplace as laplaceApproximation, type LaplaceOptions, type LaplaceResult } from './laplace.js';
export { logDensityHessian, type HessianMethod, type HessianResult } from './hessian.js';
export { defaultTolerances, terminationMessages, type TerminationReason, type Tolerances } from './termination.js';
export { strongWolfeSearch, cubicStep, defaultLineSearchOptions, type LinePoint, type LineSearchOptions, type LineSearchResult } from './line-search.js';
export { applyInverseHessian, emptyHistory, pushPair, type LbfgsHistory } from './lbfgs.js';
export { adam, type Adam, type AdamOptions, type AdamState } from './adam.js';
