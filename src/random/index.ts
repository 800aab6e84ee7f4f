// leapfrog's random numbers: a seeded uniform stream per (seed, stream) and exact variate
// generators for the distributions that have samplers.
export { makeRng, type Rng } from './rng.js';
export { Xoshiro128StarStar } from './xoshiro128.js';
export { standardNormal, normals } from './ziggurat.js';
export { openUniform, drawExponential, drawCauchy, drawLaplace, drawLogistic, drawWeibull, drawUniform, drawBernoulli } from './inversion.js';
export { drawGamma, drawLogGamma } from './gamma.js';
export { drawBeta, drawInverseGamma, drawStudentT, drawDirichlet } from './gamma-ratios.js';
export { drawBinomial } from './binomial.js';
export { drawPoisson } from './poisson.js';
export { drawNegativeBinomial2, drawBetaBinomial } from './mixtures.js';
export { drawCategorical, drawMultinomial } from './categorical.js';
