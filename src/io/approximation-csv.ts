import type { Fit } from '../samplers/run/fit.js';
import type { CsvRunInfo } from './sample-csv.js';
import { commentLines, type ConfigNode, dataNode, formatCsvNumber, formatCsvRow, preamble, renderConfig, timingFooter } from './stan-csv-format.js';
import { toStanCsvName } from './stan-csv-names.js';

/**
 * Draws of any approximation (ADVI, Pathfinder, Laplace) as a file that CmdStan's readers and
 * fitFromVariationalCsv take as variational output: the configuration header (with what the
 * approximation is, and, for resampled draws, the Pareto k computed before resampling), the
 * columns lp__, log_p__, log_g__ and the outputs, a first row with the draws' means (where
 * CmdStan writes the approximation's mean), one row per draw, the timing footer. ADVI's own
 * file, with its settings, is variational-csv.ts's.
 */

/** Header keys of the fields that readFit restores. */
export const APPROXIMATION_KEY = 'approximation';
/** The Pareto k of the approximation check and the number of draws it was estimated from
 *  (for resampled draws, those before resampling; see samplers/diagnostics/approximation-check.ts). */
export const PARETO_K_KEY = 'pareto_k';
export const PARETO_K_DRAWS_KEY = 'pareto_k_draws';

/** The header entries recording a fit's approximation check, if it carries one. */
export function checkEntries(fit: Fit): ConfigNode[] {
  const check = fit.approximationCheck;
  if (check === undefined) return [];
  return [
    { key: PARETO_K_KEY, value: formatCsvNumber(check.paretoK) },
    { key: PARETO_K_DRAWS_KEY, value: check.draws },
  ];
}

function header(run: CsvRunInfo, fit: Fit): string {
  const tree: ConfigNode[] = [
    ...preamble(run.model, run.startTime),
    { key: 'method', value: 'variational' },
    { key: APPROXIMATION_KEY, value: fit.approximation ?? 'approximation' },
    ...checkEntries(fit),
    { key: 'draws', value: fit.draws[0]?.[0]?.length ?? 0 },
    { key: 'id', value: 1 },
    dataNode(run),
    { key: 'random', children: [{ key: 'seed', value: fit.config.seed }] },
    { key: 'output', children: [{ key: 'file', value: run.outputFile }, { key: 'sig_figs', value: run.sigFigs ?? -1 }] },
  ];
  return `${renderConfig(tree)}${fit.columnNames.map(toStanCsvName).join(',')}\n`;
}

/** The whole file for a one-chain fit of approximate draws. */
export function approximationCsvText(run: CsvRunInfo, fit: Fit): string {
  if (fit.approximation === undefined || fit.draws.length !== 1) {
    throw new Error('approximationCsvText: the fit is not one chain of draws from an approximation; write MCMC chains with sampleCsvText');
  }
  const columns = fit.draws[0]!;
  const count = columns[0]?.length ?? 0;
  const means = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / Math.max(count, 1));
  const parts = [header(run, fit), commentLines(['Draws from an approximation; the first row holds their means.']), formatCsvRow([0, 0, 0, ...means.slice(3)], run.sigFigs)];
  const row = new Float64Array(columns.length);
  for (let draw = 0; draw < count; draw++) {
    for (let column = 0; column < columns.length; column++) row[column] = columns[column]![draw]!;
    parts.push(formatCsvRow(row, run.sigFigs));
  }
  const record = fit.chains[0]!;
  parts.push(timingFooter(record.warmupSeconds, record.samplingSeconds));
  return parts.join('');
}
