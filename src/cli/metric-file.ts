import { CliError } from './cli-error.js';
import { readJsonFile } from './json-file.js';
import { denseMetric, diagMetric } from '../samplers/metric.js';

/**
 * `--metric-file file.json`: warm-up's starting inverse metric, as CmdStan's `metric_file`
 * reads it: `{ "inv_metric": [...] }`, the diagonal (dim numbers) for the diag metric or dim
 * rows of dim numbers for the dense one, on the unconstrained scale. The adaptation block of a
 * chain CSV holds the same numbers, so a metric adapted by one run can start another. Shapes
 * are checked here against the model, and positivity (diag) or symmetry and positive
 * definiteness (dense) by the sampler's own metric constructors, so that every problem is
 * one error naming the file and the place.
 */
export function readInverseMetric(path: string, metric: 'diag' | 'dense', dim: number): Float64Array {
  const value = readJsonFile(path, 'metric file');
  const rows = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)['inv_metric'] : undefined;
  if (!Array.isArray(rows)) {
    throw new CliError(`metric file '${path}' must hold an object with 'inv_metric': an array of ${dim} numbers (diag metric) or ${dim} arrays of ${dim} numbers (dense), as CmdStan's metric_file`);
  }
  const dense = rows.some(Array.isArray);
  if (dense !== (metric === 'dense')) {
    throw new CliError(`metric file '${path}': inv_metric is ${dense ? 'a matrix' : 'a vector'}, but the ${metric} metric needs ${metric === 'dense' ? `${dim} rows of ${dim} numbers` : `${dim} numbers`} (--metric ${dense ? 'dense' : 'diag'} takes it)`);
  }
  if (rows.length !== dim) throw new CliError(`metric file '${path}': inv_metric has ${rows.length} ${dense ? 'rows' : 'entries'}, but the model has ${dim} unconstrained coordinates`);
  const entries: unknown[] = [];
  rows.forEach((row: unknown, i) => {
    if (!dense) return entries.push(row);
    if (!Array.isArray(row) || row.length !== dim) throw new CliError(`metric file '${path}': inv_metric[${i}] must be an array of ${dim} numbers`);
    entries.push(...(row as unknown[]));
  });
  const at = (k: number): string => (dense ? `inv_metric[${Math.floor(k / dim)}][${k % dim}]` : `inv_metric[${k}]`);
  entries.forEach((entry, k) => {
    if (typeof entry !== 'number' || !Number.isFinite(entry)) throw new CliError(`metric file '${path}': ${at(k)} is ${JSON.stringify(entry)}, but must be a finite number`);
  });
  const values = Float64Array.from(entries as number[]);
  if (!dense) {
    const k = values.findIndex((v) => !(v > 0));
    if (k >= 0) throw new CliError(`metric file '${path}': ${at(k)} is ${values[k]}, but a variance must be positive`);
  }
  try {
    if (dense) denseMetric(values);
    else diagMetric(values);
  } catch (error) {
    // The constructor's own words (asymmetry, not positive definite), under the file's name.
    const words = (error as Error).message.replace(/^\w+: inverseMass(Diag)?:? ?/, '');
    throw new CliError(`metric file '${path}': inv_metric ${words.startsWith('matrix ') ? words.slice('matrix '.length) : words}`);
  }
  return values;
}
