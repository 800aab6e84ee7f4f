import { densityModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import type { ChainState } from '../../src/samplers/kernel.js';
import { cholesky } from '../../src/samplers/linalg.js';
import { buildMetropolisKernel } from '../../src/samplers/metropolis.js';
import { metropolisAdaptationFinal, metropolisAdaptationInit, metropolisAdaptationUpdate } from '../../src/samplers/metropolis-adaptation.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, zTests } from '../helpers/seeded-check.js';
import { average, gaussianModel, meanEstimate, momentEstimates, runChain } from './support.js';

// The statistical checks of metropolis.test.ts and metropolis-adaptation.test.ts, as
// functions of the seed (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md).

/** sd 0.1 and 5, correlation 0.9: badly scaled and correlated. */
export const correlatedCovariance = [0.01, 0.9 * 0.1 * 5, 0.9 * 0.1 * 5, 25];
export const correlatedMean = [1, -3];
export const correlatedModel = gaussianModel(correlatedMean, correlatedCovariance);

export const metropolisCorrelated = defineSeededCheck({
  name: 'metropolis/correlated-moments',
  seed: 3,
  design: '4 moments: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const kernel = buildMetropolisKernel();
    const parameters = { proposalScale: 2.38 / Math.SQRT2, proposalCholesky: cholesky(Float64Array.from(correlatedCovariance)) };
    const run = runChain(kernel, correlatedModel, parameters, makeRng(seed), correlatedMean, 20000);
    return zTests(momentEstimates(run.positions, correlatedMean, [0.01, 25]));
  },
});

export const metropolisAdapted = defineSeededCheck({
  name: 'metropolis/adapted-acceptance-and-moments',
  seed: 5,
  design: 'acceptance within 0.07 of 0.234 after 3000 adaptive steps (over 300 seeds its error had rms 0.017, extremes ±0.052); 4 moments: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const kernel = buildMetropolisKernel();
    const rng = makeRng(seed);
    let state = kernel.init(correlatedModel, Float64Array.of(0, 0));
    let adaptation = metropolisAdaptationInit(2);
    for (let i = 0; i < 3000; i++) {
      const [next, info] = kernel.step(rng, correlatedModel, state, adaptation.parameters);
      state = next;
      adaptation = metropolisAdaptationUpdate(adaptation, state.position, info.acceptStat);
    }
    const parameters = metropolisAdaptationFinal(adaptation);
    const run = runChain(kernel, correlatedModel, parameters, rng, Array.from(state.position), 10000);
    return combineOutcomes({
      // The realised acceptance varies with the adapted scale: the old bound of 0.05 (3 rms)
      // failed at 1 of 100 seeds. 0.07 is 4 rms; a scale left unadapted accepts under 0.1.
      acceptance: boundOutcome('acceptanceError', Math.abs(average(run.infos.map((info) => info.acceptStat)) - 0.234), '<', 0.07),
      shape: boundOutcome('adaptedShape', parameters.proposalCholesky === undefined ? 0 : 1, '>=', 1),
      moments: zTests(momentEstimates(run.positions, correlatedMean, [0.01, 25])),
    });
  },
});

const dim = 100;
const spreadSds = Array.from({ length: dim }, (_, i) => 0.1 * 100 ** (i / (dim - 1)));

export const metropolisAdaptive100d = defineSeededCheck({
  name: 'metropolis/adaptive-100d',
  seed: 1,
  design: 'geometric mean of variance ratios in (0.7, 1.25), ≥ 75 of 100 within 1.5, none beyond 8; acceptance in (0.12, 0.35); mean of the 100 squared z’s of the means < 2, each |z| < 8',
  run: (seed) => {
    const numWarmup = 20000;
    const numDraws = 10000;
    const model = densityModel({
      dim,
      logDensityAndGradient: () => {
        throw new Error('metropolis needs no gradient');
      },
      logDensity: (x) => {
        let sum = 0;
        for (let i = 0; i < dim; i++) sum -= (0.5 * x[i]! * x[i]!) / (spreadSds[i]! * spreadSds[i]!);
        return sum;
      },
    });
    const kernel = buildMetropolisKernel();
    const rng = makeRng(seed);
    // The small-scale coordinates start ~10 sd out: a transient the windows must discard.
    let state: ChainState = kernel.init(model, Float64Array.from(spreadSds, () => rng.normal()));
    let adaptation = metropolisAdaptationInit(dim);
    for (let t = 0; t < numWarmup; t++) {
      const [next, info] = kernel.step(rng, model, state, adaptation.parameters);
      state = next;
      adaptation = metropolisAdaptationUpdate(adaptation, state.position, info.acceptStat, { numWarmup });
    }
    const parameters = metropolisAdaptationFinal(adaptation);
    // Variance ratios adapted / true (diagonal of L L'). The last window holds ~12 000 draws,
    // about 0.3 * 12 000 / 100 = 36 effective ones, so each variance is only known to about
    // ±25%, and a random walk's path under-spreads the slowest coordinates: over 100 seeds
    // the geometric mean of the ratios ranged over 0.82..0.93, the worst single ratio
    // reached 1/6.2 and the count within a factor 1.5 fell to 86 (the old bounds 0.8,
    // 5 and 80 failed at 2 of 100 seeds, the acceptance band at 1).
    const lower = parameters.proposalCholesky!;
    const logRatios = spreadSds.map((sd, i) => {
      let variance = 0;
      for (let k = 0; k <= i; k++) variance += lower[i * dim + k]! ** 2;
      return Math.log(variance / (sd * sd));
    });
    const geometricMean = Math.exp(logRatios.reduce((sum, value) => sum + value, 0) / dim);
    const draws = spreadSds.map(() => new Float64Array(numDraws));
    let acceptance = 0;
    for (let t = 0; t < numDraws; t++) {
      const [next, info] = kernel.step(rng, model, state, parameters);
      state = next;
      acceptance += info.acceptStat / numDraws;
      for (let i = 0; i < dim; i++) draws[i]![t] = state.position[i]!;
    }
    // About 30 effective draws per coordinate: each mean's standard error rests on a noisy
    // ESS, so single z's have heavy tails (family p-value < 0.01 at 8 of 100 seeds). The mean
    // of the 100 squared z's (about 1 when the means are right; 1 + c² under a bias of c
    // standard errors in every coordinate) is the robust test; |z| < 8 catches a gross error.
    const zs = draws.map((values, i) => {
      const estimate = meanEstimate(`mean[${i}]`, values, 0, spreadSds[i]! ** 2);
      return (estimate.estimate - estimate.expected) / estimate.standardError;
    });
    const within = (label: string, value: number, low: number, high: number): CheckOutcome => ({
      failures: value > low && value < high ? [] : [`${label} is ${value}, but must be in (${low}, ${high})`],
      figures: { [label]: value },
    });
    return combineOutcomes({
      variances: combineOutcomes({
        geometricMean: within('ratio', geometricMean, 0.7, 1.25),
        within15: boundOutcome('count', logRatios.filter((r) => Math.abs(r) < Math.log(1.5)).length, '>=', 75),
        worst: boundOutcome('logRatio', Math.max(...logRatios.map(Math.abs)), '<', Math.log(8)),
      }),
      acceptance: within('rate', acceptance, 0.12, 0.35),
      means: combineOutcomes({
        meanSquaredZ: boundOutcome('value', zs.reduce((sum, z) => sum + z * z, 0) / dim, '<', 2),
        worstZ: boundOutcome('value', Math.max(...zs.map(Math.abs)), '<', 8),
      }),
    });
  },
});

export const metropolisChecks = [metropolisCorrelated, metropolisAdapted, metropolisAdaptive100d];
