// leapfrog's single public entry point: everything public is a named export from here.

// Automatic differentiation: tensors, ops, grad/jvp/vjp/jacobian/hessian.
export * from './ad/index';
export { makeRng, type Rng } from './random/rng';

// Models: the compiled-model contract, distributions, constraints and transforms, the
// TypeScript model API and JSON specs.
export { densityModel, type CompiledModel, type LogDensityAndGradient } from './models/model';
export * from './models/distributions/index';
export * as constraints from './models/constraints';
export type { Constraint } from './models/constraints';
export { transformFor } from './models/transforms/transform-for';
export type { Transform } from './models/transforms/transform';
export * from './models/api/index';
export * from './models/spec/index';

// Samplers: kernels, warm-up, the multi-chain driver, diagnostics and summaries.
export * from './samplers/index';

// Variational inference, optimisation and neural networks.
export * from './vi/index';
export * from './vi/bbb/index';
export * from './nn/index';
export * from './optimize/index';
export { posteriorPredictive, priorPredictive, type PosteriorPredictive, type PriorPredictive, type PredictiveDraws, type PredictiveField, type ParameterDrawsSource } from './models/predictive/index';
