import { ebfmi, essBasic, essBulk, essMean, essSd, essTail, mcseMean, mcseQuantile, mcseSd, rhat, rhatBasic, rhatBulk, rhatTail } from '../../../src/samplers/diagnostics/index.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck } from '../../helpers/seeded-check.js';
import { autoregressiveChains, iidNormalChains } from './simulated-chains.js';

// The statistical checks of the diagnostics tests (ess, rhat, mcse, ebfmi) on simulated
// chains, as functions of the seed (test/helpers/seeded-check.ts,
// test/fixtures/seed-sweep.md). Each bound is a band around the value theory gives, wide
// enough for the sweep's extremes over 1000 seeds (their figures are on record there).

/** `value` within [low, high]: one outcome named `label` with the value as its figure. */
function within(label: string, value: number, low: number, high: number): CheckOutcome {
  const holds = value > low && value < high;
  return { failures: holds ? [] : [`${label} is ${value}, but must be in (${low}, ${high})`], figures: { [label]: value } };
}

export const essIid = defineSeededCheck({
  name: 'diagnostics/ess-iid',
  seed: 11,
  design: 'ESS / S in (0.85, 1.15) for basic, bulk, mean, tail and sd ESS of 4 × 4000 iid draws (sd of the ratio about 0.022)',
  run: (seed) => {
    // At 4 × 1000 draws the ratio has sd 0.043 and a long lower tail: the old band
    // (0.8, 1.2) failed at 4 of 1000 seeds (lowest 0.786, −4.4 sd).
    const iid = iidNormalChains(seed, 4, 4000);
    const ratios = { basic: essBasic(iid), bulk: essBulk(iid), mean: essMean(iid), tail: essTail(iid), sd: essSd(iid) };
    return combineOutcomes(Object.fromEntries(Object.entries(ratios).map(([name, ess]) => [name, within('ratio', ess / 16000, 0.85, 1.15)])));
  },
});

export const essAutoregressive = defineSeededCheck({
  name: 'diagnostics/ess-ar1',
  seed: 12,
  design: 'ESS of AR(1), φ = 0.9, 4 × 8000 draws, over S(1 − φ)/(1 + φ) in (0.7, 1.3) (sd of the ratio about 0.06)',
  // At 4 × 2000 draws the ratio had sd 0.12: the old band (0.6, 1.6) failed at 2 of 1000 seeds.
  run: (seed) => within('ratio', essBasic(autoregressiveChains(seed, 4, 8000, 0.9)) / ((32000 * 0.1) / 1.9), 0.7, 1.3),
});

export const essAntithetic = defineSeededCheck({
  name: 'diagnostics/ess-antithetic',
  seed: 14,
  design: 'ESS of AR(1), φ = −0.5 (τ = 1/3), 4 × 2000 draws, in (2S, S log10 S]',
  run: (seed) => {
    const ess = essBasic(autoregressiveChains(seed, 4, 2000, -0.5));
    return combineOutcomes({ low: boundOutcome('ratio', ess / 8000, '>', 2), high: boundOutcome('ratio', ess / 8000, '<=', Math.log10(8000)) });
  },
});

export const rhatProperties = defineSeededCheck({
  name: 'diagnostics/rhat-properties',
  seed: 21,
  design: 'iid: every R-hat in (0.99, 1.01); a chain shifted 2 sd: > 1.2; one 4 times wider: bulk < 1.01, tail > 1.1; a trend: split > 1.1, unsplit < 1.01; Cauchy ratios: < 1.01',
  run: (seed) => {
    const iid = iidNormalChains(seed, 4, 1000);
    const shifted = iid.map((chain, index) => (index === 3 ? chain.map((value) => value + 2) : chain));
    const wide = iid.map((chain, index) => (index === 0 ? chain.map((value) => 4 * value) : chain));
    const trending = iid.map((chain) => chain.map((value, draw) => value + (4 * draw) / chain.length));
    const cauchy = iid.map((chain, index) => {
      const other = iid[(index + 1) % iid.length]!;
      return chain.map((value, draw) => value / other[draw]!);
    });
    const iidValues = [rhat(iid), rhatBasic(iid), rhatBulk(iid), rhatTail(iid)];
    return combineOutcomes({
      // Split R-hat² ≈ 1 + var(split-chain means) / W = 1 + 0.86 for this shift.
      iid: within('worstDeviation', Math.max(...iidValues.map((value) => Math.abs(value - 1))), -1, 0.01),
      shifted: boundOutcome('min', Math.min(rhat(shifted), rhatBasic(shifted)), '>', 1.2),
      wideBulk: boundOutcome('value', rhatBulk(wide), '<', 1.01),
      wideTail: boundOutcome('value', rhatTail(wide), '>', 1.1),
      trendSplit: boundOutcome('value', rhatBasic(trending), '>', 1.1),
      trendUnsplit: boundOutcome('value', rhatBasic(trending, { split: false }), '<', 1.01),
      cauchy: boundOutcome('value', rhat(cauchy), '<', 1.01),
    });
  },
});

export const mcseProperties = defineSeededCheck({
  name: 'diagnostics/mcse-properties',
  seed: 31,
  design: 'iid N(0, 1), 4 × 1000: MCSE of mean and sd within 15% of 1/√S and 1/√(2S); 4 × 4000: of the median within 35% of √(π/2S); AR(1) φ = 0.9: MCSE of the mean > 2.5 times, of the 5% quantile > 1.5 times the iid ones',
  run: (seed) => {
    const iid = iidNormalChains(seed, 4, 1000);
    // A quantile's MCSE is half the distance between two order statistics: at 4 × 1000 draws
    // its ratio to the truth has sd 0.125, and the old band (0.7, 1.3) failed at 18 of 1000
    // seeds. At 4 × 4000 the sd is about 0.09.
    const long = iidNormalChains(seed + 1, 4, 4000);
    const correlated = autoregressiveChains(seed + 2, 4, 4000, 0.9);
    return combineOutcomes({
      mean: within('ratio', mcseMean(iid) * Math.sqrt(4000), 0.85, 1.15),
      sd: within('ratio', mcseSd(iid) * Math.sqrt(2 * 4000), 0.85, 1.15),
      median: within('ratio', mcseQuantile(long, 0.5) / Math.sqrt(Math.PI / (2 * 16000)), 0.65, 1.35),
      // ESS shrinks by about 19, the standard error grows by about sqrt(19) ≈ 4.4.
      correlated: boundOutcome('ratio', mcseMean(correlated) / mcseMean(long), '>', 2.5),
      correlatedQuantile: boundOutcome('ratio', mcseQuantile(correlated, 0.05) / mcseQuantile(long, 0.05), '>', 1.5),
    });
  },
});

export const ebfmiProperties = defineSeededCheck({
  name: 'diagnostics/ebfmi-properties',
  seed: 51,
  design: 'independent energies (4000): E-BFMI in (1.8, 2.2); AR(1) φ = 0.99 (4000): < 0.1',
  run: (seed) => {
    // Independent draws: E[(E_n − E_{n−1})²] = 2 Var(E). AR(1) with φ = 0.99:
    // E[(ΔE)²] = 2 (1 − φ) Var(E) = 0.02 Var(E). Over 1000 draws the first had sd 0.064 and
    // the band (1.8, 2.2) failed at 4 of 1000 seeds; over 4000 its sd is 0.032.
    const [independent] = iidNormalChains(seed, 1, 4000);
    const [sticky] = autoregressiveChains(seed + 1, 1, 4000, 0.99);
    return combineOutcomes({ independent: within('value', ebfmi(independent!), 1.8, 2.2), sticky: boundOutcome('value', ebfmi(sticky!), '<', 0.1) });
  },
});

export const diagnosticsChecks = [essIid, essAutoregressive, essAntithetic, rhatProperties, mcseProperties, ebfmiProperties];
