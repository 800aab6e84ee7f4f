import { readFileSync } from 'node:fs';

// Plain-number helpers for the hand-written reference densities: written independently of
// leapfrog's ops, straight from the formulas in bench/README.md and the posteriordb model.md files.

export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** log(1 + e^x) without overflow. */
export const log1pExp = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** log Σ e^x. */
export function logSumExp(values: readonly number[]): number {
  const m = Math.max(...values);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of values) s += Math.exp(v - m);
  return m + Math.log(s);
}
/** −½((y − μ)/σ)² − log σ: a normal log density without its constant. */
export const normalKernel = (y: number, mu: number, sigma: number): number => -0.5 * ((y - mu) / sigma) ** 2 - Math.log(sigma);

/** A JSON file next to the repository's examples, read synchronously. */
export function readJson(pathFromRepository: string): any {
  return JSON.parse(readFileSync(new URL(`../../${pathFromRepository}`, import.meta.url), 'utf8'));
}
