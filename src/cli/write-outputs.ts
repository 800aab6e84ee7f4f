import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFile } from '../io/csv-stream.js';
import { formatSummaryCsv } from '../io/summary-csv.js';
import type { Fit } from '../samplers/run/fit.js';
import { summary } from '../samplers/run/summary.js';

/**
 * What `sample` and `summary <dir>` leave next to the chain CSVs: summary.csv (the summary
 * table at full precision) and report.html.
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
}

export async function writeFitOutputs(request: FitOutputRequest): Promise<FitOutputs> {
  const { directory, fit } = request;
  const result = summary(fit);
  const notes = request.notes ?? [];
  const paths: string[] = [];
  if (request.writeSummaryCsv !== false) {
    const summaryPath = join(directory, 'summary.csv');
    replaceFile(summaryPath, formatSummaryCsv(result.rows));
    paths.push(summaryPath);
  }
  const reportPath = join(directory, 'report.html');
  // The report's modules, with vega and vega-lite (~0.5 s to load), load only now, when a
  // report is written, not at the start of every command.
  const [{ buildReport }, { renderVegaLiteToSvg }] = await Promise.all([import('../report/report.js'), import('../report/plot.js')]);
  const html = await buildReport(
    { title: request.title, settings: request.settings, fit, summary: result, notes, approximate: request.approximate },
    renderVegaLiteToSvg,
  );
  writeFileSync(reportPath, html);
  paths.push(reportPath);
  const noteText = notes.length > 0 ? `\n${notes.map((note) => `Note: ${note}`).join('\n')}` : '';
  return { summaryText: `${result.text}${noteText}`, paths };
}
