// Predictive simulation: data drawn from the model given parameter values.
export { posteriorPredictive, type PosteriorPredictive, type PosteriorPredictiveOptions } from './posterior-predictive';
export { priorPredictive, type PriorPredictive, type PriorPredictiveOptions } from './prior-predictive';
export { type PredictiveDraws, type PredictiveField } from './predictive-draws';
export { type ParameterDrawsSource, type ParameterRecord } from './parameter-source';
