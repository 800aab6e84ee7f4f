import { columnDraws, type Fit } from '../../src/samplers/run/fit.js';
import { sample } from '../../src/samplers/run/sample.js';
import { compareQuantity, sampledQuantity } from '../../src/validation/posteriordb.js';
import { type LoadedPosterior, loadPosterior } from '../../src/validation/posteriordb-run.js';
import { pathfinder } from '../../src/vi/pathfinder/pathfinder.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';
import { posteriordbRoot } from './pathfinder.js';

// Does starting NUTS from Pathfinder (init: 'pathfinder': chains at distinct Pathfinder draws,
// warm-up's metric from their variance) let warm-up be shorter? For each posterior and warm-up
// length, 4 chains × 1000 draws from random inits and from Pathfinder, judged as
// `npm run validate` judges a run (every reference mean and sd within 4 combined MCSEs, R-hat
// ≤ 1.01) and without divergences; the cost is the warm-up's gradient evaluations over the
// chains, Pathfinder's own (4 paths × 250 draws) counted in for its rows. Minutes: runs when
// named (`npm run bench -- --only pathfinder-warmup`).

const POSTERIORS = [
  'arK-arK',
  'kidiq-kidscore_interaction',
  'eight_schools-eight_schools_noncentered',
  'garch-garch11',
  'sblrc-blr',
  'nes2000-nes',
];
const WARMUPS = [50, 100, 200, 1000];
const SEED = 1;

function warmupGradients(fit: Fit): number {
  const sampling = columnDraws(fit, 'n_leapfrog__').reduce((sum, chain) => sum + chain.reduce((a, b) => a + b, 0), 0);
  return fit.chains.reduce((sum, chain) => sum + chain.gradientEvaluations, 0) - sampling;
}

function problems(fit: Fit, posterior: LoadedPosterior): string[] {
  const found = posterior.reference.quantities.flatMap((quantity) =>
    compareQuantity(sampledQuantity(quantity.name, columnDraws(fit, quantity.name)), quantity).problems.map((problem) => `${quantity.name}: ${problem}`),
  );
  const divergences = columnDraws(fit, 'divergent__').reduce((sum, chain) => sum + chain.reduce((a, b) => a + b, 0), 0);
  return divergences > 0 ? [`${divergences} divergences`, ...found] : found;
}

export const pathfinderWarmupSection: BenchSection = {
  id: 'pathfinder-warmup',
  title: "NUTS warm-up from random inits and from init: 'pathfinder': gradients and verdicts by warm-up length",
  byDefault: false,
  async run(context: BenchContext): Promise<SectionResult> {
    const rows: Record<string, Cell>[] = [];
    for (const name of POSTERIORS) {
      const posterior = await loadPosterior(posteriordbRoot, name);
      const adaptDelta = Math.max(0.8, posterior.reference.adaptDelta ?? 0.8);
      // The Pathfinder run init: 'pathfinder' makes (sample's draws per path and seed).
      const pathfinderGradients = pathfinder(posterior.model, { seed: SEED, drawsPerPath: 250, draws: 250 }).gradientEvaluations;
      for (const init of ['random', 'pathfinder'] as const) {
        for (const warmup of WARMUPS) {
          context.log(`  pathfinder-warmup: ${name}, ${init} inits, warm-up ${warmup}`);
          const fit = sample(posterior.model, { chains: 4, warmup, draws: 1000, seed: SEED, init, adaptDelta });
          const found = problems(fit, posterior);
          const gradients = warmupGradients(fit) + (init === 'pathfinder' ? pathfinderGradients : 0);
          rows.push({
            posterior: name,
            init,
            warmup,
            gradients,
            verdict: found.length === 0 ? 'pass' : `fail: ${found[0]}${found.length > 1 ? ` (+${found.length - 1})` : ''}`,
          });
        }
      }
    }
    return {
      columns: [
        { key: 'posterior', header: 'posterior' },
        { key: 'init', header: 'init' },
        { key: 'warmup', header: 'warm-up', format: 'integer' },
        { key: 'gradients', header: 'warm-up gradients', format: 'integer' },
        { key: 'verdict', header: 'verdict' },
      ],
      rows,
      notes: [
        `Seed ${SEED}; 4 chains × 1000 draws; adapt_delta as posteriordb's reference run (at least 0.8). Warm-up gradients summed over the chains; for Pathfinder rows they include Pathfinder's own.`,
        "pass: `npm run validate`'s test (every mean and sd within 4 combined MCSEs of the reference, R-hat ≤ 1.01) and no divergence.",
        'No failed check is raised here: a short warm-up is expected to fail on some posteriors; the table is the comparison.',
      ],
      failures: [],
    };
  },
};
