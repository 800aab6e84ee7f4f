// Bayes by Backprop (Blundell et al. 2015): mean-field Gaussian variational inference
// for the weights of a neural network, with the posterior predictive.
export {
  bayesByBackprop,
  type BayesByBackpropOptions,
  type BayesByBackpropResult,
  type BayesByBackpropEpoch,
  type WeightPosterior,
} from './bayes-by-backprop.js';
export { klNormalFromCentredNormal, klLogNormalFromHalfNormal } from './kl.js';
export { gaussianLogLikelihood, type NoiseModel, type NoiseFactor } from './noise.js';
export { negativeElbo, type ElboSetting, type MiniBatch, type StandardNormalDraws } from './objective.js';
export { bnnPredictive, type BnnPredictiveOptions, type BnnPrediction } from './predict.js';
export { inverseSoftplus, type VariationalParameters } from './variational.js';
