// Variational inference: ADVI (mean-field and full-rank Gaussians, reparameterisation
// gradients) and score-function black-box VI, with Stan's step sizes and convergence test.
export { advi, bbvi, sampleApproximation, type AdviResult } from './advi';
export { type AdviOptions, type AdviConfig } from './options';
export { type Approximation, type FamilyKind, type VariationalFamily } from './family';
export { familyFor } from './families';
export { meanFieldFamily } from './mean-field';
export { fullRankFamily } from './full-rank';
export { type ElboRecord, type AscentStatus } from './ascent';
export { ETA_SEQUENCE, type EtaTrial } from './adapt-eta';
export { estimateElbo, reparameterizedGradient, type ElboGradientEstimator, type GradientEstimate } from './gradient-estimate';
export { scoreFunctionGradient } from './score-gradient';
export { gradientVariance, type EstimatorKind, type GradientVariance, type GradientVarianceOptions } from './gradient-variance';
export { APPROXIMATION_METHOD, approximationColumnNames, approximationFit, type ApproximateDraws } from './draws-fit';
export { type StepSequenceKind } from './step-size';
