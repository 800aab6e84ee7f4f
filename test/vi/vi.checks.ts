import { model as correlated2d } from '../../examples/bench/correlated_2d.js';
import { makeRng } from '../../src/random/rng.js';
import { columnDraws } from '../../src/samplers/run/fit.js';
import { advi, bbvi } from '../../src/vi/advi.js';
import { familyFor } from '../../src/vi/families.js';
import type { Approximation, FamilyKind } from '../../src/vi/family.js';
import { gradientVariance } from '../../src/vi/gradient-variance.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, type Estimate, type SeededCheck, zTests } from '../helpers/seeded-check.js';
import { diagonalGaussian, logisticRegressionModel, logisticRegressionReference } from './support.js';

// The statistical checks of the VI tests, as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md). An ADVI result has no
// closed-form standard error (its noise is that of a stochastic optimiser), so its bounds
// are set from the sweep: the largest error over the swept seeds, with room to spare,
// recorded as each check's figures.

/**
 * Accuracy runs use a fixed number of iterations (tolRelObj tiny) and average the last half
 * of the iterates (averageIterations): the last iterate of ADVI fluctuates around the
 * optimum by much more than the tolerances below (see iterate-average.ts).
 */
const accurate = { gradSamples: 4, maxIterations: 2000, averageIterations: 1000, tolRelObj: 1e-12 } as const;

/** The largest |error| of a list, and a failure when it reaches `bound`. */
function worstError(label: string, errors: readonly (readonly [string, number])[], bound: number): CheckOutcome {
  const [worstName, worst] = errors.reduce((a, b) => (Math.abs(b[1]) > Math.abs(a[1]) ? b : a));
  return { failures: Math.abs(worst) < bound ? [] : [`${label}: ${worstName} is off by ${worst}, bound ${bound}`], figures: { [label]: Math.abs(worst) } };
}

export const adviMeanfieldGaussian = defineSeededCheck({
  name: 'vi/advi-meanfield-gaussian',
  seed: 1,
  design: 'means within 0.05 sd and sds within 5% of a 4-d diagonal Gaussian',
  run: (seed) => {
    const means = [1, -2, 3, 0];
    const scales = [0.5, 1, 2, 3];
    const { approximation } = advi(diagonalGaussian(means, scales), { seed, ...accurate });
    return combineOutcomes({
      means: worstError('meanErrorInSds', means.map((mean, i) => [`mean[${i + 1}]`, (approximation.mean[i]! - mean) / scales[i]!] as const), 0.05),
      sds: worstError('sdRelativeError', scales.map((scale, i) => [`sd[${i + 1}]`, approximation.sd[i]! / scale - 1] as const), 0.05),
    });
  },
});

export const adviAdam = defineSeededCheck({
  name: 'vi/advi-adam',
  seed: 2,
  design: 'Adam steps (eta 0.05): means within 0.1 sd, sds within 10% of a 2-d diagonal Gaussian',
  run: (seed) => {
    const { approximation } = advi(diagonalGaussian([1, -1], [0.5, 2]), { seed, optimizer: 'adam', eta: 0.05, ...accurate });
    return combineOutcomes({
      means: worstError('meanErrorInSds', [['mean[1]', (approximation.mean[0]! - 1) / 0.5], ['mean[2]', (approximation.mean[1]! + 1) / 2]], 0.1),
      sds: worstError('sdRelativeError', [['sd[1]', approximation.sd[0]! / 0.5 - 1], ['sd[2]', approximation.sd[1]! / 2 - 1]], 0.1),
    });
  },
});

const correlated = correlated2d.compile({ rho: 0.99 });

export const adviFullRankCorrelated = defineSeededCheck({
  name: 'vi/advi-fullrank-correlated',
  seed: 1,
  design: 'full-rank on correlated_2d (rho 0.99): correlation within 0.02, sds within 10%, the draws’ correlation > 0.98',
  run: (seed) => {
    const result = advi(correlated, { seed, algorithm: 'fullrank', eta: 1, ...accurate });
    const approximation = result.approximation;
    if (approximation.kind !== 'fullrank') return { failures: ['expected a full-rank approximation'], figures: {} };
    const [l11, , l21] = approximation.cholesky;
    const correlation = (l11! * l21!) / (approximation.sd[0]! * approximation.sd[1]!);
    const x1 = columnDraws(result.fit, 'x[1]')[0]!;
    const x2 = columnDraws(result.fit, 'x[2]')[0]!;
    return combineOutcomes({
      correlation: worstError('correlationError', [['correlation', correlation - 0.99]], 0.02),
      sds: worstError('sdRelativeError', Array.from(approximation.sd, (sd, i) => [`sd[${i + 1}]`, sd - 1] as const), 0.1),
      draws: boundOutcome('drawCorrelation', pearson(x1, x2), '>', 0.98),
    });
  },
});

export const adviMeanfieldCorrelated = defineSeededCheck({
  name: 'vi/advi-meanfield-correlated',
  seed: 1,
  design: 'mean-field on correlated_2d finds sds sqrt(1 − rho²) = 0.14 (within 10%), not 1',
  run: (seed) => {
    const { approximation } = advi(correlated, { seed, eta: 1, ...accurate });
    return worstError('sdRelativeError', Array.from(approximation.sd, (sd, i) => [`sd[${i + 1}]`, sd / Math.sqrt(1 - 0.99 ** 2) - 1] as const), 0.1);
  },
});

export const adviLogisticRegression = defineSeededCheck({
  name: 'vi/advi-logistic-regression',
  seed: 1,
  design: 'with the defaults (iterate averaging): converged, every mean-field mean within 0.1 posterior sd of NUTS (fixture; the mean-field optimum itself is up to 0.033 sd away)',
  run: (seed) => {
    const reference = logisticRegressionReference();
    const result = advi(logisticRegressionModel(), { seed, draws: 100 });
    return combineOutcomes({
      converged: boundOutcome('converged', result.converged ? 1 : 0, '>=', 1),
      means: worstError('meanErrorInSds', reference.names.map((name, i) => [name, (result.approximation.mean[i]! - reference.mean[i]!) / reference.sd[i]!] as const), 0.1),
    });
  },
});

export const adviLogisticConverges = defineSeededCheck({
  name: 'vi/advi-logistic-regression-converges',
  seed: 1,
  design: "Stan's rule (averageIterations 0): the relative ELBO test stops within 1000 iterations; more gradient evaluations than iterations",
  run: (seed) => {
    const result = advi(logisticRegressionModel(), { seed, draws: 100, averageIterations: 0 });
    return combineOutcomes({
      converged: boundOutcome('converged', result.converged ? 1 : 0, '>=', 1),
      iterations: boundOutcome('iterations', result.iterations, '<=', 1000),
      gradients: boundOutcome('gradientsPerIteration', result.gradientEvaluations / result.iterations, '>', 1),
    });
  },
});

export const bbviGaussian = defineSeededCheck({
  name: 'vi/bbvi-gaussian',
  seed: 1,
  design: 'score-function BBVI on a 2-d Gaussian: means within 0.05 and 0.1 (sd 1 and 2), sds within 5%',
  run: (seed) => {
    // A model whose gradient is wrong: BBVI must not use it.
    const model = diagonalGaussian([1, -1], [1, 2], -20);
    const valuesOnly = { ...model, logDensityAndGradient: (theta: Float64Array) => ({ logDensity: model.logDensity(theta), gradient: new Float64Array(2).fill(NaN) }) };
    const result = bbvi(valuesOnly, { seed, maxIterations: 2000, averageIterations: 1000, tolRelObj: 1e-12, draws: 10 });
    const { mean, sd } = result.approximation;
    return combineOutcomes({
      gradients: boundOutcome('gradientEvaluations', result.gradientEvaluations, '<=', 0),
      mean1: worstError('mean1Error', [['mean[1]', mean[0]! - 1]], 0.05),
      mean2: worstError('mean2Error', [['mean[2]', mean[1]! + 1]], 0.1),
      sds: worstError('sdRelativeError', [['sd[1]', sd[0]! - 1], ['sd[2]', sd[1]! / 2 - 1]], 0.05),
    });
  },
});

const scales = Array.from({ length: 10 }, (_, i) => 0.5 + 0.25 * i);
const means = scales.map((_, i) => i - 4.5);
const target = diagonalGaussian(means, scales, 0);
/** ADVI's starting point: mean 0, unit sds. */
const start: Approximation = { kind: 'meanfield', mean: new Float64Array(10), sd: new Float64Array(10).fill(1) };

/**
 * The exact ELBO gradient of a mean-field Gaussian q against the Gaussian target:
 * ∂/∂mu_i = −(mu_i − m_i) / s_i², ∂/∂omega_i = 1 − sd_i² / s_i².
 */
function exactGradient(at: Approximation): number[] {
  return [...scales.map((s, i) => -(at.mean[i]! - means[i]!) / (s * s)), ...scales.map((s, i) => 1 - (at.sd[i]! / s) ** 2)];
}

export const gradientEstimators = defineSeededCheck({
  name: 'vi/elbo-gradient-estimators',
  seed: 1,
  design: 'reparameterisation and score-function averages over 400 replicates = the exact gradient (40 comparisons): |z| ≤ Bonferroni(1e-4); score variance > 20 × reparameterisation',
  run: (seed) => {
    const replicates = 400;
    const reparam = gradientVariance(target, { estimator: 'reparam', draws: 10, at: start, replicates, seed });
    const score = gradientVariance(target, { estimator: 'score', draws: 10, at: start, replicates, seed: seed + 1 });
    const exact = exactGradient(start);
    const estimates: Estimate[] = [reparam, score].flatMap((estimate, k) =>
      estimate.parameterNames.map((name, i) => ({ label: `${k === 0 ? 'reparam' : 'score'} ${name}`, estimate: estimate.mean[i]!, expected: exact[i]!, standardError: Math.sqrt(estimate.variance[i]! / replicates) })),
    );
    return combineOutcomes({ unbiased: zTests(estimates), varianceRatio: boundOutcome('ratio', score.totalVariance / reparam.totalVariance, '>', 20) });
  },
});

export const entropyChecks: readonly SeededCheck[] = (['meanfield', 'fullrank'] as FamilyKind[]).map((kind) =>
  defineSeededCheck({
    name: `vi/entropy-${kind}`,
    seed: 2,
    design: 'entropy = −E[log q] by Monte Carlo over 20 000 draws: |z| ≤ Bonferroni(1e-4)',
    run: (seed) => {
      const family = familyFor(kind, 3);
      const lambda = Float64Array.from({ length: family.size }, (_, i) => (i < family.dim ? 0.3 * (i - 1) : family.kind === 'meanfield' ? -0.2 * i : [0.9, 0.3, -0.8, 0.1, -0.2, 0.6][i - family.dim]!));
      const rng = makeRng(seed);
      const count = 20_000;
      const values = Array.from({ length: count }, () => -family.logDensityOfStandard(lambda, Float64Array.from({ length: 3 }, () => rng.normal())));
      const mean = values.reduce((a, b) => a + b, 0) / count;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (count - 1));
      return zTests([{ label: 'entropy', estimate: mean, expected: family.entropy(lambda), standardError: sd / Math.sqrt(count) }]);
    },
  }),
);

function pearson(a: Float64Array, b: Float64Array): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

export const viChecks = [adviMeanfieldGaussian, adviAdam, adviFullRankCorrelated, adviMeanfieldCorrelated, adviLogisticRegression, adviLogisticConverges, bbviGaussian, gradientEstimators, ...entropyChecks];
