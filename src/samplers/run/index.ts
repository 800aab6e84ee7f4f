/** Running MCMC: initialisation, the chain driver, worker-thread chains, summaries, comparisons. */
export {
  type ChainHooks,
  type ChainResult,
  type DrawEvent,
  GENERATED_QUANTITIES_STREAM,
  type Phase,
  type Progress,
  runChain,
} from './chain';
export { compareSamplers, formatComparison, type CompareOptions, type SamplerComparison } from './compare';
export { resolveSampleConfig, type SampleOptions } from './config';
export { divergenceLocations, type DivergenceShift } from './divergence-location';
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
} from './fit';
export { defaultInitRadius, defaultInitTries, initialPosition, type InitOptions } from './init';
export { loadModel, type ModelSource } from './model-source';
export { type ParallelOptions, sampleParallel } from './parallel';
export { assembleFit, type ModelShape, modelShape, sample } from './sample';
export { type FitSummary, summary, type SummaryOptions, type SummaryWarning, type SummaryWarningKind } from './summary';
