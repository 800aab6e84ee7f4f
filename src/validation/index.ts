// Validation of the inference algorithms: agreement with posteriordb's reference posteriors,
// and simulation-based calibration (Talts et al. 2018). `npm run validate` drives both.
export { parseReference, referenceSchema, type Reference, type ReferenceFile, type ReferenceQuantity } from './reference.js';
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
} from './posteriordb.js';
export { listPosteriors, loadPosterior, validatePosterior, type LoadedPosterior, type PosteriorRunOptions } from './posteriordb-run.js';
export { posteriordbJson, posteriordbMarkdown, type ValidationHeader } from './posteriordb-report.js';
export { drawNumber, drawValues, named, rowsOf, type SbcModel, type SbcSimulation } from './sbc-model.js';
export { binRanks, drawsNeeded, rankOf, thinningPlan } from './sbc-ranks.js';
export { rankShape, type RankReading, type RankShape } from './sbc-shape.js';
export { fitReplicate, sbcMethods, type FitInfo, type ReplicateFit, type SbcFitOptions, type SbcMethod } from './sbc-fit.js';
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
} from './sbc.js';
export { jobKey, runSbcJobs, type SbcJob, type SbcPoolOptions } from './sbc-pool.js';
export { rankBarRows, rankHistogramSpec, type RankBarRow } from './sbc-plot.js';
export { dominantReading, sbcJson, sbcMarkdown } from './sbc-report.js';
export { sbcModel, sbcModels } from './sbc-models/index.js';
export { binomialCdf, binomialQuantile, bonferroniLevel, chiSquareSurvival, chiSquareUniformity, kurtosis, type ChiSquareTest } from './statistics.js';
