/**
 * k-hat of a narrow Gaussian approximation over 300 seeds (test/samplers/diagnostics/
 * approximation-check.test.ts): q = N(0, s²) for p = N(0, 1) has ratio tail index k = 1 − s².
 * k-hat's spread falls slowly with the draw count (the tail holds 3·sqrt(S) draws), so the
 * test's draw count comes from this table, not from one lucky seed.
 * Run: npx tsx scripts/sweep-pareto-k.ts
 */
import { makeRng } from '../src/random/rng.js';
import { checkApproximation } from '../src/samplers/diagnostics/approximation-check.js';

const logNormal = (x: number, mean: number, sd: number): number => -0.5 * ((x - mean) / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
const seeds = 300;
console.log('draws | s | min k-hat | 1% | mean | sd | verdicts other than unreliable');
for (const [count, s] of [[1000, 0.3], [50_000, 0.1], [200_000, 0.1]] as const) {
  const ks: number[] = [];
  let other = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const rng = makeRng(seed);
    const x = Float64Array.from({ length: count }, () => s * rng.normal());
    const check = checkApproximation(x.map((v) => logNormal(v, 0, 1) + 7), x.map((v) => logNormal(v, 0, s)), 'sweep');
    ks.push(check.paretoK);
    if (check.verdict !== 'unreliable') other++;
  }
  ks.sort((a, b) => a - b);
  const mean = ks.reduce((a, b) => a + b) / seeds;
  const sd = Math.sqrt(ks.reduce((a, b) => a + (b - mean) ** 2, 0) / seeds);
  const f = (v: number) => v.toFixed(3);
  console.log(`${count} | ${s} | ${f(ks[0]!)} | ${f(ks[Math.floor(seeds / 100)]!)} | ${f(mean)} | ${f(sd)} | ${other}`);
}
