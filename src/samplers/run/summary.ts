import type { ApproximationCheck } from '../diagnostics/approximation-check.js';
import { ebfmi } from '../diagnostics/ebfmi.js';
import { formatSummaryTable, type QuantitySummary, summarizeQuantity, summaryWorkspace } from '../diagnostics/summary-table.js';
import { divergenceLocations, type DivergenceShift } from './divergence-location.js';
import { columnDraws, columnIndex, type Fit } from './fit.js';

/**
 * A CmdStan-stansummary-like report of a fit: one row per quantity (lp__ and every output),
 * then the warnings a user can act on, each with advice, following Stan's diagnose utility
 * and Vehtari et al. (2021), "Rank-normalization, folding, and localization: an improved
 * R-hat", section 4 (R-hat < 1.01; bulk- and tail-ESS > 100 per chain).
 */

export type SummaryWarningKind = 'rhat' | 'ess-bulk' | 'ess-tail' | 'divergences' | 'non-finite' | 'treedepth' | 'ebfmi' | 'adaptation' | 'pareto-k';

export interface SummaryWarning {
  readonly kind: SummaryWarningKind;
  readonly message: string;
  /** The quantities (or, for divergences, unconstrained coordinates) concerned. */
  readonly quantities?: readonly string[];
  /** Chains concerned (0-based), for E-BFMI. */
  readonly chains?: readonly number[];
  /** Per chain, the transitions concerned (non-finite log density). */
  readonly perChain?: readonly number[];
  /** Transitions concerned, for divergences, non-finite log densities and tree-depth saturation. */
  readonly count?: number;
  readonly fraction?: number;
}

export interface FitSummary {
  readonly rows: readonly QuantitySummary[];
  readonly warnings: readonly SummaryWarning[];
  /** What was run (the text's first paragraph). */
  readonly header: string;
  /** The warnings as text, one `Warning: ` line each, or that there are none. */
  readonly warningText: string;
  /** Header, table and warnings as text. */
  readonly text: string;
  /** For approximate draws: the Pareto-k check of the approximation (Yao et al. 2018). */
  readonly approximationCheck?: ApproximationCheck;
}

export interface SummaryOptions {
  readonly rhatThreshold?: number;
  /** ESS below this many draws per chain is low (default 100, Vehtari et al. 2021). */
  readonly essPerChain?: number;
  readonly ebfmiThreshold?: number;
  readonly significantDigits?: number;
}

const percent = (fraction: number): string => `${(100 * fraction).toFixed(fraction < 0.01 ? 2 : 1)}%`;

function listNames(names: readonly string[], limit = 8): string {
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

function rhatWarning(rows: readonly QuantitySummary[], threshold: number): SummaryWarning[] {
  const high = rows.filter((row) => row.rhat > threshold).map((row) => row.name);
  if (high.length === 0) return [];
  return [{
    kind: 'rhat',
    quantities: high,
    message:
      `R-hat above ${threshold} for ${listNames(high)}: the chains have not mixed, so these ` +
      'estimates are unreliable. Run longer chains, or look for multimodality or chains stuck ' +
      'in different regions (trace plots); reparameterising often helps.',
  }];
}

function essWarnings(rows: readonly QuantitySummary[], minimum: number): SummaryWarning[] {
  const warnings: SummaryWarning[] = [];
  for (const [kind, key, label] of [
    ['ess-bulk', 'essBulk', 'Bulk'],
    ['ess-tail', 'essTail', 'Tail'],
  ] as const) {
    const low = rows.filter((row) => row[key] < minimum).map((row) => row.name);
    if (low.length === 0) continue;
    warnings.push({
      kind,
      quantities: low,
      message:
        `${label} effective sample size below ${minimum} for ${listNames(low)}: ` +
        `${kind === 'ess-bulk' ? 'means and medians' : 'tail quantiles (5%, 95%)'} are not yet ` +
        'reliable. Run more iterations; if ESS per draw is very low, reparameterise.',
    });
  }
  return warnings;
}

function describeShift(shift: DivergenceShift): string {
  const direction = shift.standardizedShift > 0 ? 'higher' : 'lower';
  return `${shift.name} (${Math.abs(shift.standardizedShift).toFixed(1)} sd ${direction} than average)`;
}

function divergenceWarning(fit: Fit): SummaryWarning[] {
  const count = fit.chains.reduce((sum, chain) => sum + chain.divergentPositions.length, 0);
  if (count === 0) return [];
  const fraction = count / (fit.config.chains * fit.config.draws);
  // Shifts under half a posterior sd are indistinguishable from noise with few divergences.
  const shifts = divergenceLocations(fit)
    .filter((shift) => Math.abs(shift.standardizedShift) >= 0.5)
    .slice(0, 3);
  const where =
    shifts.length > 0
      ? ` Divergent transitions concentrate where these unconstrained coordinates are: ${shifts.map(describeShift).join(', ')}.`
      : ' No unconstrained coordinate stands out at the divergent transitions.';
  return [{
    kind: 'divergences',
    count,
    fraction,
    quantities: shifts.map((shift) => shift.name),
    message:
      `${count} of ${fit.config.chains * fit.config.draws} transitions after warm-up (${percent(fraction)}) ` +
      `ended with a divergence: the sampler could not follow the posterior's curvature there, so ` +
      `the draws may be biased.${where} Increase adaptDelta (now ${fit.config.adaptDelta}, e.g. ` +
      '0.95 or 0.99) to take smaller steps, or better, reparameterise (e.g. a non-centred ' +
      'parameterisation of hierarchical scales).',
  }];
}

/**
 * Transitions rejected because the log density (or its gradient) was not finite at the
 * proposal: outside the support, an overflow. Unlike a divergence this is no sign of
 * curvature the step size cannot follow, so the advice is about the model, not adapt-delta.
 */
function nonFiniteWarning(fit: Fit): SummaryWarning[] {
  if (fit.approximation !== undefined) return [];
  const perChain = fit.chains.map((chain) => chain.nonFiniteTransitions);
  const count = perChain.reduce((sum, value) => sum + value, 0);
  if (count === 0) return [];
  const total = fit.config.chains * fit.config.draws;
  const fraction = count / total;
  const rejected = fit.config.method === 'metropolis' ? 'Each such proposal was rejected' : 'Each trajectory stopped at such a point, which was rejected';
  return [{
    kind: 'non-finite',
    count,
    fraction,
    perChain,
    message:
      `The log density was not finite at ${count} proposal${count === 1 ? '' : 's'} (e.g. outside the support, or overflow) ` +
      `in the ${total} transitions after warm-up (${percent(fraction)}; per chain: ${perChain.join(', ')}). ` +
      `${rejected}, so the draws remain valid, but many rejections slow the chains down; these are not ` +
      'divergences, and raising adapt-delta is not the remedy. Check that every parameter is declared with ' +
      "the bounds of its distribution's support (e.g. lower=0 for a scale), that the data lie in the " +
      'support of their distributions, and look for overflow: exp of a large value, log of 0 (write such ' +
      'terms on the log scale, e.g. log_sum_exp, log1p_exp).',
  }];
}

function treeDepthWarning(fit: Fit): SummaryWarning[] {
  if (fit.config.method !== 'nuts' || fit.approximation !== undefined) return [];
  const depths = columnDraws(fit, 'treedepth__');
  const total = depths.reduce((sum, chain) => sum + chain.length, 0);
  const count = depths.reduce((sum, chain) => sum + chain.filter((depth) => depth >= fit.config.maxTreeDepth).length, 0);
  if (count === 0) return [];
  const fraction = count / total;
  return [{
    kind: 'treedepth',
    count,
    fraction,
    message:
      `${count} of ${total} transitions (${percent(fraction)}) hit the maximum tree depth of ` +
      `${fit.config.maxTreeDepth}: trajectories were cut short, an efficiency problem rather ` +
      'than a validity one. Increase maxTreeDepth, use a dense metric for correlated ' +
      'parameters, or reparameterise to make the posterior better conditioned.',
  }];
}

function ebfmiWarning(fit: Fit, threshold: number): SummaryWarning[] {
  if (fit.config.method === 'metropolis' || fit.approximation !== undefined) return [];
  const values = columnDraws(fit, 'energy__').map((energy) => ebfmi(energy));
  const low = values.flatMap((value, chain) => (value < threshold ? [chain] : []));
  if (low.length === 0) return [];
  const listed = low.map((chain) => `chain ${chain + 1}: ${values[chain]!.toFixed(2)}`).join(', ');
  return [{
    kind: 'ebfmi',
    chains: low,
    message:
      `E-BFMI below ${threshold} (${listed}): momentum resampling explores the energy levels ` +
      'slowly, typical of heavy tails or funnels. Reparameterise (e.g. non-centred), or give ' +
      'weakly informative priors to scale parameters.',
  }];
}

function adaptationWarnings(fit: Fit): SummaryWarning[] {
  const messages = new Set(fit.chains.flatMap((chain) => chain.warnings));
  return [...messages].map((message) => ({ kind: 'adaptation', message }));
}

/** Yao et al. (2018): Pareto k of the importance ratios p/q, a warning from 0.5 up. */
function approximationWarning(check: ApproximationCheck | undefined): SummaryWarning[] {
  if (check === undefined || check.verdict === 'reliable') return [];
  return [{ kind: 'pareto-k', message: check.message }];
}

function header(fit: Fit, check: ApproximationCheck | undefined): string {
  const { config } = fit;
  const saved = fit.draws[0]?.[0]?.length ?? 0;
  if (fit.approximation !== undefined) {
    const k = check === undefined ? '' : ` Pareto k of the importance ratios: ${check.paretoK.toFixed(2)} (${check.verdict}).`;
    return `Approximation: ${fit.approximation}, ${saved * fit.draws.length} independent draws (R-hat and ESS are for the draws, not for the approximation's accuracy).${k}`;
  }
  const stepSizes = fit.chains
    .map((chain) => (chain.adaptation.kind === 'hamiltonian' ? chain.adaptation.stepSize : chain.adaptation.proposalScale))
    .map((value) => value.toPrecision(3))
    .join(', ');
  const scaleName = config.method === 'metropolis' ? 'proposal scale' : 'step size';
  return (
    `Inference by ${config.method}: ${config.chains} chain${config.chains === 1 ? '' : 's'}, each with ` +
    `${config.warmup} warm-up and ${config.draws} sampling iterations (thin ${config.thin}), ` +
    `${saved * config.chains} draws kept.\nAdapted ${scaleName} per chain: ${stepSizes}.`
  );
}

/** Summary rows, actionable warnings and their text for `fit`. */
export function summary(fit: Fit, options: SummaryOptions = {}): FitSummary {
  const rhatThreshold = options.rhatThreshold ?? 1.01;
  const essMinimum = (options.essPerChain ?? 100) * fit.config.chains;
  // By column index: looking each name up would be quadratic in the number of quantities.
  const first = columnIndex(fit, 'lp__');
  const columns = [first, ...fit.outputNames.map((_, index) => fit.columnNames.length - fit.outputNames.length + index)];
  const workspace = summaryWorkspace(fit.draws.reduce((sum, chain) => sum + (chain[0]?.length ?? 0), 0));
  const rows = columns.map((column) => summarizeQuantity(fit.columnNames[column]!, fit.draws.map((chain) => chain[column]!), workspace));
  // Made with the fit (approximation-check.ts's approximationCheckOf), never here.
  const check = fit.approximation === undefined ? undefined : (fit.approximationCheck ?? fit.approximationCheckOfDraws);
  const warnings = [
    // Independent draws need no mixing checks; whether the approximation is right is the question.
    ...(fit.approximation !== undefined ? approximationWarning(check) : [...rhatWarning(rows, rhatThreshold), ...essWarnings(rows, essMinimum)]),
    ...divergenceWarning(fit),
    ...nonFiniteWarning(fit),
    ...treeDepthWarning(fit),
    ...ebfmiWarning(fit, options.ebfmiThreshold ?? 0.3),
    ...adaptationWarnings(fit),
  ];
  const table = formatSummaryTable(rows, { significantDigits: options.significantDigits ?? 3 });
  const warningText = warnings.length > 0 ? warnings.map((warning) => `Warning: ${warning.message}`).join('\n') : 'No problems detected.';
  const heading = header(fit, check);
  return { rows, warnings, header: heading, warningText, text: `${heading}\n\n${table}\n\n${warningText}`, ...(check === undefined ? {} : { approximationCheck: check }) };
}
