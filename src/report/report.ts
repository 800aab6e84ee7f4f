import type { TopLevelSpec } from 'vega-lite';
import type { Fit } from '../samplers/run/fit.js';
import type { FitSummary } from '../samplers/run/summary.js';
import { escapeHtml, type PageSection, pageHtml, settingsHtml, summaryTableHtml } from './html.js';
import { pairRows, plottedQuantities, rankHistogramRows, traceRows } from './plot-data.js';
import { densityRows } from './density.js';
import type { QuantitySelection } from './quantity-selection.js';
import { densitySpec, pairSpec, rankSpec, traceSpec } from './plot-specs.js';

/**
 * report.html for a fit: settings, warnings, the summary table and the visual checks of
 * Gabry et al. (2019) and Vehtari et al. (2021) — trace plots, rank histograms, marginal
 * densities and a pair plot with the divergent transitions marked. One self-contained
 * file: the plots are vega-lite specs rendered to inline SVG, the page loads nothing.
 */

export type SvgRenderer = (spec: TopLevelSpec) => Promise<string>;

export interface ReportInput {
  readonly title: string;
  readonly settings: readonly (readonly [string, string])[];
  readonly fit: Fit;
  readonly summary: FitSummary;
  /** Remarks on how the fit was obtained (e.g. re-read from interrupted files). */
  readonly notes?: readonly string[];
  /** Independent draws from an approximation (VI): no trace or rank plots, which check MCMC mixing. */
  readonly approximate?: boolean;
  /** The quantities the table and plots show (default: all). */
  readonly shown?: QuantitySelection;
}

export interface ReportLimits {
  /** Quantities in the trace, rank and density plots. */
  readonly quantities: number;
  /** Quantities in the pair plot. */
  readonly pairQuantities: number;
  readonly tracePointsPerChain: number;
  readonly pairPoints: number;
  readonly rankBins: number;
  /** Grid points of each density curve. */
  readonly densitySteps: number;
}

export const defaultReportLimits: ReportLimits = { quantities: 10, pairQuantities: 4, tracePointsPerChain: 500, pairPoints: 600, rankBins: 20, densitySteps: 80 };

async function figure(render: SvgRenderer, spec: TopLevelSpec, caption: string): Promise<string> {
  let svg: string;
  try {
    svg = await render(spec);
  } catch (error) {
    svg = `<p class="plot-error">This plot could not be drawn: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`;
  }
  return `<figure><figcaption>${caption}</figcaption>\n${svg}\n</figure>`;
}

function warningsHtml(summary: FitSummary, notes: readonly string[]): string {
  const warnings = summary.warnings.map((warning) => `<div class="warning">${escapeHtml(warning.message)}</div>`);
  const noteLines = notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`);
  return [...(warnings.length > 0 ? warnings : ['<div class="ok">No problems detected.</div>']), ...noteLines].join('\n');
}

function shownOf(names: readonly string[], total: number): string {
  return names.length < total ? ` Showing the first ${names.length} of the ${total} quantities shown above that vary.` : '';
}

const TRACE_CAPTION = "Each chain's draws in order. Mixed chains overlap and look like stationary noise; a chain apart from the others, or a trend, means the chains have not converged.";
const RANK_CAPTION =
  "Rank histograms (Vehtari et al. 2021): the ranks of each chain's draws among all draws. With mixed chains every histogram is flat near the dashed line; slopes or bumps show chains that sit higher, lower or narrower than the rest.";
const PAIR_CAPTION =
  'Pairs of the first quantities, with divergent transitions in red. Divergences gathered in one region (often small values of a hierarchical scale) show where the sampler cannot follow the posterior; scattered ones may be false positives.';

/** The plot sections: trace and rank plots (MCMC only), densities, pairs. */
async function plotSections(input: ReportInput, render: SvgRenderer, limits: ReportLimits): Promise<PageSection[]> {
  const { fit } = input;
  const candidates = input.shown?.names.filter((name) => name !== 'lp__') ?? fit.outputNames;
  const varying = plottedQuantities(fit, candidates, Infinity);
  const names = varying.slice(0, limits.quantities);
  if (names.length === 0) return [];
  const shown = shownOf(names, varying.length);
  const mcmc = input.approximate !== true;
  const trace = traceRows(fit, names, limits.tracePointsPerChain);
  const pairNames = names.slice(0, limits.pairQuantities);
  const drawsPerChain = fit.draws[0]?.[0]?.length ?? 0;
  const densityCaption = mcmc ? 'Marginal posterior densities, one curve per chain (Gaussian kernel density estimates); the curves should agree.' : 'Marginal densities of the approximation (kernel density estimates of its draws).';
  const pending: Promise<PageSection>[] = [];
  const add = (id: string, title: string, html: Promise<string>) => pending.push(html.then((text) => ({ id, title, html: text })));
  if (mcmc) {
    add('trace', 'Trace plots', figure(render, traceSpec(trace), `${TRACE_CAPTION}${shown}`));
    add('rank', 'Rank plots', figure(render, rankSpec(rankHistogramRows(fit, names, limits.rankBins), drawsPerChain / limits.rankBins), `${RANK_CAPTION}${shown}`));
  }
  add('density', 'Marginal densities', figure(render, densitySpec(densityRows(fit, names, limits.densitySteps)), `${densityCaption}${shown}`));
  add(
    'pairs',
    mcmc ? 'Pair plot and divergences' : 'Pair plot',
    pairNames.length >= 2 ? figure(render, pairSpec(pairRows(fit, pairNames, limits.pairPoints), pairNames), mcmc ? PAIR_CAPTION : 'Pairs of the first quantities.') : Promise.resolve('<p class="note">The pair plot needs at least two quantities.</p>'),
  );
  return Promise.all(pending);
}

/** The complete report page. */
export async function buildReport(input: ReportInput, render: SvgRenderer, limits: ReportLimits = defaultReportLimits): Promise<string> {
  const essMinimum = 100 * input.fit.config.chains;
  const shownNames = input.shown === undefined ? undefined : new Set(input.shown.names);
  const rows = shownNames === undefined ? input.summary.rows : input.summary.rows.filter((row) => shownNames.has(row.name));
  const selectionNote = input.shown?.note === undefined ? '' : `\n<p class="note">${escapeHtml(input.shown.note)}</p>`;
  const sections: PageSection[] = [
    { id: 'run', title: 'Run', html: settingsHtml(input.settings) },
    { id: 'warnings', title: 'Diagnostics', html: warningsHtml(input.summary, input.notes ?? []) },
    {
      id: 'summary',
      title: 'Summary',
      html: `${summaryTableHtml(rows, essMinimum)}${selectionNote}\n<p class="note">MCSE: Monte Carlo standard error of the mean. ESS and R-hat are the rank-normalised versions of Vehtari et al. (2021); marked in red: R-hat above 1.01, ESS below 100 per chain.</p>`,
    },
    ...(await plotSections(input, render, limits)),
  ];
  return pageHtml(input.title, sections);
}
