import type { TopLevelSpec } from 'vega-lite';
import { type AdviConfig, type Fit, formatSummaryCsv, sampleCsvText, summary, variationalCsvText } from '../../src/browser.js';
import { escapeHtml } from '../../src/report/html.js';
import { buildReport } from '../../src/report/report.js';
import { drawsFingerprint } from './fingerprint.js';
import { renderPlot } from './vega-render.js';

/**
 * A finished run in the page: what ran and how long, the draws' fingerprint, downloads (one
 * Stan CSV per chain or variational.csv, and summary.csv, written by leapfrog's io), then the
 * sections of leapfrog's report.html — diagnostics with their warnings, the summary table,
 * trace, rank, density and pair plots — built by the report's own code from the same
 * vega-lite specifications, the plots drawn here by vega instead of as static SVG.
 */

export interface FinishedRun {
  readonly modelName: string;
  readonly title: string;
  readonly fit: Fit;
  readonly seconds: number;
  readonly settings: readonly (readonly [string, string])[];
  /** ADVI: what variational.csv records besides the draws. */
  readonly variational?: { readonly config: AdviConfig; readonly eta: number; readonly meanOutputs: Float64Array };
  readonly notes?: readonly string[];
}

function download(name: string, text: string): string {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  return `<a class="download" href="${url}" download="${escapeHtml(name)}">${escapeHtml(name)}</a>`;
}

function downloads(run: FinishedRun, summaryCsv: string): string {
  const info = (outputFile: string) => ({ model: run.modelName, startTime: new Date(), outputFile });
  const files = run.variational === undefined
    ? run.fit.chains.map((_, chain) => download(`chain_${chain + 1}.csv`, sampleCsvText(info(`chain_${chain + 1}.csv`), run.fit, chain)))
    : [download('variational.csv', variationalCsvText(info('variational.csv'), run.variational.config, run.variational.eta, run.variational.meanOutputs, run.fit))];
  return [...files, download('summary.csv', summaryCsv)].join(' ');
}

/**
 * Lets the page handle its events before the next step. Every step below is synchronous work
 * on the page's thread (the summary, the report's sections, each plot drawn by vega), and
 * promises alone would chain them into one task that keeps a click waiting for all of them.
 */
const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function showResults(container: HTMLElement, run: FinishedRun): Promise<void> {
  for (const link of container.querySelectorAll<HTMLAnchorElement>('a.download')) URL.revokeObjectURL(link.href);
  await yieldToPage();
  const result = summary(run.fit);
  await yieldToPage();
  const specs: TopLevelSpec[] = [];
  // The report's sections, each plot a placeholder for vega to fill.
  const record = (spec: TopLevelSpec): Promise<string> => Promise.resolve(`<div class="plot" data-plot="${specs.push(spec) - 1}"></div>`);
  const approximate = run.variational !== undefined;
  const html = await buildReport({ title: run.title, settings: run.settings, fit: run.fit, summary: result, notes: run.notes ?? [], approximate }, record);
  await yieldToPage();
  const sections = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('body > section');
  const drawCount = run.fit.draws[0]?.[0]?.length ?? 0;
  container.innerHTML = `<h2>${escapeHtml(run.title)}</h2>
<p class="run-line">${run.fit.draws.length} × ${drawCount} draws in ${run.seconds.toFixed(2)} s · draws fingerprint <code id="fingerprint">${drawsFingerprint(run.fit)}</code></p>
<p class="downloads">Download: ${downloads(run, formatSummaryCsv(result.rows))}</p>`;
  for (const section of sections) container.append(document.importNode(section, true));
  container.querySelector('section#run')?.remove(); // the settings are above, in the form
  for (const element of container.querySelectorAll<HTMLElement>('div.plot')) {
    await yieldToPage();
    try {
      await renderPlot(specs[Number(element.dataset.plot)]!, element);
    } catch (error) {
      element.innerHTML = `<p class="plot-error">This plot could not be drawn: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`;
    }
  }
  container.dataset.state = 'shown';
}
