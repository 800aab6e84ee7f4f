import { Tensor } from '../../../src/ad/index.js';
import { dense, sequential, tanhLayer } from '../../../src/nn/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { bayesByBackprop, klLogNormalFromHalfNormal, klNormalFromCentredNormal } from '../../../src/vi/bbb/index.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, type SeededCheck, zTests } from '../../helpers/seeded-check.js';
import { loadBnnRegression } from './bnn-data.js';

// The statistical checks of the Bayes-by-Backprop tests, as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md).

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const logNormalDensity = (x: number, mean: number, sd: number): number => -0.5 * ((x - mean) / sd) ** 2 - Math.log(sd) - LOG_SQRT_2PI;

/** Mean and Monte Carlo standard error of `draw()` over n draws. */
function monteCarlo(n: number, draw: () => number): { mean: number; standardError: number } {
  let total = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    total += v;
    squares += v * v;
  }
  const mean = total / n;
  return { mean, standardError: Math.sqrt((squares / n - mean * mean) / n) };
}

const normalCases = [[0.3, 0.5, 1], [-1.5, 0.1, 1], [2, 1.7, 2.5], [0, 0.02, 0.3]] as const;

export const klNormalCheck = defineSeededCheck({
  name: 'bbb/kl-normal-monte-carlo',
  seed: 21,
  design: 'closed-form KL(q‖p) of 4 normal pairs against E_q[log q − log p] over 20 000 draws each: |z| ≤ Bonferroni(1e-4)',
  run: (seed) =>
    zTests(
      normalCases.map(([mean, scale, priorScale], k) => {
        const rng = makeRng(seed, k);
        const estimate = monteCarlo(20_000, () => {
          const w = mean + scale * rng.normal();
          return logNormalDensity(w, mean, scale) - logNormalDensity(w, 0, priorScale);
        });
        return { label: `q = normal(${mean}, ${scale}), p = normal(0, ${priorScale})`, estimate: estimate.mean, expected: klNormalFromCentredNormal(mean, scale, priorScale) as number, standardError: estimate.standardError };
      }),
    ),
});

const logNormalCases = [[Math.log(0.2), 0.1, 1], [0, 0.5, 1], [1, 0.3, 2], [-3, 1, 0.5]] as const;

export const klLogNormalCheck = defineSeededCheck({
  name: 'bbb/kl-lognormal-monte-carlo',
  seed: 22,
  design: 'closed-form KL of 4 log-normal q against half-normal p, estimated in σ over 20 000 draws each: |z| ≤ Bonferroni(1e-4)',
  run: (seed) =>
    zTests(
      logNormalCases.map(([mean, scale, priorScale], k) => {
        // In σ: q(σ) is log-normal, p(σ) = 2 normal(σ | 0, c) on σ > 0; the estimate is taken in
        // σ, so it also checks that the closed form (derived in log σ) did not lose a Jacobian.
        const rng = makeRng(seed, k);
        const estimate = monteCarlo(20_000, () => {
          const u = mean + scale * rng.normal();
          const sigma = Math.exp(u);
          const logQ = logNormalDensity(u, mean, scale) - u; // log-normal density of σ
          const logP = Math.LN2 + logNormalDensity(sigma, 0, priorScale);
          return logQ - logP;
        });
        return { label: `log σ ~ normal(${mean}, ${scale}), σ ~ half-normal(${priorScale})`, estimate: estimate.mean, expected: klLogNormalFromHalfNormal(mean, scale, priorScale) as number, standardError: estimate.standardError };
      }),
    ),
});

/**
 * Bayesian linear regression y = w x + b + ε, ε ~ normal(0, σ) with σ known and w, b ~
 * normal(0, 1): with x centred (Σx = 0) the exact posterior is Gaussian with a diagonal
 * covariance, so the mean-field family holds it and Bayes by Backprop must find it.
 * Posterior precisions 1 + Σx²/σ² and 1 + N/σ²; means Σxy/σ² and Σy/σ² over them.
 */
export function linearRegression(): { x: Tensor; y: Tensor; sigma: number; exact: { w: [number, number]; b: [number, number] } } {
  const N = 40;
  const sigma = 0.5;
  const rng = makeRng(31);
  const xs = Float64Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
  const ys = xs.map((v) => 0.8 * v - 0.3 + sigma * rng.normal());
  const sxx = xs.reduce((a, v) => a + v * v, 0);
  const sxy = xs.reduce((a, v, i) => a + v * ys[i]!, 0);
  const sy = ys.reduce((a, v) => a + v, 0);
  const precisionW = 1 + sxx / sigma ** 2;
  const precisionB = 1 + N / sigma ** 2;
  return {
    x: new Tensor(xs, [N, 1]),
    y: new Tensor(ys, [N]),
    sigma,
    exact: { w: [sxy / sigma ** 2 / precisionW, 1 / Math.sqrt(precisionW)], b: [sy / sigma ** 2 / precisionB, 1 / Math.sqrt(precisionB)] },
  };
}

export const linearRegressionChecks: readonly SeededCheck[] = [40, 10].map((batchSize) =>
  defineSeededCheck({
    name: `bbb/linear-regression-batch-${batchSize}`,
    seed: 1,
    design: 'final means within 0.2 posterior sd and sds within 15% of the exact posterior (the optimiser’s noise; set from the sweep)',
    run: (seed) => {
      // Full batch, and minibatches of 10 (which checks the N/B weighting of the likelihood
      // against the KL: a wrong weight changes the posterior sds by the same factor). At 1500
      // and 400 epochs the mean of w had not converged at seed 17 of 30 (0.26 sd off, the
      // others at most 0.14); at twice the epochs seed 17 was 0.03 sd off.
      const { x, y, sigma, exact } = linearRegression();
      const fit = bayesByBackprop({ network: sequential([dense(1, 1)]), x, y, epochs: batchSize === 40 ? 3000 : 800, batchSize, learningRate: 0.02, seed, noise: { kind: 'fixed', sigma }, initialScale: 0.1 });
      const { mean, scale } = fit.posterior;
      const found = { w: [mean['weight1']!.data[0]!, scale['weight1']!.data[0]!], b: [mean['bias1']!.data[0]!, scale['bias1']!.data[0]!] };
      const parts: Record<string, CheckOutcome> = {};
      for (const name of ['w', 'b'] as const) {
        const [exactMean, exactSd] = exact[name];
        parts[`${name}Mean`] = boundOutcome('errorInSds', Math.abs(found[name][0]! - exactMean) / exactSd, '<', 0.2);
        parts[`${name}Sd`] = boundOutcome('relativeError', Math.abs(found[name][1]! / exactSd - 1), '<', 0.15);
      }
      return combineOutcomes(parts);
    },
  }),
);

export const bnnRegression = defineSeededCheck({
  name: 'bbb/bnn-regression',
  seed: 1,
  design: 'RMSE of the predictive mean ≤ 0.225 (1.5 noise sd), learned noise in (0.12, 0.3), the 90% band holds ≥ 90 of 100 points, the loss falls',
  run: (seed) => {
    const { x, y, hidden } = loadBnnRegression();
    const fit = bayesByBackprop({ network: sequential([dense(1, hidden), tanhLayer(), dense(hidden, 1)]), x, y, epochs: 1000, batchSize: 100, learningRate: 0.01, finalLearningRate: 0.0001, seed });
    const prediction = fit.predict(x, { rng: makeRng(seed, 1), draws: 500 });
    const N = y.size;
    let squares = 0;
    let inside = 0;
    for (let n = 0; n < N; n++) {
      squares += (prediction.mean.data[n]! - y.data[n]!) ** 2;
      if (y.data[n]! >= prediction.lower.data[n]! && y.data[n]! <= prediction.upper.data[n]!) inside++;
    }
    const noise = fit.posterior.noise;
    const average = (from: number, to: number): number => fit.lossTrace.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    return combineOutcomes({
      rmse: boundOutcome('value', Math.sqrt(squares / N), '<=', 0.225),
      // q(σ) sits above the true 0.15: the mean-field fit prunes hidden units and leaves some
      // of the signal to the noise (Stan's mean-field ADVI gives 0.31 on these data).
      noiseLow: boundOutcome('sigma', noise.kind === 'learned' ? Math.exp(noise.logMean) : NaN, '>', 0.12),
      noiseHigh: boundOutcome('sigma', noise.kind === 'learned' ? Math.exp(noise.logMean) : NaN, '<', 0.3),
      // The 90% band holds at least 90% of the data (mean-field errs on the wide side here).
      band: boundOutcome('inside', inside, '>=', 90),
      loss: boundOutcome('lateMinusEarly', average(900, 1000) - average(0, 100), '<', 0),
    });
  },
});

export const bbbChecks = [klNormalCheck, klLogNormalCheck, ...linearRegressionChecks, bnnRegression];
