// 'leapfrog/kernels': building blocks for people writing their own samplers and inference
// loops — transition kernels as pure init/step pairs, metrics and integrators, warm-up
// adaptation as init/update/final triples, the pieces of the chain driver (so chains can run
// on any scheduler, a Web Worker pool for instance, with the same seeding rule), and the
// variational families and ELBO gradient estimators. What users call is in './index.ts'.

// Transition kernels.
export type { ChainState, Kernel, KernelParameters, Metric, TransitionInfo } from './samplers/kernel.js';
export { buildNutsKernel, type NutsOptions } from './samplers/nuts.js';
export { buildHmcKernel, type HmcOptions } from './samplers/hmc.js';
export { buildMetropolisKernel, type MetropolisParameters } from './samplers/metropolis.js';
export { checkedPosition, checkGradientStep, initGradientState } from './samplers/chain-state.js';
export { findStepSize, type StepSizeSearch } from './samplers/find-step-size.js';

// Metrics and integrators.
export { denseMetric, diagMetric, identityMetric, kineticEnergy, kineticEnergyGrad, metricDim, sampleMomentum } from './samplers/metric.js';
export {
  chainStateAt,
  copyPhasePoint,
  hamiltonian,
  leapfrog,
  makeIntegrator,
  makePhasePoint,
  mclachlan,
  phasePointAt,
  type Integrator,
  type PhasePoint,
} from './samplers/integrator.js';

// Warm-up adaptation.
export {
  defaultDualAveragingOptions,
  dualAveragingFinal,
  dualAveragingInit,
  dualAveragingUpdate,
  type DualAveragingOptions,
  type DualAveragingState,
} from './samplers/adaptation/dual-averaging.js';
export {
  buildWarmupSchedule,
  defaultWarmupScheduleOptions,
  type WarmupSchedule,
  type WarmupScheduleOptions,
  type WarmupStage,
  type WarmupStageKind,
} from './samplers/adaptation/schedule.js';
export {
  welfordCovarianceFinal,
  welfordCovarianceInit,
  welfordCovarianceUpdate,
  welfordVarianceFinal,
  welfordVarianceInit,
  welfordVarianceUpdate,
  type WelfordCovarianceState,
  type WelfordVarianceState,
} from './samplers/adaptation/welford.js';
export {
  unitMetric,
  windowAdaptationFinal,
  windowAdaptationInit,
  windowAdaptationUpdate,
  type MetricKind,
  type WindowAdaptationOptions,
  type WindowAdaptationState,
} from './samplers/adaptation/window-adaptation.js';
export {
  metropolisAdaptationFinal,
  metropolisAdaptationInit,
  metropolisAdaptationUpdate,
  type MetropolisAdaptationOptions,
  type MetropolisAdaptationState,
} from './samplers/metropolis-adaptation.js';

// The chain driver's pieces: chain k draws only from makeRng(seed, k) and its
// generated-quantities stream, so chains may run anywhere and be assembled in any order.
export { resolveSampleConfig } from './samplers/run/config.js';
export { GENERATED_QUANTITIES_STREAM, runChain, type ChainHooks, type ChainResult } from './samplers/run/chain.js';
export { assembleFit, modelShape, type ModelShape } from './samplers/run/sample.js';
export { defaultInitRadius, defaultInitTries, initialPosition, type InitOptions } from './samplers/run/init.js';

// Variational families and ELBO gradient estimators.
export type { VariationalFamily } from './vi/family.js';
export { familyFor } from './vi/families.js';
export { meanFieldFamily } from './vi/mean-field.js';
export { fullRankFamily } from './vi/full-rank.js';
export { estimateElbo, reparameterizedGradient, type ElboGradientEstimator, type GradientEstimate } from './vi/gradient-estimate.js';
export { scoreFunctionGradient } from './vi/score-gradient.js';
export { approximationFit, type ApproximateDraws } from './vi/draws-fit.js';
