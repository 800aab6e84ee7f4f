import type { TopLevelSpec } from 'vega-lite';
import { loo } from '../loo/loo.js';
import { paretoKThreshold } from '../samplers/diagnostics/pareto-k.js';
import { columnDraws, type Fit } from '../samplers/run/fit.js';
import { escapeHtml, type PageSection } from './html.js';
import { autocorrelationRows, energyRows, findReplications, intervalRows, predictiveRows } from './workflow-data.js';
import { autocorrelationSpec, energySpec, forestSpec, paretoKSpec, predictiveSpec } from './workflow-specs.js';

/**
 * The report's sections past the basic checks: the energy plot with E-BFMI and the
 * autocorrelation (MCMC), the forest plot of the shown quantities, the posterior predictive
 * check when the model replicates its data (y_rep of a data vector y) and the PSIS-LOO table
 * with its Pareto k when the fit has a log_lik.
 */

export type Figure = (spec: TopLevelSpec, caption: string) => Promise<string>;

export interface WorkflowInput {
  readonly fit: Fit;
  readonly mcmc: boolean;
  /** Quantities of the trace plots (autocorrelation: the first of them). */
  readonly plotted: readonly string[];
  /** Quantities of the table (the forest plot, up to FOREST_LIMIT). */
  readonly shown: readonly string[];
  /** The model's data, when known: the observed side of the predictive check. */
  readonly data?: unknown;
}

const FOREST_LIMIT = 60;
const AUTOCORRELATION_QUANTITIES = 8;
const MAX_LAG = 40;
const PREDICTIVE_LIMIT = 100;

/** Whether every draw of `name` is positive (a scale, a rate): a log axis suits it. */
export function isPositive(fit: Fit, name: string): boolean {
  return columnDraws(fit, name).every((chain) => chain.every((value) => value > 0 || Number.isNaN(value)));
}

function ebfmiText(ebfmi: Float64Array): string {
  const low = [...ebfmi].map((value, chain) => [value, chain + 1] as const).filter(([value]) => value < 0.3);
  const each = [...ebfmi].map((value, chain) => `chain ${chain + 1}: ${value.toFixed(2)}`).join(', ');
  const verdict = low.length === 0 ? 'all above 0.3' : `below 0.3 for chain${low.length === 1 ? '' : 's'} ${low.map(([, chain]) => chain).join(', ')}: the sampler explores the energy levels poorly, and tails may be under-sampled (reparameterise)`;
  return `E-BFMI ${each} (${verdict}).`;
}

function looSection(fit: Fit, figure: Figure): Promise<PageSection> | undefined {
  if (!fit.outputNames.includes('log_lik[1]')) return undefined;
  let result;
  try {
    result = loo(fit);
  } catch (error) {
    return Promise.resolve({ id: 'loo', title: 'PSIS-LOO', html: `<p class="note">PSIS-LOO could not be computed: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>` });
  }
  const threshold = paretoKThreshold(result.draws);
  const rows = Array.from(result.pointwise.paretoK, (k, i) => ({ observation: i + 1, k }));
  const caption =
    `Pareto k of each observation's importance weights (Vehtari, Gelman & Gabry 2017; Vehtari et al. 2024): above ${threshold.toFixed(2)} ` +
    "(the threshold for this many draws) that observation's leave-one-out estimate is unreliable, and it is highly influential.";
  return figure(paretoKSpec(rows, threshold), caption).then((plot) => ({ id: 'loo', title: 'PSIS-LOO', html: `<pre>${escapeHtml(result.text)}</pre>\n${plot}` }));
}

export function workflowSections(input: WorkflowInput, figure: Figure): Promise<PageSection>[] {
  const { fit } = input;
  const sections: Promise<PageSection>[] = [];
  const add = (id: string, title: string, html: Promise<string>) => sections.push(html.then((text) => ({ id, title, html: text })));
  const energy = input.mcmc ? energyRows(fit) : undefined;
  if (energy !== undefined) {
    const caption =
      'The energy plot (Betancourt 2016): the distribution of the Hamiltonian energy (centred) against that of its changes between draws, per chain. ' +
      `When the changes are much narrower than the energy, the sampler cannot move between energy levels and heavy tails go unexplored. ${ebfmiText(energy.ebfmi)}`;
    add('energy', 'Energy and E-BFMI', figure(energySpec(energy.rows), caption));
  }
  const autocorrelated = input.plotted.slice(0, AUTOCORRELATION_QUANTITIES);
  if (input.mcmc && autocorrelated.length > 0) {
    add('autocorrelation', 'Autocorrelation', figure(autocorrelationSpec(autocorrelationRows(fit, autocorrelated, MAX_LAG)), 'Autocorrelation of each chain\'s draws by lag: the slower it falls to zero, the fewer effective draws per draw (ESS).'));
  }
  // The pointwise log-likelihood has its own section (PSIS-LOO), on another scale.
  const forest = input.shown.filter((name) => name !== 'lp__' && !name.startsWith('log_lik[')).slice(0, FOREST_LIMIT);
  if (forest.length > 0) {
    const logScale = forest.every((name) => isPositive(fit, name));
    const more = input.shown.length - 1 > FOREST_LIMIT ? ` The first ${FOREST_LIMIT} of the quantities in the table.` : '';
    add('forest', 'Forest plot', figure(forestSpec(intervalRows(fit, forest), logScale), `Medians (points) with 50% (thick) and 90% (thin) intervals of all chains' draws.${more}`));
  }
  const replications = findReplications(fit, input.data);
  if (replications !== undefined) {
    const rows = predictiveRows(fit, replications.replicated, replications.values, PREDICTIVE_LIMIT);
    const more = replications.values.length > PREDICTIVE_LIMIT ? ` The first ${PREDICTIVE_LIMIT} of ${replications.values.length} observations.` : '';
    add('predictive', 'Posterior predictive check', figure(predictiveSpec(rows, replications.replicated, replications.observed), `Observed data against the distribution of replicated data (Gabry et al. 2019): most observed values should fall within the intervals, with no pattern in where they fall outside.${more}`));
  }
  const looPart = looSection(fit, figure);
  if (looPart !== undefined) sections.push(looPart);
  return sections;
}
