import { fillStandardNormal } from './family.js';
import { type ElboGradientEstimator, firstNonFinite } from './gradient-estimate.js';

/**
 * The score-function (log-derivative trick) estimator of black-box variational inference
 * (Ranganath, Gerrish & Blei 2014, "Black Box Variational Inference", AISTATS, eq. 3):
 *
 *   ∇_lambda ELBO = E_q[ h(zeta) (log p(zeta) − log q(zeta; lambda)) ],  h = ∇_lambda log q,
 *
 * which needs only log p, never its gradient. Its variance is reduced with the control
 * variate h itself (E_q[h] = 0), scaled per coordinate by the variance-minimising
 * a_d = Cov(f_d, h_d) / Var(h_d), f_d = h_d (log p − log q) (their section 3.2). They
 * estimate a_d from the same draws it is applied to, which biases the gradient by O(1/S)
 * (visible in tests with S = 10); here each draw's coefficient is estimated from the other
 * S − 1 draws (leave-one-out, as in Kool, van Hoof & Welling 2019, "Buy 4 REINFORCE samples,
 * get a baseline for free!"), independent of the draw and so unbiased. Their
 * Rao-Blackwellisation needs each coordinate's Markov blanket, which a black-box
 * CompiledModel does not expose.
 *
 * Mean-field family only: with zeta = mu + sd ∘ eta, h_mu = eta / sd and h_omega = eta² − 1.
 */
export const scoreFunctionGradient: ElboGradientEstimator = (model, family, lambda, rng, draws) => {
  if (family.kind !== 'meanfield') {
    throw new Error(`scoreFunctionGradient: the family is '${family.kind}', but the score-function estimator is implemented for 'meanfield' only`);
  }
  if (!Number.isInteger(draws) || draws < 2) {
    throw new Error(`scoreFunctionGradient: draws is ${draws}, but must be an integer >= 2 (the control variate's scaling is estimated from the draws)`);
  }
  const { dim, size } = family;
  const scores = Array.from({ length: draws }, () => new Float64Array(size));
  const weights = new Float64Array(draws); // log p − log q per draw
  const standard = new Float64Array(dim);
  const zeta = new Float64Array(dim);
  for (let draw = 0; draw < draws; draw++) {
    family.transform(lambda, fillStandardNormal(rng, standard), zeta);
    const logDensity = model.logDensity(zeta);
    if (!Number.isFinite(logDensity)) {
      return { gradient: new Float64Array(size), gradientEvaluations: 0, logDensityEvaluations: draw + 1, nonFinite: `log density = ${logDensity} at gradient draw ${draw + 1} of ${draws}` };
    }
    weights[draw] = logDensity - family.logDensityOfStandard(lambda, standard);
    const score = scores[draw]!;
    for (let i = 0; i < dim; i++) {
      score[i] = standard[i]! / Math.exp(lambda[dim + i]!);
      score[dim + i] = standard[i]! * standard[i]! - 1;
    }
  }
  const gradient = new Float64Array(size);
  for (let d = 0; d < size; d++) gradient[d] = controlledMean(scores, weights, d);
  const bad = firstNonFinite(gradient, (i) => `∂ELBO/∂${family.parameterName(i)}`);
  return { gradient, gradientEvaluations: 0, logDensityEvaluations: draws, ...(bad === undefined ? {} : { nonFinite: bad }) };
};

/**
 * mean_s(f_d,s − a_d^(−s) h_d,s), with a_d^(−s) = Cov(f_d, h_d) / Var(h_d) over the draws
 * other than s (0 when h_d does not vary among them), from running sums.
 */
function controlledMean(scores: readonly Float64Array[], weights: Float64Array, d: number): number {
  const count = scores.length;
  let sumH = 0;
  let sumF = 0;
  let sumHH = 0;
  let sumFH = 0;
  for (let s = 0; s < count; s++) {
    const h = scores[s]![d]!;
    const f = h * weights[s]!;
    sumH += h;
    sumF += f;
    sumHH += h * h;
    sumFH += f * h;
  }
  const others = count - 1;
  let total = 0;
  for (let s = 0; s < count; s++) {
    const h = scores[s]![d]!;
    const f = h * weights[s]!;
    const meanH = (sumH - h) / others;
    const meanF = (sumF - f) / others;
    const variance = (sumHH - h * h) / others - meanH * meanH;
    const covariance = (sumFH - f * h) / others - meanF * meanH;
    const scale = variance > 0 ? covariance / variance : 0;
    total += f - scale * h;
  }
  return total / count;
}
