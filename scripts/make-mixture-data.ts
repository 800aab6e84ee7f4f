// Writes examples/bench/data/normal_mixture.json: 600 draws from a three-component normal
// mixture (weights 0.3/0.5/0.2, means −2/1/4, sds 0.8/0.6/1.2), the data of the
// literal-loop mixture benchmark (bench/README.md). Seeded: running it again gives the same file.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeRng } from '../src/random/rng.js';

const rng = makeRng(20261206, 0);
const weights = [0.3, 0.5, 0.2];
const means = [-2, 1, 4];
const sds = [0.8, 0.6, 1.2];
const N = 600;
const y = Array.from({ length: N }, () => {
  const u = rng.uniform();
  const k = u < weights[0]! ? 0 : u < weights[0]! + weights[1]! ? 1 : 2;
  return Number((means[k]! + sds[k]! * rng.normal()).toFixed(6));
});
const target = fileURLToPath(new URL('../examples/bench/data/normal_mixture.json', import.meta.url));
writeFileSync(target, `${JSON.stringify({ N, K: 3, y })}\n`);
console.log(`wrote ${target}`);
