import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileStan } from '../src/language/stan/index.js';
import { sample } from '../src/samplers/run/sample.js';

/**
 * npx tsx scripts/arma-stuck-chains.ts [first seed] [last seed]
 *
 * How often a NUTS chain of posteriordb's arma11 (from its Stan program) gets stuck: 4 chains
 * × (1000 warm-up + 200 draws) per seed, Stan's inits (uniform(−2, 2) on the unconstrained
 * scale); a chain whose adapted step size is below 1e-6 is stuck. A chain that starts where
 * |theta| > 1 (the MA part not invertible) sees err[t] grow like |theta|^t over the 200
 * observations and a log density near −1e24 or below, where the Hamiltonian's rounding error
 * (|lp| × 2^-52) passes the divergence threshold of 1000: every move diverges and the step
 * size falls to 1e-35. scripts/r/arma-stuck-chains.R counts the same for Stan (rstan); the
 * figures are in test/fixtures/validation/README.md.
 */

const directory = fileURLToPath(new URL('../examples/posteriordb/arma-arma11/', import.meta.url));
const model = compileStan(readFileSync(`${directory}model.stan`, 'utf8'), JSON.parse(readFileSync(`${directory}data.json`, 'utf8')), { fileName: 'arma11/model.stan' });
const first = Number(process.argv[2] ?? 1);
const last = Number(process.argv[3] ?? 10);
let stuck = 0;
for (let seed = first; seed <= last; seed++) {
  const fit = sample(model, { chains: 4, warmup: 1000, draws: 200, seed });
  const steps = fit.chains.map((chain) => (chain.adaptation.kind === 'hamiltonian' ? chain.adaptation.stepSize : NaN));
  stuck += steps.filter((step) => step < 1e-6).length;
  console.log(`seed ${seed}: step sizes ${steps.map((step) => step.toPrecision(2)).join(' ')}`);
}
console.log(`stuck: ${stuck} of ${4 * (last - first + 1)} chains`);
