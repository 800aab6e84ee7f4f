// Posterior modes (L-BFGS) and Laplace approximations at them.
export { optimize, type OptimizeOptions, type OptimizeResult } from './optimize';
// 'laplace' alone is the Laplace (double-exponential) distribution.
export { laplace as laplaceApproximation, type LaplaceOptions, type LaplaceResult } from './laplace';
export { logDensityHessian, type HessianMethod, type HessianResult } from './hessian';
export { defaultTolerances, terminationMessages, type TerminationReason, type Tolerances } from './termination';
export { strongWolfeSearch, cubicStep, defaultLineSearchOptions, type LinePoint, type LineSearchOptions, type LineSearchResult } from './line-search';
export { applyInverseHessian, emptyHistory, pushPair, type LbfgsHistory } from './lbfgs';
export { adam, type Adam, type AdamOptions, type AdamState } from './adam';
