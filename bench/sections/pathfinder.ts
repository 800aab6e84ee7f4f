import { fileURLToPath } from 'node:url';
import { columnDraws, type Fit } from '../../src/samplers/run/fit.js';
import { listPosteriors, type LoadedPosterior, loadPosterior } from '../../src/validation/posteriordb-run.js';
import { advi } from '../../src/vi/advi.js';
import { pathfinder } from '../../src/vi/pathfinder/pathfinder.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// Pathfinder (Zhang, Carpenter, Gelman & Vehtari 2022) on every posteriordb example of
// examples/posteriordb, with Stan's defaults (4 paths, 1000 draws per path, PSIS resampling to
// 1000): each reference mean against the reference (|mean − reference| / reference sd, which
// must be ≤ 0.3, or the approximation's Pareto k must exceed 0.7 and so say it is not to be
// trusted), and the gradient evaluations it took beside mean-field ADVI's — with leapfrog's
// defaults (iterates averaged after convergence until the average settles) and with Stan's
// stopping rule (averageIterations 0). The paper's claim is one to two orders of magnitude
// fewer gradients than ADVI for approximations as good; the rows say where that holds.

const MEAN_TOLERANCE = 0.3;
const K_UNRELIABLE = 0.7;
const SEED = 1;

export const posteriordbRoot = fileURLToPath(new URL('../../examples/posteriordb', import.meta.url));

/** The largest |mean − reference mean| / reference sd over the posterior's reference quantities. */
export function worstMeanDeviation(fit: Fit, posterior: LoadedPosterior): { readonly name: string; readonly deviation: number } {
  let worst = { name: '', deviation: 0 };
  for (const quantity of posterior.reference.quantities) {
    const draws = columnDraws(fit, quantity.name).flatMap((chain) => [...chain]);
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const deviation = quantity.sd > 0 ? Math.abs(mean - quantity.mean) / quantity.sd : 0;
    if (!(deviation <= worst.deviation)) worst = { name: quantity.name, deviation };
  }
  return worst;
}

function row(posterior: LoadedPosterior): { row: Record<string, Cell>; failure: string | null } {
  const start = performance.now();
  const result = pathfinder(posterior.model, { seed: SEED });
  const seconds = (performance.now() - start) / 1000;
  const worst = worstMeanDeviation(result.fit, posterior);
  const k = result.approximationCheck?.paretoK ?? Number.NaN;
  const verdict = worst.deviation <= MEAN_TOLERANCE ? 'pass' : k > K_UNRELIABLE ? 'flagged (k > 0.7)' : 'FAIL';
  const averaged = advi(posterior.model, { seed: SEED, draws: 1000 });
  const stanRule = advi(posterior.model, { seed: SEED, draws: 10, averageIterations: 0 });
  return {
    row: {
      posterior: posterior.name,
      dim: posterior.model.dim,
      paretoK: k,
      worstMean: worst.deviation,
      worstQuantity: worst.name,
      verdict,
      pathfinderGradients: result.gradientEvaluations,
      adviGradients: averaged.gradientEvaluations,
      adviStanGradients: stanRule.gradientEvaluations,
      gradientRatio: averaged.gradientEvaluations / result.gradientEvaluations,
      adviWorstMean: worstMeanDeviation(averaged.fit, posterior).deviation,
      pathfinderSeconds: seconds,
    },
    failure: verdict === 'FAIL' ? `${posterior.name}: a Pathfinder mean is ${worst.deviation.toFixed(2)} sd from the reference (${worst.name}) while Pareto k = ${k.toFixed(2)} ≤ ${K_UNRELIABLE} calls it reliable` : null,
  };
}

export const pathfinderSection: BenchSection = {
  id: 'pathfinder',
  title: 'Pathfinder on every posteriordb example: accuracy, Pareto k, gradients beside mean-field ADVI',
  async run(context: BenchContext): Promise<SectionResult> {
    const rows: Record<string, Cell>[] = [];
    const failures: string[] = [];
    for (const name of listPosteriors(posteriordbRoot)) {
      context.log(`  pathfinder: ${name}`);
      const result = row(await loadPosterior(posteriordbRoot, name));
      rows.push(result.row);
      if (result.failure !== null) failures.push(result.failure);
    }
    return {
      columns: [
        { key: 'posterior', header: 'posterior' },
        { key: 'dim', header: 'dim', format: 'integer' },
        { key: 'paretoK', header: 'k', format: 'fixed' },
        { key: 'worstMean', header: 'worst mean (sd)', format: 'fixed' },
        { key: 'worstQuantity', header: 'of' },
        { key: 'verdict', header: 'verdict' },
        { key: 'pathfinderGradients', header: 'Pathfinder grads', format: 'integer' },
        { key: 'adviGradients', header: 'ADVI grads', format: 'integer' },
        { key: 'adviStanGradients', header: "ADVI grads (Stan's rule)", format: 'integer' },
        { key: 'gradientRatio', header: 'ADVI / Pathfinder', format: 'ratio' },
        { key: 'adviWorstMean', header: 'ADVI worst mean (sd)', format: 'fixed' },
        { key: 'pathfinderSeconds', header: 'Pathfinder s', format: 'micros' },
      ],
      rows,
      notes: [
        `Seed ${SEED}. Pathfinder: 4 paths, 1000 draws a path, PSIS resampling to 1000 (Stan's defaults); k is the Pareto k of its importance weights.`,
        `pass: every reference mean within ${MEAN_TOLERANCE} posterior sd; flagged: not, but k > ${K_UNRELIABLE} says the approximation is not to be trusted; FAIL: off and not flagged (a failed check).`,
        "ADVI: mean-field, leapfrog's defaults (averaged iterates) and Stan's rule; gradients include the step-size search; about 10,200 means the 10,000-iteration cap was reached.",
        'Reference means and sds: posteriordb (examples/posteriordb/*/reference.json).',
      ],
      failures,
    };
  },
};
