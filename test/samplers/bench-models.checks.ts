import { readFileSync } from 'node:fs';
import * as correlated2d from '../../examples/bench/correlated_2d.js';
import * as eightSchoolsCentered from '../../examples/bench/eight_schools_centered.js';
import * as eightSchoolsNoncentered from '../../examples/bench/eight_schools_noncentered.js';
import * as gaussian100d from '../../examples/bench/gaussian_100d.js';
import * as logisticRegression from '../../examples/bench/logistic_regression.js';
import * as varyingIntercepts from '../../examples/bench/varying_intercepts.js';
import type { CompiledModel } from '../../src/models/model.js';
import { poolChains } from '../../src/samplers/diagnostics/chains.js';
import { essBulk, essMean, essTail } from '../../src/samplers/diagnostics/ess.js';
import { mcseMean, mcseSd } from '../../src/samplers/diagnostics/mcse.js';
import { meanOf, varianceOf } from '../../src/samplers/diagnostics/moments.js';
import { rhat } from '../../src/samplers/diagnostics/rhat.js';
import { columnDraws, type Fit } from '../../src/samplers/run/fit.js';
import { sample } from '../../src/samplers/run/sample.js';
import { summary } from '../../src/samplers/run/summary.js';
import { type RhatQuantity, rhatOutcome } from '../helpers/rhat-bound.js';
import { boundOutcome, type CheckOutcome, combineOutcomes, defineSeededCheck, type Estimate, type SeededCheck, zTests } from '../helpers/seeded-check.js';

// NUTS on the benchmark models (bench/README.md) against references made without NUTS
// (test/fixtures/bench-references, written by scripts/make-bench-references.ts: closed
// forms, posteriordb's eight-schools draws, importance sampling), as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md). Runs are short (4 chains),
// so every estimate is compared in combined Monte Carlo standard errors,
// z = (estimate − reference) / sqrt(mcse² + reference mcse²), at a Bonferroni bound over
// all of a model's comparisons (varying_intercepts: 108).

interface ParameterReference {
  readonly mean: number;
  readonly sd: number;
  readonly mcse_mean: number;
  readonly mcse_sd: number;
}

interface BenchReference {
  readonly model: string;
  readonly parameters: Readonly<Record<string, ParameterReference>>;
  readonly correlations?: readonly { readonly between: readonly [string, string]; readonly value: number }[];
}

interface ExampleModule {
  readonly model: { compile(data: unknown): CompiledModel };
  readonly dataFile: string;
}

const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));

const compileExample = (module: ExampleModule): CompiledModel => module.model.compile(readJson(`../../examples/bench/${module.dataFile}`));

export const referenceOf = (id: string): BenchReference => readJson(`../fixtures/bench-references/${id}.json`) as BenchReference;

/** Every mean and sd against its reference, in combined MCSE. */
function referenceEstimates(fit: Fit, reference: BenchReference): Estimate[] {
  return Object.entries(reference.parameters).flatMap(([name, expected]) => {
    const chains = columnDraws(fit, name);
    const pooled = poolChains(chains);
    return [
      { label: `${name} mean`, estimate: meanOf(pooled), expected: expected.mean, standardError: Math.hypot(mcseMean(chains), expected.mcse_mean) },
      { label: `${name} sd`, estimate: Math.sqrt(varianceOf(pooled)), expected: expected.sd, standardError: Math.hypot(mcseSd(chains), expected.mcse_sd) },
    ];
  });
}

/**
 * A correlation against its reference. The estimate's sd is about (1 − ρ²)/√ESS (the
 * large-sample sd of Pearson's r), with the ESS of the products of the centred draws.
 */
function correlationEstimate(fit: Fit, between: readonly [string, string], value: number): Estimate {
  const [first, second] = between.map((name) => columnDraws(fit, name));
  const [a, b] = [poolChains(first!), poolChains(second!)];
  const [meanA, meanB] = [meanOf(a), meanOf(b)];
  const products = first!.map((chain, c) => chain.map((x, t) => (x - meanA) * (second![c]![t]! - meanB)));
  return { label: `correlation of ${between.join(' and ')}`, estimate: pearson(a, b), expected: value, standardError: (1 - value * value) / Math.sqrt(essMean(products)) };
}

/** R-hat and ESS of every output, for rhatOutcome. */
function convergence(fit: Fit): RhatQuantity[] {
  return fit.outputNames.map((name) => {
    const chains = columnDraws(fit, name);
    // The folded R-hat rests on |x − median|, whose ESS under NUTS can be well below the bulk
    // and tail ESS (at 4 × 800 draws of logistic_regression, bounds from those alone were
    // exceeded at 1 of 10 seeds): the bound uses the smallest of the three.
    const pooled = poolChains(chains);
    const median = [...pooled].sort((a, b) => a - b)[Math.floor(pooled.length / 2)]!;
    const folded = chains.map((chain) => chain.map((x) => Math.abs(x - median)));
    return { name, rhat: rhat(chains), essBulk: essBulk(chains), essTail: Math.min(essTail(chains), essBulk(folded)) };
  });
}

export const divergences = (fit: Fit): number => fit.chains.reduce((sum, chain) => sum + chain.divergentPositions.length, 0);

interface Case {
  readonly id: string;
  readonly module: ExampleModule;
  /** Iterations per chain (4 chains). */
  readonly warmup: number;
  readonly draws: number;
  readonly seed: number;
  /** Extra properties of the fit (e.g. its divergences), and their bounds in words. */
  readonly extra?: (fit: Fit) => Readonly<Record<string, CheckOutcome>>;
  readonly extraDesign?: string;
}

// About 1000 draws per chain (logistic_regression, whose gradient is the dearest, N = 2000,
// takes 300 + 800). R-hat is checked against the bound a converged run stays under at its
// ESS (rhat-bound.ts), not at 1.01: the folded (tail) R-hat of Vehtari et al. (2021), whose
// ESS under NUTS is a fraction of the bulk ESS, reached 1.01 on some of 26–100 outputs by
// chance at 500 draws, and on correlated_2d (ESS ~500 of 4000) at 5 to 8 of seeds 1–40 at
// 1000 (main then tripled its draws; the bound there is ~1.05).
const cases: readonly Case[] = [
  {
    id: 'eight_schools_noncentered',
    module: eightSchoolsNoncentered,
    warmup: 500,
    draws: 1000,
    seed: 11,
    // Divergences are rare here, not impossible: Stan has 1 in 4000 transitions at
    // adapt_delta 0.8 (bench/README.md, "Stan"), and which seed shows 0, 1 or 2 is round-off luck; the old
    // bound of 4 was reached exactly at 1 of 8 seeds. What must hold is the rate, far below
    // the centred form's ~5% (200 of 4000): at most 0.5%, 20 of 4000, which a Poisson count
    // of mean 2 exceeds with probability 1e-13 (the sweep records the counts' spread).
    extra: (fit) => ({ divergences: boundOutcome('count', divergences(fit), '<=', 20) }),
    extraDesign: '; divergences ≤ 20 of 4000 (0.5%; the centred form has ~5%)',
  },
  { id: 'logistic_regression', module: logisticRegression, warmup: 300, draws: 800, seed: 12 },
  { id: 'varying_intercepts', module: varyingIntercepts, warmup: 500, draws: 1000, seed: 13 },
  { id: 'gaussian_100d', module: gaussian100d, warmup: 500, draws: 1000, seed: 14 },
  // ρ = 0.99 makes the draws strongly autocorrelated (Stan: min bulk ESS 558 of 4 × 1000).
  { id: 'correlated_2d', module: correlated2d, warmup: 500, draws: 1000, seed: 15 },
];

export const benchModelChecks: readonly SeededCheck[] = cases.map(({ id, module, warmup, draws, seed, extra, extraDesign }) =>
  defineSeededCheck({
    name: `bench-models/${id}`,
    seed,
    design: `means, sds (and correlations) against the reference: |z| ≤ Bonferroni(1e-4) over all; R-hat within its χ² bound for its ESS at Bonferroni(1e-4), ESS ≥ 100${extraDesign ?? ''}`,
    run: (runSeed) => {
      const fit = sample(compileExample(module), { chains: 4, warmup, draws, seed: runSeed });
      const reference = referenceOf(id);
      const estimates = [...referenceEstimates(fit, reference), ...(reference.correlations ?? []).map(({ between, value }) => correlationEstimate(fit, between, value))];
      return combineOutcomes({ reference: zTests(estimates), convergence: rhatOutcome(convergence(fit), 4, draws, 100), ...(extra?.(fit) ?? {}) });
    },
  }),
);

export const eightSchoolsCenteredDivergences = defineSeededCheck({
  name: 'bench-models/eight_schools_centered-divergences',
  seed: 16,
  design: 'divergences ≥ 1 of 2400 and a warning that names them, adaptDelta and small tau',
  run: (seed) => {
    // The funnel of the centred parameterisation (Betancourt & Girolami 2015): as tau → 0
    // the curvature outgrows any step size that suits the bulk, and NUTS must say so. 4 × 600
    // draws: with 4 × 300 a run with a handful of divergences (5 at seed 10) did not always
    // place them at small tau (1 of seeds 1-200, with the recursive NUTS as with the
    // iterative one); with 600, none of seeds 1-200 failed.
    const fit = sample(compileExample(eightSchoolsCentered), { chains: 4, warmup: 300, draws: 600, seed });
    const count = divergences(fit);
    const warning = summary(fit).warnings.find((candidate) => candidate.kind === 'divergences');
    const message = warning?.message ?? '';
    const failures = [
      ...(warning?.count === count ? [] : [`the divergence warning counts ${warning?.count}, the fit has ${count}`]),
      ...(/Increase adaptDelta/.test(message) ? [] : [`the warning does not suggest raising adaptDelta: ${message}`]),
      ...(/non-centred parameterisation/.test(message) ? [] : [`the warning does not suggest the non-centred form: ${message}`]),
      // The divergences sit at small tau: the warning names log(tau) (or tau) as lower than average.
      ...(/tau\)? \([0-9.]+ sd lower than average\)/.test(message) ? [] : [`the warning does not place the divergences at small tau: ${message}`]),
    ];
    return combineOutcomes({ count: boundOutcome('divergences', count, '>=', 1), warning: { failures, figures: {} } });
  },
});

export const benchChecks = [...benchModelChecks, eightSchoolsCenteredDivergences];

function pearson(first: Float64Array, second: Float64Array): number {
  const firstMean = meanOf(first);
  const secondMean = meanOf(second);
  let covariance = 0;
  let firstSquares = 0;
  let secondSquares = 0;
  for (let i = 0; i < first.length; i++) {
    covariance += (first[i]! - firstMean) * (second[i]! - secondMean);
    firstSquares += (first[i]! - firstMean) ** 2;
    secondSquares += (second[i]! - secondMean) ** 2;
  }
  return covariance / Math.sqrt(firstSquares * secondSquares);
}
