import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { columnDraws, type Fit } from '../src/samplers/run/fit.js';
import { sample } from '../src/samplers/run/sample.js';
import { compareQuantity, sampledQuantity } from '../src/validation/posteriordb.js';
import { type LoadedPosterior, loadPosterior } from '../src/validation/posteriordb-run.js';
import { pathfinder } from '../src/vi/pathfinder/pathfinder.js';

/**
 * npx tsx scripts/pathfinder-init-warmup.ts [--posteriors a,b --warmups 50,100,200,500,1000 --seed 1]
 *
 * Does starting NUTS at Pathfinder draws (init: 'pathfinder') let warm-up be shorter? For
 * each posterior and warm-up length, 4 chains × 1000 draws from random inits and from
 * Pathfinder inits, judged against the posteriordb reference as `npm run validate` judges
 * them (every mean and sd within 4 combined MCSEs, R-hat ≤ 1.01) and without divergences.
 * Prints per run the warm-up gradient evaluations (Pathfinder's included for its rows) and
 * the verdict, then the shortest passing warm-up per posterior and initialisation.
 */

const { values } = parseArgs({
  options: {
    posteriors: { type: 'string', default: 'arK-arK,kidiq-kidscore_interaction,eight_schools-eight_schools_noncentered,garch-garch11,sblrc-blr,nes2000-nes' },
    warmups: { type: 'string', default: '50,100,200,500,1000' },
    seed: { type: 'string', default: '1' },
  },
});

function warmupGradients(fit: Fit): number {
  const sampling = columnDraws(fit, 'n_leapfrog__').reduce((sum, chain) => sum + chain.reduce((a, b) => a + b, 0), 0);
  return fit.chains.reduce((sum, chain) => sum + chain.gradientEvaluations, 0) - sampling;
}

function judge(fit: Fit, posterior: LoadedPosterior): string[] {
  const problems = posterior.reference.quantities.flatMap((quantity) => compareQuantity(sampledQuantity(quantity.name, columnDraws(fit, quantity.name)), quantity).problems.map((problem) => `${quantity.name}: ${problem}`));
  const divergences = columnDraws(fit, 'divergent__').reduce((sum, chain) => sum + chain.reduce((a, b) => a + b, 0), 0);
  return divergences > 0 ? [`${divergences} divergences`, ...problems] : problems;
}

const root = join(fileURLToPath(new URL('..', import.meta.url)), 'examples', 'posteriordb');
const seed = Number(values.seed);
const warmups = values.warmups.split(',').map(Number);
const shortest: string[] = [];
console.log('posterior | init | warm-up | warm-up gradients (+ Pathfinder) | verdict');
for (const name of values.posteriors.split(',')) {
  const posterior = await loadPosterior(root, name);
  const adaptDelta = Math.max(0.8, posterior.reference.adaptDelta ?? 0.8);
  const pathfinderGradients = pathfinder(posterior.model, { seed, drawsPerPath: 250, draws: 250 }).gradientEvaluations;
  for (const init of ['random', 'pathfinder'] as const) {
    let found: number | undefined;
    for (const warmup of warmups) {
      const fit = sample(posterior.model, { chains: 4, warmup, draws: 1000, seed, init, adaptDelta });
      const problems = judge(fit, posterior);
      const gradients = warmupGradients(fit);
      const extra = init === 'pathfinder' ? ` + ${pathfinderGradients}` : '';
      console.log(`${name} | ${init} | ${warmup} | ${gradients}${extra} | ${problems.length === 0 ? 'pass' : `fail: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1})` : ''}`}`);
      if (problems.length === 0 && found === undefined) found = warmup;
    }
    shortest.push(`${name}, ${init} inits: shortest passing warm-up ${found ?? 'none'}`);
  }
}
console.log(`\n${shortest.join('\n')}`);
