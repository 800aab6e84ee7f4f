/** Warm-up adaptation: dual averaging of the step size, Welford metric estimates, Stan's windows. */
export {
  defaultDualAveragingOptions,
  dualAveragingFinal,
  dualAveragingInit,
  dualAveragingUpdate,
  type DualAveragingOptions,
  type DualAveragingState,
} from './dual-averaging.js';
export {
  buildWarmupSchedule,
  defaultWarmupScheduleOptions,
  type WarmupSchedule,
  type WarmupScheduleOptions,
  type WarmupStage,
  type WarmupStageKind,
} from './schedule.js';
export {
  welfordCovarianceFinal,
  welfordCovarianceInit,
  welfordCovarianceUpdate,
  welfordVarianceFinal,
  welfordVarianceInit,
  welfordVarianceUpdate,
  type WelfordCovarianceState,
  type WelfordVarianceState,
} from './welford.js';
export {
  type MetricKind,
  unitMetric,
  windowAdaptationFinal,
  windowAdaptationInit,
  windowAdaptationUpdate,
  type WindowAdaptationOptions,
  type WindowAdaptationState,
} from './window-adaptation.js';
