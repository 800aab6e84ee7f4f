import { quoteSource } from './errors.js';
import { primal } from '../../ad/trace.js';
import { inElementwiseSupport } from '../../models/distributions/checks.js';
import type { DistributionFamily } from '../../models/distributions/distribution.js';
import type { IssueList, JsonPath } from './issues.js';
import type { Lowered } from './lowered.js';

const ELEMENTWISE = new Set(['real', 'lower', 'upper', 'interval', 'integer']);

function supportText(family: DistributionFamily): string {
  const s = family.support;
  switch (s.kind) {
    case 'lower':
      return `values ≥ ${String(primal(s.lower))}`;
    case 'upper':
      return `values ≤ ${String(primal(s.upper))}`;
    case 'interval':
      return `values in [${String(primal(s.lower))}, ${String(primal(s.upper))}]`;
    case 'integer':
      return s.lower === 0 && s.upper === 1 ? '0 and 1' : s.upper === undefined ? `integers ≥ ${s.lower ?? '-∞'}` : `integers in [${s.lower}, ${s.upper}]`;
    default:
      return 'finite values';
  }
}

/**
 * Data observed under `~` checked against the distribution's support once, at compile
 * time: `y[4] (1-based) is -1, outside the support of poisson (integers ≥ 0)`. Otherwise
 * the log density would be −∞ at every point and the sampler could not start.
 */
export function checkDataSupport(family: DistributionFamily, outcome: Lowered, source: string, path: JsonPath, issues: IssueList): void {
  if (family.supportDependsOnParameters || !ELEMENTWISE.has(family.support.kind)) return;
  const value = primal(outcome.evaluate({ slots: [] }));
  const data = typeof value === 'number' ? Float64Array.of(value) : value.data;
  for (let k = 0; k < data.length; k++) {
    if (inElementwiseSupport(family.support, data[k]!)) continue;
    const element = typeof value === 'number' ? quoteSource(source) : `element ${k + 1} (1-based) of ${quoteSource(source)}`;
    issues.add(path, `${element} is ${data[k]}, outside the support of ${family.name} (${supportText(family)})`);
    return;
  }
}
