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
