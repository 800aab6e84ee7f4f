import { model as centered } from '../../examples/bench/eight_schools_centered.js';
import { model as noncentered } from '../../examples/bench/eight_schools_noncentered.js';
import { summary } from '../../src/samplers/run/summary.js';
import { advi } from '../../src/vi/advi.js';
import { pathfinder } from '../../src/vi/pathfinder/pathfinder.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, type Estimate, zTests } from '../helpers/seeded-check.js';
import { correlatedGaussian } from './pathfinder/gaussian.js';
import { diagonalGaussian, readExampleData } from './support.js';

// The statistical checks of approximation-check.test.ts (the Pareto-k check of variational
// fits, Yao et al. 2018) and pathfinder.test.ts, as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md). They ran at seeds 0 and 2, at
// seed 0, and at seeds 1–4.

const data = readExampleData('data/eight_schools.json');

/** Each failed property in words (an empty list when all hold). */
function properties(parts: Readonly<Record<string, [boolean, string]>>): CheckOutcome {
  const failures = Object.entries(parts).filter(([, [holds]]) => !holds).map(([name, [, detail]]) => `${name}: ${detail}`);
  return { failures, figures: {} };
}

export const adviCentredWarns = defineSeededCheck({
  name: 'vi/advi-eight-schools-centred-warns',
  seed: 0,
  design: 'mean-field ADVI on centred eight schools: not reliable, a pareto-k warning in the summary and in advi\'s warnings, no MCMC warnings (k-hat 0.58–1.14 over seeds 0–19 when written)',
  run: (seed) => {
    const result = advi(centered.compile(data), { seed });
    const report = summary(result.fit);
    const check = report.approximationCheck;
    return {
      ...properties({
        notReliable: [check !== undefined && check.verdict !== 'reliable', `verdict ${check?.verdict}`],
        warned: [report.warnings.some((warning) => warning.kind === 'pareto-k'), `warnings ${report.warnings.map((warning) => warning.kind).join(', ')}`],
        text: [!report.text.includes('No problems detected') && /Pareto k of the importance ratios: (\d\.\d\d|Infinity)/.test(report.text), report.text],
        noMcmcWarnings: [!report.warnings.some((warning) => warning.kind === 'rhat' || warning.kind.startsWith('ess')), report.warnings.map((warning) => warning.kind).join(', ')],
        // When the optimisation blows up (eta 100 chosen by its adaptation: seeds 17 and 23 of 30)
        // every draw has log density −∞, and advi's warning says the approximation is unusable.
        adviWarns: [result.warnings.some((warning) => warning.includes('Pareto k of the importance ratios') || warning.includes('it is unusable')), result.warnings.join(' | ')],
        sameCheck: [JSON.stringify(result.approximationCheck) === JSON.stringify(check), 'advi and summary report different checks'],
      }),
      figures: { paretoK: check?.paretoK ?? NaN },
    };
  },
});

export const adviNoncentredWarns = defineSeededCheck({
  name: 'vi/advi-eight-schools-noncentred-warns',
  seed: 0,
  design: 'mean-field ADVI on non-centred eight schools at 8 seeds (seed … seed + 7): at least one pareto-k warning (14 of seeds 0–19 warn, scripts/sweep-advi-eight-schools.ts: all 8 silent has probability ~0.3⁸ = 7e-5); how many name shifted means is recorded',
  run: (seed) => {
    // The old test asked for the warning at seed 0 alone, which 6 of seeds 0–19 do not give:
    // the mean-field fit is off (tau's mean 3.0 against NUTS's 3.6), but by how much the
    // importance weights show it is random.
    let warned = 0;
    let withShift = 0;
    for (let s = seed; s < seed + 8; s++) {
      const report = summary(advi(noncentered.compile(data), { seed: s }).fit);
      if (report.warnings.some((warning) => warning.kind === 'pareto-k')) warned++;
      if (report.text.includes('importance weighting moves the means of')) withShift++;
    }
    // Which runs name shifted means varies more (none of 5 at 3 of 30 windows of seeds 11–17),
    // so that count is a figure, not a bound.
    return combineOutcomes({ warned: boundOutcome('runs', warned, '>=', 1), shift: { failures: [], figures: { runs: withShift } } });
  },
});

export const adviGoodApproximation = defineSeededCheck({
  name: 'vi/advi-gaussian-reliable',
  seed: 1,
  design: 'mean-field ADVI on a diagonal Gaussian (the family holds the target): k-hat < 0.5; verdict reliable with "No problems detected" and no warnings when every fitted mean is within 0.05 sd of the truth; a shift warning naming the mean when one is more than 0.2 sd off',
  run: (seed) => {
    // The verdict must follow the fit's actual error. Usually ADVI ends within a few hundredths
    // of an sd of the optimum, but not always: at 1 of 30 seeds its x[2] ended 0.44 sd off, and
    // the check rightly said so (the old test asked for 'reliable' at one seed).
    const means = [1, -2];
    const sds = [1, 3];
    const result = advi(diagonalGaussian(means, sds), { seed });
    const report = summary(result.fit);
    const check = report.approximationCheck;
    const errors = means.map((mean, i) => Math.abs(result.approximation.mean[i]! - mean) / sds[i]!);
    const worst = Math.max(...errors);
    const parts: Record<string, [boolean, string]> = { paretoK: [check !== undefined && check.paretoK < 0.5, `k-hat ${check?.paretoK}`] };
    if (worst < 0.05) {
      parts['reliable'] = [check?.verdict === 'reliable' && report.text.includes('(reliable)'), `verdict ${check?.verdict} with mean errors ${errors.map((e) => e.toFixed(3))} sd`];
      parts['clean'] = [report.text.includes('No problems detected.') && result.warnings.length === 0, `${result.warnings.join(' | ')}`];
    }
    errors.forEach((error, i) => {
      if (error > 0.2) parts[`shift${i + 1}`] = [check?.shifts.some((shift) => shift.name === `x[${i + 1}]`) ?? false, `x[${i + 1}] is ${error.toFixed(3)} sd off, but no shift of it is reported`];
    });
    return { ...properties(parts), figures: { paretoK: check?.paretoK ?? NaN, worstMeanErrorInSd: worst } };
  },
});

export const pathfinderMoments = defineSeededCheck({
  name: 'vi/pathfinder-correlated-gaussian-moments',
  seed: 1,
  design: '5-d Gaussian (AR(1) ρ = 0.8): 5 means, 5 sds and corr(x1, x2) of the PSIS-resampled draws, standard errors from n_eff = 1/(1/R + 1/ESS): |z| ≤ Bonferroni(1e-4); Pareto k < 1 (it exceeded 0.7 at 3 of 30 seeds, up to 0.76, with the moments still right)',
  run: (seed) => {
    // The Monte Carlo error of a mean of R draws resampled from S importance-weighted ones is
    // about sd √(1/R + 1/ESS), ESS the PSIS effective sample size; for sds the normal theory
    // sd(ŝ)/s = √(1/(2 n_eff)), for the correlation (1 − ρ²)/√n_eff.
    const { model, mean, sd, correlation } = correlatedGaussian(5, 0.8);
    const result = pathfinder(model, { seed });
    const check = result.approximationCheck!;
    const draws = result.fit.draws[0]!;
    const column = (name: string): Float64Array => draws[result.fit.columnNames.indexOf(name)]!;
    const effective = 1 / (1 / draws[0]!.length + 1 / check.effectiveSampleSize);
    const meanOf = (x: Float64Array): number => x.reduce((a, b) => a + b, 0) / x.length;
    const sdOf = (x: Float64Array): number => Math.sqrt(x.reduce((a, b) => a + (b - meanOf(x)) ** 2, 0) / (x.length - 1));
    const estimates: Estimate[] = mean.flatMap((expected, i) => {
      const x = column(`x[${i + 1}]`);
      return [
        { label: `mean of x[${i + 1}]`, estimate: meanOf(x), expected, standardError: sd[i]! / Math.sqrt(effective) },
        { label: `sd of x[${i + 1}] / ${sd[i]}`, estimate: sdOf(x) / sd[i]!, expected: 1, standardError: Math.sqrt(1 / (2 * effective)) },
      ];
    });
    const [x1, x2] = [column('x[1]'), column('x[2]')];
    const covariance = x1.reduce((sum, value, s) => sum + (value - meanOf(x1)) * (x2[s]! - meanOf(x2)), 0) / (x1.length - 1);
    const rho = correlation(0, 1);
    estimates.push({ label: 'corr(x[1], x[2])', estimate: covariance / (sdOf(x1) * sdOf(x2)), expected: rho, standardError: (1 - rho * rho) / Math.sqrt(effective) });
    // Pathfinder's normal fits this target well but not always within PSIS's 0.7: k-hat was
    // 0.14–0.76 over 30 seeds (above 0.7 at 3, the old test's bound; its seeds 1–4 were
    // below). The importance-resampled moments were right at all 30, which is what PSIS is
    // for; k-hat ≥ 1 (no finite mean of the ratios) would make them unreliable.
    return combineOutcomes({ moments: zTests(estimates), paretoK: boundOutcome('value', check.paretoK, '<', 1) });
  },
});

export const viApproximationChecks = [adviCentredWarns, adviNoncentredWarns, adviGoodApproximation, pathfinderMoments];
