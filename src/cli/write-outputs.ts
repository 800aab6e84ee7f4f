import { join } from 'node:path';
import { replaceFile } from '../io/csv-stream.js';
import { formatSummaryCsv } from '../io/summary-csv.js';
import { chooseQuantities, type QuantitySelection, selectByPatterns } from '../report/quantity-selection.js';
import { formatSummaryTable } from '../samplers/diagnostics/summary-table.js';
import type { Fit } from '../samplers/run/fit.js';
import { type FitSummary, summary } from '../samplers/run/summary.js';
import { CliError, closestName } from './cli-error.js';
import type { LoadedModel } from './load-model.js';
import { mayWrite, recordFile } from './run-manifest.js';

/**
 * What `sample`, `vi` and `summary <dir>` leave next to the draws: summary.csv (the summary
 * table of every quantity, at full precision) and report.html, which like the printed table
 * shows the quantities chosen by --vars (by default all of a small model, a sample of a
 * large one; see report/quantity-selection.ts).
 */

export interface FitOutputs {
  /** The printed summary: header, table, warnings and notes. */
  readonly summaryText: string;
  readonly paths: readonly string[];
}

export interface FitOutputRequest {
  readonly directory: string;
  readonly fit: Fit;
  /** Page title of the report. */
  readonly title: string;
  /** The "Run" table of the report. */
  readonly settings: readonly (readonly [string, string])[];
  readonly notes?: readonly string[];
  /** Independent draws from an approximation (VI), not MCMC chains. */
  readonly approximate?: boolean;
  /** Write summary.csv (true) or leave it as it is (false, when re-reading saved output). */
  readonly writeSummaryCsv?: boolean;
  /** The --vars text. */
  readonly vars?: string;
  /** The model and its data, when known: the report's posterior predictive check replicates its data. */
  readonly model?: Pick<LoadedModel, 'model' | 'data'>;
  /** The data, when the model is not loaded (summary --report of saved output). */
  readonly data?: unknown;
  /**
   * Given the printed summary as soon as it is known, before the report is rendered (which
   * takes seconds): a command that prints it then, rather than with its result, shows the
   * user the summary that much sooner.
   */
  readonly onSummary?: (summaryText: string) => void;
}

/** The quantities to show, with --vars mistakes as one-line errors. */
export function selectQuantities(result: FitSummary, vars: string | undefined): QuantitySelection {
  try {
    return chooseQuantities(result.rows, result.warnings, vars, closestName);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

/**
 * Checks --vars against the model's quantities before any work is done, so that a misspelt
 * name fails at once rather than after sampling.
 */
export function checkVars(vars: string | undefined, outputNames: readonly string[]): void {
  if (vars === undefined) return;
  try {
    selectByPatterns(['lp__', ...outputNames], vars, closestName);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

/** The printed summary: the header, the table of the chosen quantities, the note saying which, the warnings. */
export function summaryTextOf(result: FitSummary, selection: QuantitySelection, header = result.header): string {
  const shown = new Set(selection.names);
  const rows = selection.names.length === result.rows.length ? result.rows : result.rows.filter((row) => shown.has(row.name));
  const note = selection.note === undefined ? '' : `\n${selection.note}`;
  return `${header}\n\n${formatSummaryTable(rows)}${note}\n\n${result.warningText}`;
}

export async function writeFitOutputs(request: FitOutputRequest): Promise<FitOutputs> {
  const { directory, fit } = request;
  const result = summary(fit);
  const selection = selectQuantities(result, request.vars);
  const notes = request.notes ?? [];
  const paths: string[] = [];
  if (request.writeSummaryCsv !== false) {
    const summaryPath = join(directory, 'summary.csv');
    replaceFile(summaryPath, formatSummaryCsv(result.rows));
    paths.push(summaryPath);
  }
  const reportPath = join(directory, 'report.html');
  if (!mayWrite(directory, 'report.html')) {
    throw new CliError(`'${reportPath}' was not written by leapfrog (the run manifest does not list it), and leapfrog does not replace it; move it away to write the report`);
  }
  const noteText = notes.length > 0 ? `\n${notes.map((note) => `Note: ${note}`).join('\n')}` : '';
  const summaryText = `${summaryTextOf(result, selection)}${noteText}`;
  request.onSummary?.(summaryText);
  // The report's modules, with vega and vega-lite (~0.5 s to load), load only now, when a
  // report is written, not at the start of every command.
  const [{ buildReport }, { renderVegaLiteToSvg }] = await Promise.all([import('../report/report.js'), import('../report/plot.js')]);
  const html = await buildReport(
    { title: request.title, settings: request.settings, fit, summary: result, notes, approximate: request.approximate, shown: selection, data: request.model?.data ?? request.data },
    renderVegaLiteToSvg,
  );
  recordFile(directory, 'report.html');
  replaceFile(reportPath, html);
  paths.push(reportPath);
  return { summaryText, paths };
}
