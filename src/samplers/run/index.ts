/** Running MCMC: initialisation, the chain driver, worker-thread chains, summaries, comparisons. */
export {
  type ChainHooks,
  type ChainResult,
  type DrawEvent,
  GENERATED_QUANTITIES_STREAM,
  type Phase,
  type Progress,
  runChain,
} from './chain.js';
export { compareSamplers, formatComparison, type CompareOptions, type SamplerComparison } from './compare.js';
export { resolveSampleConfig, type SampleOptions } from './config.js';
export { divergenceLocations, type DivergenceShift } from './divergence-location.js';
export {
  type AdaptationResult,
  type ChainRecord,
  columnDraws,
  columnIndex,
  type Fit,
  type SampleConfig,
  type SamplerColumnName,
  samplerColumnNames,
  type SamplerMethod,
  savedDrawCount,
} from './fit.js';
export { defaultInitRadius, defaultInitTries, initialPosition, type InitOptions } from './init.js';
export { loadModel, type ModelSource } from './model-source.js';
export { type ParallelOptions, sampleParallel } from './parallel.js';
export { assembleFit, type ModelShape, modelShape, sample } from './sample.js';
export { type FitSummary, summary, type SummaryOptions, type SummaryWarning, type SummaryWarningKind } from './summary.js';
