// Validation of the inference algorithms: agreement with posteriordb's reference posteriors,
// and simulation-based calibration (Talts et al. 2018). `npm run validate` drives both.
export { parseReference, referenceSchema, type Reference, type ReferenceFile, type ReferenceQuantity } from './reference';
export {
  compareQuantity,
  expectationFor,
  judgePosterior,
  referenceSdRelativeError,
  sampledQuantity,
  type ComparisonOptions,
  type PosteriorExpectation,
  type PosteriorVerdict,
  type QuantityComparison,
  type RunFacts,
  type SampledQuantity,
  type VerdictOptions,
} from './posteriordb';
export { listPosteriors, loadPosterior, validatePosterior, type LoadedPosterior, type PosteriorRunOptions } from './posteriordb-run';
export { posteriordbJson, posteriordbMarkdown, type ValidationHeader } from './posteriordb-report';
export { drawNumber, drawValues, named, rowsOf, type SbcModel, type SbcSimulation } from './sbc-model';
export { binRanks, drawsNeeded, rankOf, thinningPlan } from './sbc-ranks';
export { rankShape, type RankReading, type RankShape } from './sbc-shape';
export { fitReplicate, sbcMethods, type FitInfo, type ReplicateFit, type SbcFitOptions, type SbcMethod } from './sbc-fit';
export {
  analyzeReplicates,
  applyBonferroni,
  isCalibrated,
  isFailure,
  replicateFitSeed,
  runReplicate,
  tryReplicate,
  type ParameterCalibration,
  type ReplicateFailure,
  type ReplicateOptions,
  type ReplicateResult,
  type SbcResult,
} from './sbc';
export { jobKey, runSbcJobs, type SbcJob, type SbcPoolOptions } from './sbc-pool';
export { rankBarRows, rankHistogramSpec, type RankBarRow } from './sbc-plot';
export { dominantReading, sbcJson, sbcMarkdown } from './sbc-report';
export { sbcModel, sbcModels } from './sbc-models/index';
export { binomialCdf, binomialQuantile, bonferroniLevel, chiSquareSurvival, chiSquareUniformity, kurtosis, type ChiSquareTest } from './statistics';
