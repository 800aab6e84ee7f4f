// Variational inference: ADVI (mean-field and full-rank Gaussians, reparameterisation
// gradients) and score-function black-box VI, with Stan's step sizes and convergence test.
export { advi, bbvi, sampleApproximation, type AdviResult } from './advi.js';
export { type AdviOptions, type AdviConfig } from './options.js';
export { type Approximation, type FamilyKind, type VariationalFamily } from './family.js';
export { familyFor } from './families.js';
export { meanFieldFamily } from './mean-field.js';
export { fullRankFamily } from './full-rank.js';
export { type ElboRecord, type AscentStatus } from './ascent.js';
export { ETA_SEQUENCE, type EtaTrial } from './adapt-eta.js';
export { estimateElbo, reparameterizedGradient, type ElboGradientEstimator, type GradientEstimate } from './gradient-estimate.js';
export { scoreFunctionGradient } from './score-gradient.js';
export { gradientVariance, type EstimatorKind, type GradientVariance, type GradientVarianceOptions } from './gradient-variance.js';
export { APPROXIMATION_METHOD, approximationColumnNames, approximationFit, type ApproximateDraws } from './draws-fit.js';
export { type StepSequenceKind } from './step-size.js';
