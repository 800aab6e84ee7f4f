import { checkApproximation } from '../../../src/samplers/diagnostics/approximation-check.js';
import { fitGeneralizedPareto } from '../../../src/samplers/diagnostics/generalized-pareto.js';
import { makeRng } from '../../../src/random/rng.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, zTests } from '../../helpers/seeded-check.js';

// The statistical checks of psis.test.ts and approximation-check.test.ts (Pareto-k and the
// importance-weighting check of Yao et al. 2018), as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md). They ran at seeds 1–3 or 1–5.

const logNormal = (x: number, mean: number, sd: number): number => -0.5 * ((x - mean) / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);

/**
 * x ~ q = N(mean, sd²) for the target p = N(0, 1), known up to +7: for sd < 1 the importance
 * ratios have tail index k = 1 − sd².
 */
export function gaussianDraws(seed: number, count: number, mean: number, sd: number) {
  const rng = makeRng(seed);
  const x = Float64Array.from({ length: count }, () => mean + sd * rng.normal());
  return { x, logDensity: x.map((value) => logNormal(value, 0, 1) + 7), logApproximation: x.map((value) => logNormal(value, mean, sd)) };
}

/** A property that is true or false as an outcome (figure 1 when it holds). */
function holds(label: string, condition: boolean, detail: string): CheckOutcome {
  return { failures: condition ? [] : [`${label}: ${detail}`], figures: { [label]: condition ? 1 : 0 } };
}

export const gpdShapeRecovery = defineSeededCheck({
  name: 'diagnostics/gpd-shape-recovery',
  seed: 1,
  design: 'k and σ of 4000 GPD(k = 0.7, σ = 1) draws fitted without the prior: sd (1 + k)/√n and σ√(2(1 + k)/n) (asymptotic, Hosking & Wallis 1987): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    // The old test: |k − 0.7| < 4 · 0.027 and |σ − 1| < 0.15 (5 sd) at seeds 1–3.
    const n = 4000;
    const rng = makeRng(seed);
    const x = Float64Array.from({ length: n }, () => (rng.uniform() ** -0.7 - 1) / 0.7).sort();
    const fit = fitGeneralizedPareto(x, { weaklyInformativePrior: false });
    return zTests([
      { label: 'k', estimate: fit.k, expected: 0.7, standardError: 1.7 / Math.sqrt(n) },
      { label: 'sigma', estimate: fit.sigma, expected: 1, standardError: Math.sqrt((2 * 1.7) / n) },
    ]);
  },
});

export const approximationReliable = defineSeededCheck({
  name: 'diagnostics/approximation-check-wide-reliable',
  seed: 1,
  design: 'q = N(0, 1.2²) for p = N(0, 1), 1000 draws: verdict reliable, no mean flagged as shifted, PSIS ESS > 800 (expected S / E_q[w²] ≈ 950)',
  run: (seed) => {
    const { x, logDensity, logApproximation } = gaussianDraws(seed, 1000, 0, 1.2);
    const check = checkApproximation(logDensity, logApproximation, 'test', { names: ['x'], draws: [x] });
    return combineOutcomes({
      verdict: holds('reliable', check.verdict === 'reliable' && check.message.includes('close to the posterior'), `verdict ${check.verdict}: ${check.message}`),
      shifts: boundOutcome('flagged', check.shifts.length, '<=', 0),
      ess: boundOutcome('value', check.effectiveSampleSize, '>', 800),
      k: { failures: [], figures: { paretoK: check.paretoK } },
    });
  },
});

export const approximationNarrow = defineSeededCheck({
  name: 'diagnostics/approximation-check-narrow-unreliable',
  seed: 1,
  design: 'q = N(0, 0.1²) for p = N(0, 1), 200 000 draws (k = 0.99): k-hat > 0.7 and the verdict unreliable (k-hat over 300 seeds in scripts/sweep-pareto-k.ts: mean 0.925, sd 0.054)',
  run: (seed) => {
    const { logDensity, logApproximation } = gaussianDraws(seed, 200_000, 0, 0.1);
    const check = checkApproximation(logDensity, logApproximation, 'narrow Gaussian');
    return combineOutcomes({
      k: boundOutcome('paretoK', check.paretoK, '>', 0.7),
      verdict: holds(
        'unreliable',
        check.verdict === 'unreliable' && check.message.includes('over 200000 draws of the narrow Gaussian') && check.message.includes('not to be trusted'),
        `verdict ${check.verdict}: ${check.message}`,
      ),
    });
  },
});

export const approximationShifted = defineSeededCheck({
  name: 'diagnostics/approximation-check-shifted-mean',
  seed: 1,
  design: 'q = N(0.3, 1) for p = N(0, 1), 1000 draws: k-hat < 0.5, verdict use-with-care, the shift of x read below −0.15 sd (its value about −0.3)',
  run: (seed) => {
    const { x, logDensity, logApproximation } = gaussianDraws(seed, 1000, 0.3, 1);
    const check = checkApproximation(logDensity, logApproximation, 'shifted', { names: ['x'], draws: [x] });
    const shift = check.shifts[0];
    return combineOutcomes({
      k: boundOutcome('paretoK', check.paretoK, '<', 0.5),
      verdict: holds('useWithCare', check.verdict === 'use-with-care', `verdict ${check.verdict}: ${check.message}`),
      shift: shift?.name === 'x' ? boundOutcome('shiftInSd', shift.shiftInSd, '<', -0.15) : { failures: [`no shift of x flagged: ${JSON.stringify(check.shifts)}`], figures: {} },
      message: holds('message', /importance weighting moves the means of x by -0\.\d\d sd/.test(check.message), check.message),
    });
  },
});

export const paretoRatiosK = defineSeededCheck({
  name: 'diagnostics/pareto-k-of-pareto-ratios',
  seed: 11,
  design: 'k-hat of 100 000 Pareto ratios with k = 0.3, 0.6, 0.85 against k, standard error (1 + k)/√949 (the tail length 3√S): |z| ≤ Bonferroni(1e-4); each verdict the one its k-hat gives (reliable < 0.5 ≤ use-with-care ≤ 0.7 < unreliable)',
  run: (seed) => {
    // The old test asked for the verdicts reliable, use-with-care, unreliable at seed 11; but
    // 0.6 is 1.9 standard errors from both ends of its band, so at about 6% of seeds its k-hat
    // lands in a neighbour's. The mapping from k to verdict is exact (checkFromParetoK, in
    // the test); what the draws can show is that k-hat estimates k and the verdict follows it.
    const estimates = [];
    const failures: string[] = [];
    for (const [i, k] of [0.3, 0.6, 0.85].entries()) {
      const rng = makeRng(seed, i);
      const logRatios = Float64Array.from({ length: 100_000 }, () => -k * Math.log(rng.uniform()));
      const check = checkApproximation(logRatios, new Float64Array(100_000));
      estimates.push({ label: `k-hat for k = ${k}`, estimate: check.paretoK, expected: k, standardError: (1 + k) / Math.sqrt(949) });
      const expected = check.paretoK < 0.5 ? 'reliable' : check.paretoK <= 0.7 ? 'use-with-care' : 'unreliable';
      if (check.verdict !== expected) failures.push(`k = ${k}: k-hat ${check.paretoK} gave the verdict ${check.verdict}, not ${expected}`);
    }
    const outcome = zTests(estimates);
    return { failures: [...failures, ...outcome.failures], figures: outcome.figures };
  },
});

export const approximationChecks = [gpdShapeRecovery, approximationReliable, approximationNarrow, approximationShifted, paretoRatiosK];
