import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { columnDraws, type Fit } from '../src/samplers/run/fit.js';
import { listPosteriors, type LoadedPosterior, loadPosterior } from '../src/validation/posteriordb-run.js';
import { advi } from '../src/vi/advi.js';
import { pathfinder } from '../src/vi/pathfinder/pathfinder.js';

/**
 * npx tsx scripts/pathfinder-check.ts [--seed 1 --only a,b --skip a,b --no-advi --out out/pathfinder-check]
 *
 * Pathfinder (multi-path, Stan's defaults: 4 paths, PSIS resampling) on every posteriordb
 * example of examples/posteriordb: each reference quantity's mean against the reference
 * (|mean − reference mean| / reference sd, which must be ≤ 0.3, or the approximation's
 * Pareto k must be > 0.7 and so say that it is not to be trusted), and the gradient
 * evaluations it took beside mean-field ADVI's, with leapfrog's defaults (iterates averaged
 * after convergence) and with Stan's rule (averageIterations 0). Prints a table (markdown)
 * and writes it with a JSON copy to --out. Exits 1 when a posterior fails the check.
 */

const MEAN_TOLERANCE = 0.3;
const K_UNRELIABLE = 0.7;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    skip: { type: 'string' },
    'no-advi': { type: 'boolean', default: false },
    out: { type: 'string', default: 'out/pathfinder-check' },
  },
});

interface Row {
  readonly posterior: string;
  readonly dim: number;
  readonly paretoK: number;
  readonly worstQuantity: string;
  readonly worstDeviation: number;
  readonly verdict: 'pass' | 'flagged' | 'FAIL';
  readonly pathfinderGradients: number;
  readonly pathfinderSeconds: number;
  readonly adviGradients?: number;
  readonly adviStanGradients?: number;
  readonly adviWorstDeviation?: number;
  readonly error?: string;
}

function worstDeviation(fit: Fit, posterior: LoadedPosterior): { name: string; deviation: number } {
  let worst = { name: '', deviation: 0 };
  for (const quantity of posterior.reference.quantities) {
    const draws = columnDraws(fit, quantity.name).flatMap((chain) => [...chain]);
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const deviation = quantity.sd > 0 ? Math.abs(mean - quantity.mean) / quantity.sd : 0;
    if (!(deviation <= worst.deviation)) worst = { name: quantity.name, deviation };
  }
  return worst;
}

function check(posterior: LoadedPosterior, seed: number, withAdvi: boolean): Row {
  const start = performance.now();
  const result = pathfinder(posterior.model, { seed });
  const seconds = (performance.now() - start) / 1000;
  const worst = worstDeviation(result.fit, posterior);
  const k = result.approximationCheck!.paretoK;
  const verdict = worst.deviation <= MEAN_TOLERANCE ? 'pass' : k > K_UNRELIABLE ? 'flagged' : 'FAIL';
  const row: Row = {
    posterior: posterior.name,
    dim: posterior.model.dim,
    paretoK: k,
    worstQuantity: worst.name,
    worstDeviation: worst.deviation,
    verdict,
    pathfinderGradients: result.gradientEvaluations,
    pathfinderSeconds: seconds,
  };
  if (!withAdvi) return row;
  const averaged = advi(posterior.model, { seed, draws: 1000 });
  const stanRule = advi(posterior.model, { seed, draws: 10, averageIterations: 0 });
  return { ...row, adviGradients: averaged.gradientEvaluations, adviStanGradients: stanRule.gradientEvaluations, adviWorstDeviation: worstDeviation(averaged.fit, posterior).deviation };
}

function markdown(rows: readonly Row[], seed: number): string {
  const header = '| posterior | dim | Pathfinder k | worst mean (sd) | verdict | Pathfinder grads | ADVI grads (default) | ADVI grads (Stan rule) | ADVI worst mean (sd) | Pathfinder s |';
  const lines = rows.map((row) =>
    row.error !== undefined
      ? `| ${row.posterior} | ${row.dim} | – | – | FAIL: ${row.error.split('\n')[0]} | – | – | – | – | – |`
      : `| ${row.posterior} | ${row.dim} | ${row.paretoK.toFixed(2)} | ${row.worstDeviation.toFixed(2)} (${row.worstQuantity}) | ${row.verdict} | ${row.pathfinderGradients} | ${row.adviGradients ?? '–'} | ${row.adviStanGradients ?? '–'} | ${row.adviWorstDeviation?.toFixed(2) ?? '–'} | ${row.pathfinderSeconds.toFixed(1)} |`,
  );
  return [
    `Pathfinder (4 paths, PSIS resampling; seed ${seed}) on posteriordb: pass = every reference mean within ${MEAN_TOLERANCE} posterior sd; flagged = not, but Pareto k > ${K_UNRELIABLE} says the approximation is unreliable.`,
    '',
    header,
    `|${'---|'.repeat(10)}`,
    ...lines,
  ].join('\n');
}

const root = join(fileURLToPath(new URL('..', import.meta.url)), 'examples', 'posteriordb');
const only = values.only?.split(',');
const skip = new Set(values.skip?.split(',') ?? []);
const names = listPosteriors(root).filter((name) => (only === undefined || only.includes(name)) && !skip.has(name));
const seed = Number(values.seed);
const rows: Row[] = [];
for (const name of names) {
  process.stderr.write(`${name} ...\n`);
  const posterior = await loadPosterior(root, name);
  try {
    rows.push(check(posterior, seed, !values['no-advi']));
  } catch (error) {
    rows.push({ posterior: name, dim: posterior.model.dim, paretoK: NaN, worstQuantity: '', worstDeviation: NaN, verdict: 'FAIL', pathfinderGradients: 0, pathfinderSeconds: 0, error: error instanceof Error ? error.message : String(error) });
  }
}
const text = markdown(rows, seed);
console.log(text);
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'pathfinder-check.md'), `${text}\n`);
writeFileSync(join(values.out, 'pathfinder-check.json'), `${JSON.stringify(rows, null, 1)}\n`);
process.exitCode = rows.some((row) => row.verdict === 'FAIL') ? 1 : 0;
