import type { Fit } from '../samplers/run/fit.js';
import { checkEntries } from './approximation-csv.js';
import type { CsvRunInfo } from './sample-csv.js';
import { commentLines, type ConfigNode, dataNode, formatCsvNumber, formatCsvRow, preamble, renderConfig, timingFooter } from './stan-csv-format.js';
import { toStanCsvName } from './stan-csv-names.js';

/**
 * Draws from a variational approximation as CmdStan writes them with `method=variational`:
 * the configuration header, the columns `lp__, log_p__, log_g__` and the model's outputs,
 * the "Stepsize adaptation complete" block with eta, then a first row holding the
 * approximation's mean (mapped to the constrained outputs; its lp__, log_p__ and log_g__ are
 * 0), then one row per draw. CmdStan writes 0 for a draw's lp__; leapfrog writes the model's
 * log density there, as in its fits (equal to log_p__), which no reader relies on either way.
 */

/** The settings recorded in the header (ADVI's resolved configuration has all of them). */
export interface VariationalSettings {
  readonly algorithm: 'meanfield' | 'fullrank';
  readonly maxIterations: number;
  readonly gradSamples: number;
  readonly elboSamples: number;
  readonly eta: number;
  readonly adaptEngaged: boolean;
  readonly adaptIterations: number;
  readonly tolRelObj: number;
  readonly evalElbo: number;
  readonly draws: number;
  readonly seed: number;
  readonly initRadius: number;
}

function header(run: CsvRunInfo, settings: VariationalSettings, fit: Fit): string {
  const tree: ConfigNode[] = [
    ...preamble(run.model, run.startTime),
    { key: 'method', value: 'variational', children: [{ key: 'variational', children: [
      { key: 'algorithm', value: settings.algorithm, children: [{ key: settings.algorithm }] },
      { key: 'iter', value: settings.maxIterations },
      { key: 'grad_samples', value: settings.gradSamples },
      { key: 'elbo_samples', value: settings.elboSamples },
      { key: 'eta', value: settings.eta },
      { key: 'adapt', children: [{ key: 'engaged', value: settings.adaptEngaged ? 1 : 0 }, { key: 'iter', value: settings.adaptIterations }] },
      { key: 'tol_rel_obj', value: settings.tolRelObj },
      { key: 'eval_elbo', value: settings.evalElbo },
      { key: 'output_samples', value: settings.draws },
    ] }] },
    ...checkEntries(fit),
    { key: 'id', value: 1 },
    dataNode(run),
    { key: 'init', value: settings.initRadius },
    { key: 'random', children: [{ key: 'seed', value: settings.seed }] },
    { key: 'output', children: [{ key: 'file', value: run.outputFile }, { key: 'sig_figs', value: run.sigFigs ?? -1 }] },
  ];
  return `${renderConfig(tree)}${fit.columnNames.map(toStanCsvName).join(',')}\n`;
}

/**
 * The whole file. `eta` is the step-size scale used; `meanOutputs` the model's outputs at the
 * approximation's mean; `fit` the one-chain fit of the draws (columns lp__, log_p__, log_g__,
 * outputs).
 */
export function variationalCsvText(run: CsvRunInfo, settings: VariationalSettings, eta: number, meanOutputs: Float64Array, fit: Fit): string {
  const columns = fit.draws[0]!;
  const count = columns[0]?.length ?? 0;
  const parts = [
    header(run, settings, fit),
    commentLines(['Stepsize adaptation complete.', `eta = ${formatCsvNumber(eta)}`]),
    formatCsvRow([0, 0, 0, ...meanOutputs], run.sigFigs),
  ];
  const row = new Float64Array(columns.length);
  for (let draw = 0; draw < count; draw++) {
    for (let column = 0; column < columns.length; column++) row[column] = columns[column]![draw]!;
    parts.push(formatCsvRow(row, run.sigFigs));
  }
  const record = fit.chains[0]!;
  parts.push(timingFooter(record.warmupSeconds, record.samplingSeconds));
  return parts.join('');
}
