import { parseArgs } from 'node:util';
import { advi } from '../src/vi/advi.js';
import type { AdviOptions } from '../src/vi/options.js';
import { logisticRegressionModel, logisticRegressionReference } from '../test/vi/support.js';

/**
 * npx tsx scripts/vi-accuracy-sweep.ts [--from 1 --to 40 --family meanfield --stan]
 *
 * The seed sweep behind test/vi/logistic-regression.test.ts's tolerance: mean-field ADVI with
 * its defaults (or Stan's rule with --stan) on logistic_regression, per seed the largest
 * |mean − NUTS mean| / NUTS sd over the parameters, the iterations and gradient evaluations.
 */
const { values } = parseArgs({
  options: { from: { type: 'string', default: '1' }, to: { type: 'string', default: '40' }, family: { type: 'string', default: 'meanfield' }, stan: { type: 'boolean', default: false } },
});
const model = logisticRegressionModel();
const reference = logisticRegressionReference();
const options: AdviOptions = { algorithm: values.family === 'fullrank' ? 'fullrank' : 'meanfield', draws: 100, ...(values.stan ? { averageIterations: 0 } : {}) };
const worst: number[] = [];
console.log('seed  worst_sd  iterations  gradients  status');
for (let seed = Number(values.from); seed <= Number(values.to); seed++) {
  const result = advi(model, { ...options, seed });
  const deviation = Math.max(...reference.names.map((_, i) => Math.abs(result.approximation.mean[i]! - reference.mean[i]!) / reference.sd[i]!));
  worst.push(deviation);
  console.log(`${String(seed).padStart(4)}  ${deviation.toFixed(3).padStart(8)}  ${String(result.iterations).padStart(10)}  ${String(result.gradientEvaluations).padStart(9)}  ${result.status}`);
}
console.log(`worst over seeds: ${Math.max(...worst).toFixed(3)}, best: ${Math.min(...worst).toFixed(3)}`);
