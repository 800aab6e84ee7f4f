import { makeRng } from '../../src/random/rng.js';
import { denseMetric, diagMetric, identityMetric } from '../../src/samplers/metric.js';
import { buildNutsKernel } from '../../src/samplers/nuts.js';
import { boundOutcome, combineOutcomes, defineSeededCheck, zTests } from '../helpers/seeded-check.js';
import { average, combinationVarianceEstimate, gaussianModel, independentGaussianModel, meanEstimate, momentEstimates, runChain } from './support.js';
import { funnelModel, logGammaFourthCentralMoment, logGammaMean, logGammaModel, logGammaVariance, nanRegionModel } from './targets.js';

// The statistical checks of nuts.test.ts, as functions of the seed (see
// test/helpers/seeded-check.ts); scripts/sweep-seeds.ts runs them over many seeds and
// test/fixtures/seed-sweep.md records how they fared.

export const means = [1, -2, 0, 5, 10];
export const sds = [0.1, 0.5, 1, 3, 10];
export const scaledModel = independentGaussianModel(means, sds);
/** A metric near (not equal to) the posterior variances, as warm-up would estimate it. */
export const scaledMetric = diagMetric(sds.map((sd, i) => sd * sd * [1.3, 0.8, 1.1, 0.9, 1.2][i]!));

const correlatedCovariance = [1, 0.9 * 2, 0.9 * 2, 4];
const correlatedModel = gaussianModel([0.5, -1], correlatedCovariance);

export const nutsScaledGaussian = defineSeededCheck({
  name: 'nuts/scaled-gaussian-moments',
  seed: 1,
  design: '10 moments: |z| ≤ Bonferroni(1e-4); mean accept_stat > 0.6',
  run: (seed) => {
    const run = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: scaledMetric }, makeRng(seed), means, 3000);
    return combineOutcomes({
      moments: zTests(momentEstimates(run.positions, means, sds.map((sd) => sd * sd))),
      acceptance: boundOutcome('meanAcceptStat', average(run.infos.map((info) => info.acceptStat)), '>', 0.6),
    });
  },
});

export const nutsCorrelatedDense = defineSeededCheck({
  name: 'nuts/correlated-dense-moments',
  seed: 2,
  design: '4 moments and the covariance: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const run = runChain(buildNutsKernel(), correlatedModel, { stepSize: 0.9, metric: denseMetric(correlatedCovariance) }, makeRng(seed), [0, 0], 3000);
    // The covariance through the variance of x₀ + x₁ (1 + 4 + 2·1.8): the old fixed tolerance
    // of 0.15 on the mean of (x₀ − 0.5)(x₁ + 1) was about 2.3 MCSE and failed at 2.5-3% of seeds.
    return zTests([...momentEstimates(run.positions, [0.5, -1], [1, 4]), combinationVarianceEstimate(run.positions, [1, 1], -0.5, 1 + 4 + 2 * 1.8)]);
  },
});

export const nutsCorrelatedIdentity = defineSeededCheck({
  name: 'nuts/correlated-identity-moments',
  seed: 3,
  design: '4 moments: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const model = gaussianModel([0, 0], [1, 0.9, 0.9, 1]);
    const run = runChain(buildNutsKernel(), model, { stepSize: 0.15, metric: identityMetric(2) }, makeRng(seed), [0, 0], 2000);
    return zTests(momentEstimates(run.positions, [0, 0], [1, 1]));
  },
});

export const nutsSkewed = defineSeededCheck({
  name: 'nuts/skewed-moments',
  seed: 10,
  design: '2 moments: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const run = runChain(buildNutsKernel(), logGammaModel, { stepSize: 1, metric: identityMetric(1) }, makeRng(seed), [0], 20000);
    return zTests(momentEstimates(run.positions, [logGammaMean], [logGammaVariance], [logGammaFourthCentralMoment]));
  },
});

export const nutsUturn = defineSeededCheck({
  name: 'nuts/u-turn-steps',
  seed: 5,
  design: 'mean steps < 4 and depth ≤ 3 (without the cross-subtree checks: ~80 steps, depth 8)',
  run: (seed) => {
    // Without the checks across subtree boundaries this step size makes NUTS miss the
    // U-turn and double to the depth limit (about 80 steps per transition instead of 2.5).
    const model = independentGaussianModel([0, 0, 0, 0, 0], [1, 1, 1, 1, 1]);
    const run = runChain(buildNutsKernel({ maxTreeDepth: 8 }), model, { stepSize: 1.5, metric: identityMetric(5) }, makeRng(seed), [0, 0, 0, 0, 0], 200);
    return combineOutcomes({
      steps: boundOutcome('meanSteps', average(run.infos.map((info) => info.numSteps)), '<', 4),
      depth: boundOutcome('maxDepth', Math.max(...run.infos.map((info) => info.treeDepth)), '<=', 3),
    });
  },
});

export const nutsKineticEnergy = defineSeededCheck({
  name: 'nuts/kinetic-energy-of-sampled-point',
  seed: 6,
  design: 'mean of energy + log density = dim/2: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    // energy − (−log density of the sampled position) is the kinetic energy of the sampled
    // momentum; NUTS keeps (position, momentum) distributed as exp(−H), under which
    // p'M⁻¹p/2 is χ²_d / 2: mean and variance d/2 = 2.5.
    const run = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: scaledMetric }, makeRng(seed), means, 1000);
    const kinetic = Float64Array.from(run.infos, (info, t) => info.energy + scaledModel.logDensity(run.positions[t]!));
    return combineOutcomes({
      kinetic: zTests([meanEstimate('mean kinetic energy', kinetic, 2.5, 2.5)]),
      nonNegative: boundOutcome('minKinetic', Math.min(...kinetic), '>=', 0),
    });
  },
});

export const nutsNanRegion = defineSeededCheck({
  name: 'nuts/nan-region-non-finite',
  seed: 7,
  design: 'non-finite log densities ≥ 10 of 500, none counted as a divergence (a Gaussian at step 0.5 never diverges)',
  run: (seed) => {
    const run = runChain(buildNutsKernel(), nanRegionModel, { stepSize: 0.5, metric: identityMetric(2) }, makeRng(seed), [0, 0], 500);
    return combineOutcomes({
      count: boundOutcome('nonFinite', run.infos.filter((info) => info.isNonFinite).length, '>=', 10),
      divergences: boundOutcome('divergent', run.infos.filter((info) => info.isDivergent).length, '<=', 0),
    });
  },
});

export const nutsFunnel = defineSeededCheck({
  name: 'nuts/funnel-divergences',
  seed: 8,
  design: 'divergences ≥ 10 of 2000; over 1000 seeds the fewest were 26 (1% quantile 31)',
  run: (seed) => {
    // The count is a rare-event count with a long right tail: over 500 transitions it ranged
    // from 1 to 222 (the old bound, more than 5, failed at 9 of 200 seeds). Over 2000 the
    // neck is visited several times and the count concentrates.
    const run = runChain(buildNutsKernel(), funnelModel(5), { stepSize: 0.8, metric: identityMetric(5) }, makeRng(seed), [0, 1, 1, 1, 1], 2000);
    return boundOutcome('divergences', run.infos.filter((info) => info.isDivergent).length, '>=', 10);
  },
});

export const nutsChecks = [
  nutsScaledGaussian,
  nutsCorrelatedDense,
  nutsCorrelatedIdentity,
  nutsSkewed,
  nutsUturn,
  nutsKineticEnergy,
  nutsNanRegion,
  nutsFunnel,
];
