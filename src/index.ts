// leapfrog's single public entry point: everything public is a named export from here.

// Automatic differentiation: tensors, ops, grad/jvp/vjp/jacobian/hessian.
export * from './ad/index.js';
export { makeRng, type Rng } from './random/rng.js';

// Models: the compiled-model contract, distributions, constraints and transforms, the
// TypeScript model API and JSON specs.
export { densityModel, type CompiledModel, type LogDensityAndGradient } from './models/model.js';
export * from './models/distributions/index.js';
export * as constraints from './models/constraints.js';
export type { Constraint } from './models/constraints.js';
export { transformFor } from './models/transforms/transform-for.js';
export type { Transform } from './models/transforms/transform.js';
export * from './models/api/index.js';
export * from './language/json/index.js';

// Samplers: kernels, warm-up, the multi-chain driver, diagnostics and summaries.
export * from './samplers/index.js';

// Variational inference, optimisation and neural networks.
export * from './vi/index.js';
export * from './vi/bbb/index.js';
export * from './nn/index.js';
export * from './optimize/index.js';
export { posteriorPredictive, priorPredictive, type PosteriorPredictive, type PriorPredictive, type PredictiveDraws, type PredictiveField, type ParameterDrawsSource } from './models/predictive/index.js';

// ---- Issue 19 (workflow past sampling): PSIS, LOO and model comparison, Pathfinder, the
// ---- Pareto-k check of approximations, saved fits and generated quantities. Added in one
// ---- block for the lead to curate.
export { fitGeneralizedPareto, generalizedParetoQuantile, type GeneralizedPareto } from './samplers/diagnostics/generalized-pareto.js';
export { normalizedLogWeights, psis, psisEffectiveSampleSize, psisTailLength, type PsisOptions, type PsisResult } from './samplers/diagnostics/psis.js';
export { describeParetoK, paretoKCategory, paretoKThreshold, type ParetoKCategory } from './samplers/diagnostics/pareto-k.js';
export { approximationCheckOf, checkApproximation, type ApproximationCheck, type ApproximationVerdict } from './samplers/diagnostics/approximation-check.js';
export { loo, type LooEstimate, type LooOptions, type LooPointwise, type LooResult, type ParetoKCount } from './loo/loo.js';
export type { LogLikelihoodMatrix } from './loo/log-likelihood.js';
export { relativeEfficiency } from './loo/relative-efficiency.js';
export { compareModels, type ComparableModel, type ComparisonRow, type ModelComparison } from './loo/compare.js';
export { pathfinder, type PathfinderResult, type PathSummary } from './vi/pathfinder/pathfinder.js';
export type { PathfinderOptions } from './vi/pathfinder/options.js';
export { readFit, writeFit, type ReadFit, type WriteFitOptions } from './io/fit-directory.js';
export { generateQuantities, type GenerateQuantitiesOptions } from './samplers/run/generate-quantities.js';
