import { defaultTolerances } from '../optimize/termination.js';
import type { OptimizeResult } from '../optimize/optimize.js';
import type { CsvRunInfo } from './sample-csv.js';
import { type ConfigNode, dataNode, formatCsvRow, preamble, renderConfig } from './stan-csv-format.js';
import { toStanCsvName } from './stan-csv-names.js';

/**
 * A posterior mode as CmdStan writes it with `method=optimize`: the configuration header
 * (L-BFGS and its tolerances, jacobian, iter), the column row `lp__` and the model's outputs
 * in Stan's dotted names, one row: the log density at the mode (with or without the
 * Jacobian terms, as optimized) and the outputs there.
 */

export interface OptimizeSettings {
  readonly iterations: number;
  readonly initRadius: number;
  readonly seed: number;
}

export function optimizeCsvText(run: CsvRunInfo, result: OptimizeResult, settings: OptimizeSettings): string {
  const tolerances = Object.entries(defaultTolerances).map(([name, value]) => ({ key: name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value }));
  const tree: ConfigNode[] = [
    ...preamble(run.model, run.startTime),
    { key: 'method', value: 'optimize', children: [{ key: 'optimize', children: [
      { key: 'algorithm', value: 'lbfgs', children: [{ key: 'lbfgs', children: [{ key: 'init_alpha', value: 0.001 }, ...tolerances, { key: 'history_size', value: 5 }] }] },
      { key: 'jacobian', value: result.jacobian ? 1 : 0 },
      { key: 'iter', value: settings.iterations },
      { key: 'save_iterations', value: 0 },
    ] }] },
    { key: 'id', value: 1 },
    dataNode(run),
    { key: 'init', value: settings.initRadius },
    { key: 'random', children: [{ key: 'seed', value: settings.seed }] },
    { key: 'output', children: [{ key: 'file', value: run.outputFile }, { key: 'sig_figs', value: run.sigFigs ?? -1 }] },
  ];
  const columns = ['lp__', ...result.outputNames.map(toStanCsvName)];
  return `${renderConfig(tree)}${columns.join(',')}\n${formatCsvRow([result.logDensity, ...result.outputs], run.sigFigs)}`;
}
