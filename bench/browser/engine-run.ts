import { compileSpec } from '../../src/language/json/compile.js';
import { columnDraws } from '../../src/samplers/run/fit.js';
import { sample } from '../../src/samplers/run/sample.js';
import { summary } from '../../src/samplers/run/summary.js';

/**
 * What the browser benchmark runs on each engine (bundled once by bench/sections/browser.ts,
 * then imported by Node and loaded by a Chromium page, so both run the same code): a JSON
 * spec sampled with `sample` on the calling thread, and a probe of the engine's Math
 * functions. Results are plain data, compared across engines by the section.
 */

export interface EngineRun {
  readonly compileSeconds: number;
  readonly sampleSeconds: number;
  /** 64-bit FNV-1a-style hash of every draw's bits (as the playground's fingerprint). */
  readonly fingerprint: string;
  readonly stepSizes: readonly number[];
  /** Posterior mean and its Monte Carlo standard error, per quantity. */
  readonly means: Readonly<Record<string, { readonly mean: number; readonly mcse: number }>>;
  /** For each chain, the first saved draw whose lp__ differs between engines is found from these. */
  readonly lp: readonly (readonly number[])[];
}

function fingerprint(columns: readonly Float64Array[]): string {
  let low = 0x811c9dc5;
  let high = 0x01000193 ^ 0x5bd1e995;
  for (const column of columns) {
    const bytes = new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      low = Math.imul(low ^ bytes[i]!, 0x01000193);
      high = Math.imul(high ^ bytes[i]!, 0x01000193) ^ (low >>> 15);
    }
  }
  return [high, low].map((word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}

export function runSpec(spec: unknown, data: unknown, options: { chains: number; warmup: number; draws: number; seed: number }): EngineRun {
  const compileStart = performance.now();
  const model = compileSpec(spec, data);
  const sampleStart = performance.now();
  const fit = sample(model, options);
  const end = performance.now();
  const rows = summary(fit).rows;
  return {
    compileSeconds: (sampleStart - compileStart) / 1000,
    sampleSeconds: (end - sampleStart) / 1000,
    fingerprint: fingerprint(fit.draws.flat()),
    stepSizes: fit.chains.map((chain) => (chain.adaptation.kind === 'hamiltonian' ? chain.adaptation.stepSize : chain.adaptation.proposalScale)),
    means: Object.fromEntries(rows.map((row) => [row.name, { mean: row.mean, mcse: row.mcseMean }])),
    lp: columnDraws(fit, 'lp__').map((chain) => Array.from(chain)),
  };
}

/** The functions probed, with arguments spread over their usual ranges. */
const PROBES: Readonly<Record<string, (k: number) => number>> = {
  sin: (k) => Math.sin(k * 0.37 - 500),
  cos: (k) => Math.cos(k * 0.37 - 500),
  tan: (k) => Math.tan(k * 0.013 - 20),
  exp: (k) => Math.exp(k * 0.0071 - 30),
  expm1: (k) => Math.expm1(k * 0.00013 - 0.5),
  log: (k) => Math.log(k * 0.731 + 1e-3),
  log1p: (k) => Math.log1p(k * 0.00017),
  pow: (k) => Math.pow(1 + k * 0.0013, 0.37 + k * 0.0007),
  atan2: (k) => Math.atan2(k * 0.3 - 900, 1000 - k * 0.11),
  tanh: (k) => Math.tanh(k * 0.0009 - 4),
  cbrt: (k) => Math.cbrt(k * 1.37 - 3000),
  sqrt: (k) => Math.sqrt(k * 1.37),
};

/** For each Math function, the hash of its values at 20,000 arguments and a few (argument index, value) pairs. */
export function probeMath(): Record<string, { readonly hash: string; readonly values: readonly number[] }> {
  const result: Record<string, { hash: string; values: number[] }> = {};
  for (const [name, probe] of Object.entries(PROBES)) {
    const values = Float64Array.from({ length: 20_000 }, (_, k) => probe(k));
    result[name] = { hash: fingerprint([values]), values: Array.from(values) };
  }
  return result;
}

/** One seed's draws, reduced to what the cross-engine sweep compares. */
export interface SeedRun {
  readonly seed: number;
  readonly fingerprint: string;
  readonly means: EngineRun['means'];
}

/** `runSpec` at each seed, keeping the fingerprint and the means (the sweep of bench/sections/browser.ts). */
export function sweepSeeds(spec: unknown, data: unknown, options: { chains: number; warmup: number; draws: number }, seeds: readonly number[]): SeedRun[] {
  return seeds.map((seed) => {
    const run = runSpec(spec, data, { ...options, seed });
    return { seed, fingerprint: run.fingerprint, means: run.means };
  });
}
