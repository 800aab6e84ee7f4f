// Predictive simulation: data drawn from the model given parameter values.
export { posteriorPredictive, type PosteriorPredictive, type PosteriorPredictiveOptions } from './posterior-predictive.js';
export { priorPredictive, type PriorPredictive, type PriorPredictiveOptions } from './prior-predictive.js';
export { type PredictiveDraws, type PredictiveField } from './predictive-draws.js';
export { type ParameterDrawsSource, type ParameterRecord } from './parameter-source.js';
