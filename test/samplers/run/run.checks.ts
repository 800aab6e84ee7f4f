import { type CompiledModel } from '../../../src/models/model.js';
import { poolChains } from '../../../src/samplers/diagnostics/chains.js';
import { ebfmi } from '../../../src/samplers/diagnostics/ebfmi.js';
import { mcseMean, mcseSd } from '../../../src/samplers/diagnostics/mcse.js';
import { meanOf, varianceOf } from '../../../src/samplers/diagnostics/moments.js';
import { rhat } from '../../../src/samplers/diagnostics/rhat.js';
import { compareSamplers } from '../../../src/samplers/run/compare.js';
import { divergenceLocations } from '../../../src/samplers/run/divergence-location.js';
import { columnDraws, type Fit } from '../../../src/samplers/run/fit.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { summary } from '../../../src/samplers/run/summary.js';
import { funnelModel } from '../../fixtures/models/funnel-model.js';
import { gaussianModel, spreadScales } from '../../fixtures/models/gaussian-model.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, zTests } from '../../helpers/seeded-check.js';

// The statistical checks of sample.test.ts, summary.test.ts and compare.test.ts, as
// functions of the seed (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md).

/** Each output's mean and sd against the truth in MCSE (|z| ≤ Bonferroni(1e-4) over all), R-hat < 1.01. */
export function gaussianRecovered(fit: Fit, trueMeans: readonly number[], trueSds: readonly number[], rhatBound = 1.01): CheckOutcome {
  const estimates = fit.outputNames.flatMap((name, i) => {
    const chains = columnDraws(fit, name);
    const pooled = poolChains(chains);
    return [
      { label: `${name} mean`, estimate: meanOf(pooled), expected: trueMeans[i]!, standardError: mcseMean(chains) },
      { label: `${name} sd`, estimate: Math.sqrt(varianceOf(pooled)), expected: trueSds[i]!, standardError: mcseSd(chains) },
    ];
  });
  const worstRhat = Math.max(...fit.outputNames.map((name) => rhat(columnDraws(fit, name))));
  return combineOutcomes({ moments: zTests(estimates), rhat: boundOutcome('max', worstRhat, '<', rhatBound) });
}

export const spreadMeans = spreadScales.map((_, i) => i - 4.5);

export const sampleNuts10d = defineSeededCheck({
  name: 'sample/nuts-10d-gaussian',
  seed: 1,
  design: '20 means and sds: |z| ≤ Bonferroni(1e-4); R-hat < 1.01; no divergence',
  run: (seed) => {
    const fit = sample(gaussianModel({ scales: spreadScales, means: spreadMeans }), { seed });
    return combineOutcomes({
      recovered: gaussianRecovered(fit, spreadMeans, spreadScales),
      divergences: boundOutcome('count', fit.chains.reduce((n, chain) => n + chain.divergentPositions.length, 0), '<=', 0),
    });
  },
});

const smallScales = [1, 2, 0.5];
const smallCentre = [1, -1, 0];

export const sampleHmcGaussian = defineSeededCheck({
  name: 'sample/hmc-gaussian',
  seed: 2,
  design: '6 means and sds: |z| ≤ Bonferroni(1e-4); R-hat < 1.01',
  run: (seed) => gaussianRecovered(sample(gaussianModel({ scales: smallScales, means: smallCentre }), { method: 'hmc', seed, warmup: 500, draws: 1000 }), smallCentre, smallScales),
});

export const sampleMetropolisGaussian = defineSeededCheck({
  name: 'sample/metropolis-gaussian',
  seed: 2,
  design: '6 means and sds: |z| ≤ Bonferroni(1e-4); R-hat < 1.02',
  // Random-walk draws have an ESS of about a tenth of their number, so R-hat is noisier than
  // NUTS's: over 100 seeds its largest value reached 1.0098 against 1.007 for NUTS.
  run: (seed) => gaussianRecovered(sample(gaussianModel({ scales: smallScales, means: smallCentre }), { method: 'metropolis', seed, warmup: 2000, draws: 4000 }), smallCentre, smallScales, 1.02),
});

/** x[1] + a standard normal from the generated-quantities stream: sd sqrt(1 + 1). */
export function withReplicates(base: CompiledModel): CompiledModel {
  return { ...base, outputNames: [...base.outputNames, 'y_rep'], outputs: (theta, rng) => Float64Array.of(theta[0]!, theta[1]!, theta[0]! + rng.normal()) };
}

export const generatedQuantitiesSpread = defineSeededCheck({
  name: 'sample/generated-quantity-sd',
  seed: 9,
  design: 'sd of y_rep = x[1] + N(0, 1) is sqrt(2): |z| ≤ Bonferroni(1e-4) with its MCSE',
  run: (seed) => {
    const fit = sample(withReplicates(gaussianModel({ scales: [1, 2] })), { chains: 2, warmup: 100, draws: 100, seed });
    const chains = columnDraws(fit, 'y_rep');
    // The old bound, sd > 1.2, was 2 to 3 standard errors below sqrt(2) for these 200 draws.
    return zTests([{ label: 'sd of y_rep', estimate: Math.sqrt(varianceOf(poolChains(chains))), expected: Math.SQRT2, standardError: mcseSd(chains) }]);
  },
});

export const summaryGaussianClean = defineSeededCheck({
  name: 'summary/gaussian-no-warnings',
  seed: 1,
  // With 4 × 500 draws R-hat of lp__ (bulk ESS ~900) passed 1.01 at about 1% of seeds, with
  // the recursive NUTS as with the iterative one (5 and 10 of seeds 1-600); 4 × 1500 draws
  // shrink R-hat − 1 threefold.
  design: 'no warning on a 2-d Gaussian (4 × 1500 draws)',
  run: (seed) => {
    const { warnings } = summary(sample(gaussianModel({ scales: [1, 2] }), { seed, warmup: 500, draws: 1500 }));
    return { failures: warnings.map((warning) => `${warning.kind}: ${warning.message}`), figures: { warnings: warnings.length } };
  },
});

/** NUTS on a 3-d funnel (v and two x's), 4 × 1000 draws: the neck defeats the adapted step size. */
export function funnelFit(seed: number): Fit {
  // In 10 dimensions (the old test: 4 × 500 draws) divergences are rare and their place is
  // luck: none at 4 of 40 seeds, v not named at 18 of 100; at adaptDelta 0.6 the larger step
  // diverges everywhere and v was not the most shifted coordinate at 43 of 100. In 3
  // dimensions at the default 0.8, 30 of 30 seeds had 65 or more divergences with v
  // 0.6 sd or more below its average at them.
  return sample(funnelModel({ dim: 3 }), { seed, warmup: 500, draws: 1000 });
}

/** The divergence warning of a funnel fit: present, and placed at small v. */
export function funnelWarningOutcome(fit: Fit): CheckOutcome {
  const { warnings } = summary(fit);
  const divergences = warnings.find((warning) => warning.kind === 'divergences');
  const [top] = divergenceLocations(fit);
  const namesV = divergences?.quantities?.[0] === 'v' && /v \(\d\.\d sd lower than average\)/.test(divergences.message);
  const shows = top !== undefined && Math.abs(top.standardizedShift) >= 0.5;
  const failures = [
    // The neck of the funnel: divergences sit at small values of the log scale v.
    ...(top?.name === 'v' && top.standardizedShift < 0 ? [] : [`the most shifted coordinate at the divergences is ${top?.name} (${top?.standardizedShift}), not v downwards`]),
    ...(namesV === shows ? [] : [`the warning ${namesV ? 'names' : 'does not name'} v, but its shift is ${top?.standardizedShift} sd: ${divergences?.message}`]),
  ];
  return combineOutcomes({
    count: boundOutcome('divergences', divergences?.count ?? 0, '>=', 1),
    shift: { failures, figures: { vShift: top?.name === 'v' ? top.standardizedShift : NaN } },
  });
}

export const summaryFunnelWarnings = defineSeededCheck({
  name: 'summary/funnel-divergence-warning',
  seed: 1,
  design: '3-d funnel, 4 × 1000 draws: divergences ≥ 1; v the coordinate most shifted at them, downwards; the warning names v exactly when that shift reaches 0.5 sd',
  run: (seed) => funnelWarningOutcome(funnelFit(seed)),
});

export const summaryTreeDepth = defineSeededCheck({
  name: 'summary/tree-depth-warning',
  seed: 3,
  design: 'fraction of transitions at the maximum depth > 0.2 (NUTS needs ~1000 steps, depth 3 allows 7)',
  run: (seed) => {
    // Scales 1e-3 and 1 with warm-up too short to adapt the metric: NUTS needs ~1000 steps.
    const fit = sample(gaussianModel({ scales: [1e-3, 1] }), { seed, chains: 1, warmup: 10, draws: 50, maxTreeDepth: 3 });
    const depth = summary(fit).warnings.find((warning) => warning.kind === 'treedepth');
    return boundOutcome('fractionAtMaxDepth', depth?.fraction ?? 0, '>', 0.2);
  },
});

export const compareEss = defineSeededCheck({
  name: 'compare/nuts-vs-metropolis-ess',
  seed: 4,
  design: 'min bulk-ESS of NUTS > 3 × that of Metropolis on a 5-d Gaussian',
  run: (seed) => {
    const rows = compareSamplers(gaussianModel({ scales: [1, 0.3, 3, 1, 1] }), { chains: 2, warmup: 300, draws: 400, seed });
    const ess = (method: string): number => rows.find((row) => row.method === method)?.minEssBulk ?? NaN;
    // On a Gaussian, NUTS's draws are far less autocorrelated than random-walk Metropolis's.
    return boundOutcome('essRatio', ess('nuts') / ess('metropolis'), '>', 3);
  },
});

export const summaryEbfmi = defineSeededCheck({
  name: 'summary/funnel-ebfmi-warning',
  seed: 1,
  design: '10-d funnel, 4 × 500 draws: an E-BFMI warning (some chain below 0.3; over seeds 1–8 every chain was below 0.3, the largest 0.29)',
  run: (seed) => {
    // In 3 dimensions E-BFMI sits around 0.3 (0.20–1.86 per chain over 8 seeds): whether a
    // 3-d funnel run warns is luck, so the E-BFMI warning has its own, 10-d, check.
    const fit = sample(funnelModel({ dim: 10 }), { seed, warmup: 500, draws: 500 });
    const values = columnDraws(fit, 'energy__').map((energy) => ebfmi(energy));
    const warned = summary(fit).warnings.some((warning) => warning.kind === 'ebfmi');
    return combineOutcomes({
      lowest: boundOutcome('minEbfmi', Math.min(...values), '<', 0.3),
      warning: { failures: warned ? [] : [`no E-BFMI warning; E-BFMI per chain ${values.map((v) => v.toFixed(3)).join(', ')}`], figures: {} },
    });
  },
});

export const runChecks = [sampleNuts10d, sampleHmcGaussian, sampleMetropolisGaussian, generatedQuantitiesSpread, summaryGaussianClean, summaryFunnelWarnings, summaryEbfmi, summaryTreeDepth, compareEss];
