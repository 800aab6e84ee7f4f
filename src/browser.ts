// leapfrog's browser entry ('leapfrog' under the `browser` export condition): the names of
// './index.ts' less those that need Node (files, worker threads, module files, the CLI), with
// `sampleAsync` running chains on Web Workers instead of worker threads. Nothing here imports
// a `node:` module. test/api/exports.test.ts checks that the two entries differ by exactly
// the Node-only names, so a name added to one is added to the other (or listed as Node only).

// Automatic differentiation: tensors, traced values, transforms of functions, ops.
export { Tensor, tensor, zeros, ones, fill, linspace, sizeOf, type Shape } from './ad/tensor.js';
export { Box, LimitError, primal, shapeOf, isValue, type Value, type Primal } from './ad/trace.js';
export type { Tree } from './ad/tree.js';
export {
  grad,
  valueAndGrad,
  vjp,
  jvp,
  elementwiseGrad,
  jacobian,
  hessian,
  hessianVectorProduct,
  stopGradient,
  type ValueAndGrad,
} from './ad/grad.js';
export { customGradient, type CustomGradientSpec } from './ad/custom.js';
export { compileGradient, type CompileGradientOptions, type CompiledValueAndGrad } from './ad/compile/compile-gradient.js';
export type { EvaluationStatus } from './ad/compile/evaluator.js';
export { configure } from './ad/codegen/make-function.js';
export { loadWasmKernels } from './ad/wasm/support.js';
export { checkGrad, type CheckGradOptions } from './ad/check.js';
export { BufferPool, withBufferPool } from './ad/buffers.js';
export { add, sub, mul, div, neg, pow } from './ad/ops/arithmetic.js';
export { broadcastTo, sumToShape } from './ad/ops/broadcasting.js';
export { exp, log, log1p, expm1, sqrt, square, abs, sin, cos, tan, tanh } from './ad/ops/unary.js';
export { sigmoid, logit, softplus, logSigmoid } from './ad/ops/link.js';
export { lgamma, digamma, trigamma, erf, erfc, Phi } from './ad/ops/special.js';
export { logPhi } from './models/distributions/log-phi.js';
export { addAll, sum, mean, logSumExp, logAddExp, max, min } from './ad/ops/reduce.js';
export { Mask, mask, where, whereBy, greater, greaterEqual, less, lessEqual, equal, sign, maximum, minimum, type Condition } from './ad/ops/select.js';
export { reshape, flatten, at, unstack, slice, concat, stack, gather, type IndexArray } from './ad/ops/shape.js';
export { dot, matvec, vecmat, outer, matmul, transpose } from './ad/ops/linalg.js';
export { cumulativeSum, type CumulativeSumOptions } from './ad/ops/cumulative.js';
export { cholesky } from './ad/ops/cholesky.js';
export { triangularSolve, type TriangularSolveOptions } from './ad/ops/triangular-solve.js';

// Random numbers: seeded streams, one per (seed, stream).
export { makeRng, type Rng } from './random/rng.js';

// Models: the TypeScript model API, the compiled-model contract, data checking.
export {
  int,
  real,
  vector,
  matrix,
  intArray,
  indexArray,
  simplex,
  ordered,
  positiveOrdered,
  choleskyCorr,
  choleskyCov,
  rowVector,
  unitVector,
  sumToZeroVector,
  corrMatrix,
  covMatrix,
  rowStochasticMatrix,
  columnStochasticMatrix,
  array,
  type ArrayDeclaration,
  type Bound,
  type BoundFunction,
  type Bounds,
  type DataDeclaration,
  type DataDeclarations,
  type DataValue,
  type DataValues,
  type Declaration,
  type DeclarationKind,
  type ParameterDeclaration,
  type ParameterDeclarations,
  type ParameterPrimals,
  type ParameterValues,
  type SizeReference,
} from './models/api/declarations.js';
export { defineModel, type ModelDefinition, type ModelSpec } from './models/api/define-model.js';
export type { CompileOptions, ModelInstance, QuantityInfo } from './models/api/compile.js';
export type { ConstrainedDensityOptions } from './models/api/constrained-density.js';
export { DataError, type DataIssue, type DataRecord } from './models/api/data.js';
export type { Target } from './models/api/target.js';
export { elementNames } from './models/api/names.js';
export { densityModel, type CompiledModel, type LogDensityAndGradient } from './models/model.js';

// Distributions, in Stan's parameterisations and argument orders, and their families by
// Stan name.
export type { Distribution, DistributionFamily } from './models/distributions/distribution.js';
export { distributionFamily } from './models/distributions/registry.js';
export { normal, halfNormal, stdNormal } from './models/distributions/normal.js';
export { normalIdGlm } from './models/distributions/normal-id-glm.js';
export { poissonLogGlm, bernoulliLogitGlm } from './models/distributions/glm-families.js';
export { hmmMarginal } from './models/distributions/hmm-marginal.js';
export { studentT, halfStudentT } from './models/distributions/student-t.js';
export { cauchy, halfCauchy } from './models/distributions/cauchy.js';
export { exponential } from './models/distributions/exponential.js';
export { gamma, inverseGamma } from './models/distributions/gamma.js';
export { lognormal } from './models/distributions/lognormal.js';
export { beta, betaProportion } from './models/distributions/beta.js';
export { uniform } from './models/distributions/uniform.js';
export { weibull } from './models/distributions/weibull.js';
export { logistic } from './models/distributions/logistic.js';
export { laplace } from './models/distributions/laplace.js';
export { pareto, paretoType2 } from './models/distributions/pareto.js';
export { skewNormal } from './models/distributions/skew-normal.js';
export { gumbel, frechet, rayleigh } from './models/distributions/extreme-value.js';
export { chiSquare, invChiSquare, scaledInvChiSquare } from './models/distributions/chi-square.js';
export { expModNormal } from './models/distributions/exp-mod-normal.js';
export { vonMises } from './models/distributions/von-mises.js';
export { loglogistic } from './models/distributions/loglogistic.js';
export { bernoulli, bernoulliLogit } from './models/distributions/bernoulli.js';
export { binomial, binomialLogit } from './models/distributions/binomial.js';
export { betaBinomial } from './models/distributions/beta-binomial.js';
export { poisson, poissonLog } from './models/distributions/poisson.js';
export { negativeBinomial2, negativeBinomial2Log, negativeBinomial } from './models/distributions/negative-binomial.js';
export { discreteRange } from './models/distributions/discrete-range.js';
export { categorical, categoricalLogit } from './models/distributions/categorical.js';
export { orderedLogistic, orderedProbit } from './models/distributions/ordered.js';
export { dirichlet } from './models/distributions/dirichlet.js';
export { multinomial } from './models/distributions/multinomial.js';
export { dirichletMultinomial } from './models/distributions/dirichlet-multinomial.js';
export { multiNormal, multiNormalCholesky } from './models/distributions/multi-normal.js';
export { multiNormalPrec, multiStudentT, multiStudentTCholesky } from './models/distributions/multi-student-t.js';
export { lkjCholesky, lkjCorr } from './models/distributions/lkj.js';
export { wishart, invWishart, wishartCholesky, invWishartCholesky } from './models/distributions/wishart.js';
export { logMix } from './models/distributions/log-mix.js';
export { truncated } from './models/distributions/truncated.js';

// Constraints and the transforms that map them to the real line.
export * as constraints from './models/constraints.js';
export type { Constraint } from './models/constraints.js';
export { transformFor } from './models/transforms/transform-for.js';
export type { Transform } from './models/transforms/transform.js';

// JSON model specs: checking and compiling, errors with their JSON paths, the schema.
export { compileSpec, type SpecCompileOptions } from './language/json/compile.js';
export { checkSpec, type SpecCheck, type SpecQuantity } from './language/json/check.js';
export { SpecError, formatIssue, type SpecIssue } from './language/json/errors.js';
export { ModelSpec as JsonModelSpec, modelSpecJsonSchema } from './language/json/schema.js';
export { ParseError, parseExpression } from './language/json/parse.js';
export { EvaluationError } from './language/json/local-variable.js';

// Stan programs: parsed, lowered to a JSON spec and compiled by the spec's own checker and
// compiler; problems at their line and column. specToStan writes a spec back as Stan.
export { compileStan, checkStan, stanToSpec, type StanCompileOptions } from './language/stan/compile.js';
export { specToStan } from './language/stan/to-stan.js';
export { parseStan } from './language/stan/parse.js';
export { formatStan } from './language/stan/format.js';
export { StanSyntaxError, type StanErrorKind } from './language/stan/errors.js';
export { StanModelError, type StanIssue } from './language/stan/locate.js';

// MCMC: sampling, fits, sampler comparison.
export { sample } from './samplers/run/sample.js';
export type { SampleOptions } from './samplers/run/config.js';
export { sampleAsync, type SampleSource, type WebSampleOptions } from './samplers/web/sample-async.js';
export type { AsyncSampleOptions, PortableSampleSource } from './samplers/run/sample-source.js';
export type { WorkerFactory } from './samplers/web/web-workers.js';
export type { ModelSource } from './samplers/run/model-source.js';
export type { DrawEvent, Phase, Progress } from './samplers/run/chain.js';
export {
  columnDraws,
  columnIndex,
  samplerColumnNames,
  savedDrawCount,
  type AdaptationResult,
  type ChainRecord,
  type Fit,
  type SampleConfig,
  type SamplerColumnName,
  type SamplerMethod,
} from './samplers/run/fit.js';
export { compareSamplers, formatComparison, type CompareOptions, type SamplerComparison } from './samplers/run/compare.js';

// Diagnostics: the summary with its warnings, R-hat, ESS, MCSE, E-BFMI, divergences.
export { summary, type FitSummary, type SummaryOptions, type SummaryWarning, type SummaryWarningKind } from './samplers/run/summary.js';
export { divergenceLocations, type DivergenceShift } from './samplers/run/divergence-location.js';
export { splitChains, type Chains } from './samplers/diagnostics/chains.js';
export { rhat, rhatBasic, rhatBulk, rhatTail } from './samplers/diagnostics/rhat.js';
export { essBasic, essBulk, essMean, essQuantile, essSd, essTail, type SplitOptions } from './samplers/diagnostics/ess.js';
export { mcseMean, mcseQuantile, mcseSd } from './samplers/diagnostics/mcse.js';
export { ebfmi, ebfmiByChain } from './samplers/diagnostics/ebfmi.js';
export { autocovariances } from './samplers/diagnostics/autocovariance.js';
export { median, quantile, quantiles } from './samplers/diagnostics/quantile.js';
export { rankNormalize } from './samplers/diagnostics/rank-normalize.js';
export { formatSummaryTable, summarizeQuantity, type QuantitySummary, type SummaryTableOptions } from './samplers/diagnostics/summary-table.js';

// Predictive simulation.
export { posteriorPredictive, type PosteriorPredictive, type PosteriorPredictiveOptions } from './models/predictive/posterior-predictive.js';
export { priorPredictive, type PriorPredictive, type PriorPredictiveOptions } from './models/predictive/prior-predictive.js';
export type { PredictiveDraws, PredictiveField } from './models/predictive/predictive-draws.js';
export type { ParameterDrawsSource, ParameterRecord } from './models/predictive/parameter-source.js';

// Variational inference.
export { advi, bbvi, sampleApproximation, type AdviResult } from './vi/advi.js';
export type { AdviConfig, AdviOptions } from './vi/options.js';
export type { Approximation, FamilyKind } from './vi/family.js';
export type { AscentStatus, ElboRecord } from './vi/ascent.js';
export type { EtaTrial } from './vi/adapt-eta.js';
export type { StepSequenceKind } from './vi/step-size.js';
export { gradientVariance, type EstimatorKind, type GradientVariance, type GradientVarianceOptions } from './vi/gradient-variance.js';

// Bayesian neural networks: layers, Bayes by Backprop and its predictive distribution.
export type { Layer } from './nn/layer.js';
export { dense } from './nn/dense.js';
export { activation, relu, reluLayer, tanhLayer } from './nn/activation.js';
export { sequential, type Network, type NetworkParameters } from './nn/sequential.js';
export {
  bayesByBackprop,
  type BayesByBackpropEpoch,
  type BayesByBackpropOptions,
  type BayesByBackpropResult,
  type WeightPosterior,
} from './vi/bbb/bayes-by-backprop.js';
export { bnnPredictive, type BnnPrediction, type BnnPredictiveOptions } from './vi/bbb/predict.js';
export type { NoiseModel } from './vi/bbb/noise.js';
export type { VariationalParameters } from './vi/bbb/variational.js';

// Optimisation: posterior modes (L-BFGS), Laplace approximations, Adam.
export { optimize, type OptimizeOptions, type OptimizeResult } from './optimize/optimize.js';
export { laplaceApproximation, type LaplaceOptions, type LaplaceResult } from './optimize/laplace.js';
export { logDensityHessian, type HessianMethod, type HessianResult } from './optimize/hessian.js';
export { defaultTolerances, type TerminationReason, type Tolerances } from './optimize/termination.js';
export { adam, type Adam, type AdamOptions, type AdamState } from './optimize/adam.js';

// Reading and writing fits: Stan CSV (CmdStan's format) and summary.csv.
export { parseStanCsv, type StanCsv, type StanCsvAdaptation, type StanCsvTiming } from './io/read-stan-csv.js';
export { fitFromStanCsv, fitFromVariationalCsv, type FitFromCsv } from './io/fit-from-csv.js';
export { sampleCsvText, type CsvRunInfo } from './io/sample-csv.js';
export { variationalCsvText, type VariationalSettings } from './io/variational-csv.js';
export { formatSummaryCsv, parseSummaryCsv } from './io/summary-csv.js';

// The workflow past sampling: PSIS, LOO and model comparison, the Pareto-k check of
// approximations, Pathfinder, fits saved and read back, generated quantities for saved draws.
export { psis, psisEffectiveSampleSize, type PsisOptions, type PsisResult } from './samplers/diagnostics/psis.js';
export { fitGeneralizedPareto, type GeneralizedPareto } from './samplers/diagnostics/generalized-pareto.js';
export { paretoKThreshold, type ParetoKCategory } from './samplers/diagnostics/pareto-k.js';
export { checkApproximation, type ApproximationCheck, type ApproximationVerdict } from './samplers/diagnostics/approximation-check.js';
export { loo, type LooEstimate, type LooOptions, type LooPointwise, type LooResult, type ParetoKCount } from './loo/loo.js';
export type { LogLikelihoodMatrix } from './loo/log-likelihood.js';
export { relativeEfficiency } from './loo/relative-efficiency.js';
export { compareModels, type ComparableModel, type ComparisonRow, type ModelComparison } from './loo/compare.js';
export { pathfinder, type PathfinderResult, type PathSummary } from './vi/pathfinder/pathfinder.js';
export type { PathfinderOptions } from './vi/pathfinder/options.js';
export { generateQuantities, type GenerateQuantitiesOptions } from './samplers/run/generate-quantities.js';

// Stan's function library as differentiable ops, for TypeScript models as for specs:
// inverse trigonometric and hyperbolic functions, rounding, special and composed functions,
// sorting, and solves, inverses, determinants and eigendecompositions.
export { asin, acos, atan, atan2, sinh, cosh, asinh, acosh, atanh, hypot } from './ad/ops/trigonometric.js';
export { floor, ceil, round, trunc, step, fmod } from './ad/ops/rounding.js';
export { tgamma, invPhi, invErfc, lambertW0, lambertWm1, gammaP, gammaQ, incBeta, invIncBeta } from './ad/ops/special.js';
export { cbrt, lmultiply, fma, PhiApprox, invCloglog, binaryLogLoss } from './ad/ops/composed.js';
export { sort, argsort } from './ad/ops/sort.js';
export { solve, inverse, determinant, logAbsDeterminant } from './ad/ops/lu.js';
export { eigenvaluesSym, eigenvectorsSym } from './ad/ops/eigen-sym.js';
