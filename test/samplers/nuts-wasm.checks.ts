import { configure, settings } from '../../src/ad/codegen/make-function.js';
import { makeRng } from '../../src/random/rng.js';
import { diagMetric } from '../../src/samplers/metric.js';
import { buildNutsKernel } from '../../src/samplers/nuts.js';
import { boundOutcome, combineOutcomes, defineSeededCheck, zTests } from '../helpers/seeded-check.js';
import { independentGaussianModel, momentEstimates, runChain, type ChainRun } from './support.js';

// The statistical check of the NUTS diagonal leapfrog path in WebAssembly (src/samplers/
// nuts-leaf-wasm.ts, assembly/nuts.ts), as a function of the seed: moments of a target of odd
// dimension (a padded lane in every vector) with scales over two orders of magnitude, on the
// WebAssembly path, and the same chain, bit for bit, on the JavaScript path.
// `npm run sweep -- --test nuts-wasm` runs it over many seeds (test/fixtures/seed-sweep.md).

const DIM = 33;
export const wasmMeans = Array.from({ length: DIM }, (_, i) => Math.sin(i + 1) * 3);
export const wasmSds = Array.from({ length: DIM }, (_, i) => 0.1 * 10 ** ((2 * i) / (DIM - 1)));
export const wasmModel = independentGaussianModel(wasmMeans, wasmSds);
/** Near, not equal to, the posterior variances, as warm-up would estimate them. */
export const wasmMetric = diagMetric(wasmSds.map((sd, i) => sd * sd * (0.8 + 0.4 * ((i * 7) % 11) / 10)));

/** A chain of `draws` NUTS transitions from the means, on the WebAssembly path or the JavaScript one. */
export function runOnPath(wasm: boolean, seed: number, draws: number): ChainRun {
  const before = settings().wasm;
  configure({ wasm });
  try {
    return runChain(buildNutsKernel(), wasmModel, { stepSize: 0.7, metric: wasmMetric }, makeRng(seed, 1), wasmMeans, draws);
  } finally {
    configure({ wasm: before });
  }
}

/** Transitions whose position, steps or energy differ in any bit between two runs. */
export function differingTransitions(a: ChainRun, b: ChainRun): number {
  let count = 0;
  a.positions.forEach((position, t) => {
    const other = b.positions[t]!;
    const same =
      Buffer.from(position.buffer, position.byteOffset, position.byteLength).equals(Buffer.from(other.buffer, other.byteOffset, other.byteLength)) &&
      Object.is(a.infos[t]!.energy, b.infos[t]!.energy) &&
      a.infos[t]!.numSteps === b.infos[t]!.numSteps;
    if (!same) count += 1;
  });
  return count;
}

export const nutsWasmMoments = defineSeededCheck({
  name: 'nuts-wasm/odd-dimension-moments-both-paths',
  seed: 1,
  design: `${2 * DIM} moments of a ${DIM}-d Gaussian (scales 0.1..10) on the WebAssembly path: |z| ≤ Bonferroni(1e-4); the JavaScript path's chain identical bit for bit`,
  run: (seed) => {
    const wasm = runOnPath(true, seed, 2000);
    const plain = runOnPath(false, seed, 2000);
    return combineOutcomes({
      moments: zTests(momentEstimates(wasm.positions, wasmMeans, wasmSds.map((sd) => sd * sd))),
      identical: boundOutcome('differingTransitions', differingTransitions(wasm, plain), '<=', 0),
    });
  },
});

export const nutsWasmChecks = [nutsWasmMoments];
