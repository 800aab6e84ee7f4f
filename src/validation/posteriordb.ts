import { type Chains, poolChains } from '../samplers/diagnostics/chains.js';
import { essBulk, essTail } from '../samplers/diagnostics/ess.js';
import { mcseMean, mcseSd } from '../samplers/diagnostics/mcse.js';
import { meanOf, varianceOf } from '../samplers/diagnostics/moments.js';
import { rhat } from '../samplers/diagnostics/rhat.js';
import type { ReferenceQuantity } from './reference.js';
import { kurtosis } from './statistics.js';

/**
 * Comparing our draws of a posteriordb posterior with its reference summary (pure functions;
 * posteriordb-run.ts samples, this judges). Both sides carry Monte Carlo error, so every
 * difference is measured in units of the combined standard error:
 *
 *   mean:  z = (m − m_ref) / sqrt(MCSE(m)² + MCSE(m_ref)²)
 *   sd:    r = s / s_ref,  se(r) ≈ sqrt((MCSE(s)/s)² + (MCSE(s_ref)/s_ref)²)   (delta method)
 *
 * MCSE(s) is posterior's mcse_sd (Vehtari et al. 2021, section 4.4). reference.json gives no
 * MCSE of its sd, so it is derived the same way: Var(ŝ)/s² ≈ (κ − 1) / (4 ESS), with the
 * reference's bulk ESS and the kurtosis κ of our draws (3 for a normal marginal, which gives
 * the README's 1/(2 ESS); heavy-tailed marginals such as eight schools' tau get a wider band
 * automatically instead of an ad-hoc factor).
 *
 * With about 100 quantities, |z| ≤ 4 gives a correct sampler a false alarm in roughly 1% of
 * full runs (README "How a test should use it").
 */

/** What our draws say about one quantity. */
export interface SampledQuantity {
  readonly name: string;
  readonly mean: number;
  readonly sd: number;
  readonly mcseMean: number;
  readonly mcseSd: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly rhat: number;
  /** E[(x−μ)⁴]/E[(x−μ)²]² of the pooled draws. */
  readonly kurtosis: number;
}

export function sampledQuantity(name: string, chains: Chains): SampledQuantity {
  const pooled = poolChains(chains);
  return {
    name,
    mean: meanOf(pooled),
    sd: Math.sqrt(varianceOf(pooled)),
    mcseMean: mcseMean(chains),
    mcseSd: mcseSd(chains),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
    rhat: rhat(chains),
    kurtosis: kurtosis(pooled),
  };
}

export interface ComparisonOptions {
  /** Largest acceptable |z| of the mean and of the sd ratio, default 4. */
  readonly threshold?: number;
  /** Largest acceptable R-hat, default 1.01 (Vehtari et al. 2021). */
  readonly rhatThreshold?: number;
}

export interface QuantityComparison {
  readonly name: string;
  readonly reference: ReferenceQuantity;
  readonly sampled: SampledQuantity;
  /** (m − m_ref) / combined MCSE. */
  readonly meanZ: number;
  /** (m − m_ref) / s_ref: the error in reference sds, for reading the table. */
  readonly meanErrorInSds: number;
  readonly sdRatio: number;
  /** Standard error of sdRatio (relative, evaluated at ratio 1). */
  readonly sdRatioSe: number;
  /** 1 ± threshold · sdRatioSe. */
  readonly sdBand: readonly [number, number];
  readonly sdZ: number;
  /** What is wrong with this quantity (empty when it agrees). */
  readonly problems: readonly string[];
}

const format = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toPrecision(digits) : String(value));

/** Relative MCSE of the reference sd: sqrt((κ − 1) / (4 ESS_ref)), κ from our draws (3 if unusable). */
export function referenceSdRelativeError(reference: ReferenceQuantity, sampledKurtosis: number): number {
  const kappa = Number.isFinite(sampledKurtosis) && sampledKurtosis > 1 ? sampledKurtosis : 3;
  return Math.sqrt((kappa - 1) / (4 * reference.essBulk));
}

export function compareQuantity(sampled: SampledQuantity, reference: ReferenceQuantity, options: ComparisonOptions = {}): QuantityComparison {
  if (sampled.name !== reference.name) throw new Error(`compareQuantity: sampled quantity '${sampled.name}' compared with reference '${reference.name}'`);
  const threshold = options.threshold ?? 4;
  const rhatThreshold = options.rhatThreshold ?? 1.01;
  const meanZ = (sampled.mean - reference.mean) / Math.hypot(sampled.mcseMean, reference.mcseMean);
  const sdRatio = sampled.sd / reference.sd;
  const sdRatioSe = Math.hypot(sampled.mcseSd / sampled.sd, referenceSdRelativeError(reference, sampled.kurtosis));
  const sdZ = (sdRatio - 1) / sdRatioSe;
  const sdBand = [1 - threshold * sdRatioSe, 1 + threshold * sdRatioSe] as const;
  const problems: string[] = [];
  // NaN comparisons are false, so each test is written to fail on NaN.
  if (!(Math.abs(meanZ) <= threshold)) problems.push(`mean ${format(sampled.mean)} vs reference ${format(reference.mean)}: z = ${format(meanZ, 2)}, beyond ±${threshold}`);
  if (!(Math.abs(sdZ) <= threshold)) {
    problems.push(`sd ratio ${format(sdRatio)} outside its band [${format(sdBand[0])}, ${format(sdBand[1])}] (z = ${format(sdZ, 2)})`);
  }
  if (!(sampled.rhat <= rhatThreshold)) problems.push(`R-hat ${format(sampled.rhat, 4)} above ${rhatThreshold}`);
  return {
    name: sampled.name,
    reference,
    sampled,
    meanZ,
    meanErrorInSds: (sampled.mean - reference.mean) / reference.sd,
    sdRatio,
    sdRatioSe,
    sdBand,
    sdZ,
    problems,
  };
}

/**
 * What a posterior is for. All but one are accuracy tests that should run without (or with
 * almost no) divergent transitions; the centred eight schools is the same posterior as the
 * non-centred one in a funnel parameterisation, where a correct sampler must report
 * divergences (and may be biased): agreement with the reference is not expected there.
 */
export interface PosteriorExpectation {
  readonly accuracy: boolean;
  readonly divergences: 'none' | 'expected';
}

const funnelPosteriors = new Set(['eight_schools-eight_schools_centered']);

export function expectationFor(posterior: string): PosteriorExpectation {
  return funnelPosteriors.has(posterior) ? { accuracy: false, divergences: 'expected' } : { accuracy: true, divergences: 'none' };
}

/** Facts of one run apart from the per-quantity comparisons. */
export interface RunFacts {
  readonly posterior: string;
  /** Divergent transitions after warm-up, over all chains. */
  readonly divergences: number;
  /** Sampling transitions over all chains. */
  readonly transitions: number;
  /** Whether the fit's summary warned about divergences (what a user sees). */
  readonly divergenceWarned: boolean;
  readonly gradientEvaluations: number;
  /** Wall-clock seconds of the run. */
  readonly seconds: number;
  readonly settings: Readonly<Record<string, number | string>>;
}

export interface VerdictOptions extends ComparisonOptions {
  /**
   * Divergences tolerated where none are expected, as a fraction of sampling transitions
   * (default 0.001): "none or almost none" (README); each one is still listed in the notes.
   */
  readonly divergenceTolerance?: number;
}

export interface PosteriorVerdict extends RunFacts {
  readonly expectation: PosteriorExpectation;
  readonly comparisons: readonly QuantityComparison[];
  readonly failures: readonly string[];
  readonly notes: readonly string[];
  readonly passed: boolean;
}

function divergenceFindings(facts: RunFacts, expectation: PosteriorExpectation, tolerance: number): { failures: string[]; notes: string[] } {
  const share = `${facts.divergences} of ${facts.transitions} transitions divergent`;
  if (expectation.divergences === 'expected') {
    if (facts.divergences === 0) return { failures: [`no divergences reported, but this funnel must produce (and report) them`], notes: [] };
    if (!facts.divergenceWarned) return { failures: [`${share}, but the summary did not warn about them`], notes: [] };
    return { failures: [], notes: [`${share} and reported, as expected of this funnel`] };
  }
  if (facts.divergences > tolerance * facts.transitions) return { failures: [`${share}, where none are expected (tolerance ${tolerance * 100}%)`], notes: [] };
  return { failures: [], notes: facts.divergences > 0 ? [`${share} (within the tolerance of ${tolerance * 100}%)`] : [] };
}

/** Pass or fail of one posterior, with every reason. */
export function judgePosterior(comparisons: readonly QuantityComparison[], facts: RunFacts, options: VerdictOptions = {}): PosteriorVerdict {
  const expectation = expectationFor(facts.posterior);
  const divergence = divergenceFindings(facts, expectation, options.divergenceTolerance ?? 0.001);
  const quantityProblems = comparisons.flatMap((comparison) => comparison.problems.map((problem) => `${comparison.name}: ${problem}`));
  const failures = [...divergence.failures, ...(expectation.accuracy ? quantityProblems : [])];
  const notes = [
    ...divergence.notes,
    ...(expectation.accuracy ? [] : quantityProblems.map((problem) => `(not judged: divergence test) ${problem}`)),
  ];
  return { ...facts, expectation, comparisons, failures, notes, passed: failures.length === 0 };
}
