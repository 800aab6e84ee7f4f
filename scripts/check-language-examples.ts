// Samples the modelling-language examples (examples/language) with NUTS and compares every
// posterior mean and sd with its reference (the conjugate Dirichlet posterior; quadrature for
// the truncated normal: examples/language/reference.ts), in MCSE units, over several seeds.
// Writes test/fixtures/language-examples.json, which test/examples/language-examples.test.ts
// checks (references unchanged, every |z| < 4.5). Run: npm run check:language-examples
// (about a minute per model and seed on one core); `-- 1,2,3 user_density` runs one model
// and keeps the others' runs in the fixture.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { compileSpec, compileStan, loadSpec, sample } from '../src/index.js';
import { groupsPosterior, studentLocationPosterior, truncatedPosterior } from '../examples/language/reference.js';
import { poolChains } from '../src/samplers/diagnostics/chains.js';
import { mcseMean, mcseSd } from '../src/samplers/diagnostics/mcse.js';
import { meanOf, varianceOf } from '../src/samplers/diagnostics/moments.js';
import { columnDraws } from '../src/samplers/run/fit.js';

const SEEDS = (process.argv[2] ?? '1,2,3').split(',').map(Number);
/** The models to run (default all); the fixture keeps the other models' earlier runs. */
const ONLY = process.argv[3]?.split(',');
const read = (path: string): any => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));

const models = {
  dirichlet_multinomial_groups: groupsPosterior(read('examples/language/dirichlet_multinomial_groups.data.json')),
  truncated_normal: truncatedPosterior(read('examples/language/truncated_normal.data.json')),
  user_density: studentLocationPosterior(read('examples/language/user_density.data.json')),
};

/** A JSON spec, or the Stan program where there is one (user_density.stan). */
function compileExample(id: string) {
  const data = read(`examples/language/${id}.data.json`);
  const stan = new URL(`../examples/language/${id}.stan`, import.meta.url);
  if (existsSync(stan)) return compileStan(readFileSync(stan, 'utf8'), data, { fileName: `${id}.stan`, print: () => {} });
  return compileSpec(loadSpec(`examples/language/${id}.json`), data, { print: () => {} });
}

const fixturePath = new URL('../test/fixtures/language-examples.json', import.meta.url);
const kept = ONLY === undefined || !existsSync(fixturePath) ? [] : (JSON.parse(readFileSync(fixturePath, 'utf8')) as { runs: { model: string }[] }).runs.filter((r) => !ONLY.includes(r.model));
const runs: unknown[] = [...kept];
for (const [id, reference] of Object.entries(models)) {
  if (ONLY !== undefined && !ONLY.includes(id)) continue;
  const model = compileExample(id);
  for (const seed of SEEDS) {
    const started = Date.now();
    const fit = sample(model, { seed, chains: 4, warmup: 1000, draws: 1000 });
    const rows = Object.entries(reference).flatMap(([name, moments]) => {
      const chains = columnDraws(fit, name);
      const pooled = poolChains(chains);
      return [
        { name, statistic: 'mean', estimate: meanOf(pooled), mcse: mcseMean(chains), reference: moments.mean },
        { name, statistic: 'sd', estimate: Math.sqrt(varianceOf(pooled)), mcse: mcseSd(chains), reference: moments.sd },
      ];
    });
    const worst = Math.max(...rows.map((r) => Math.abs(r.estimate - r.reference) / r.mcse));
    console.log(`${id} seed ${seed}: max |z| = ${worst.toFixed(2)} over ${rows.length} moments (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    runs.push({ model: id, seed, chains: 4, warmup: 1000, draws: 1000, maxAbsZ: worst, rows });
  }
}
writeFileSync(fixturePath, `${JSON.stringify({ generator: 'scripts/check-language-examples.ts', runs }, null, 1)}\n`);
console.log('wrote test/fixtures/language-examples.json');
