import { sample } from '../../src/samplers/run/sample.js';
import { NutsTree } from '../../src/samplers/nuts-tree.js';
import { measure, samplerCalls, threadNanos } from '../measure.js';
import { standardNormal } from '../models/standard-normal.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// The sampler's own work per leapfrog step, outside the gradient (the WebAssembly issue's
// "lean NUTS step" figure): NUTS on a standard normal whose gradient is nearly free (−θ,
// one pass), diagonal metric; the time per gradient evaluation over a whole run, less the
// gradient's own time measured alone, is what the sampler spends per step (leapfrog update,
// U-turn checks, multinomial weights, momentum draws spread over the steps).

/** The issue's targets, µs per step outside the gradient. */
const TARGETS: Readonly<Record<number, number>> = { 10: 0.15, 100: 0.6 };
const DIMENSIONS = [10, 100] as const;
/** Timed runs per dimension; the median is reported. */
const RUNS = 5;
/** Untimed runs before them, which warm the engine up. */
const WARMUP_RUNS = 3;
/** Runs in each timing. */
const RUNS_PER_TIMING = 4;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Seconds of this thread's CPU time (wall time where there is no thread clock). */
const threadSeconds = (): number => {
  const nanos = threadNanos();
  return nanos === undefined ? performance.now() / 1000 : nanos / 1e9;
};

function row(dim: number, context: BenchContext): Record<string, Cell> {
  const model = standardNormal(dim);
  context.log(`  nuts-step: standard normal, ${dim} dimensions: 4 chains × (1000 + 1000), then the gradient alone`);
  // WARMUP_RUNS runs of the whole configuration warm the engine up (the figures are of a
  // warmed-up sampler: a run of 1 chain × 400 iterations left the next run up to twice as
  // slow as the ones after it, V8 still compiling what the later iterations reach, and after
  // one whole run the next three still came down, 10-d 0.38 → 0.31 → 0.30 µs per step, 100-d
  // 0.91 → 0.86), then the median of RUNS runs (a busy machine only ever adds time to one).
  for (let run = 0; run < WARMUP_RUNS; run++) sample(model, { chains: 4, warmup: 1000, draws: 1000, seed: 2 + run });
  const times: number[] = [];
  let evaluations = 0;
  for (let run = 0; run < RUNS; run++) {
    // Each timing spans RUNS_PER_TIMING runs: the thread clock (schedstat) moves in scheduler
    // ticks of 4 ms, ~7% of one 10-d or 100-d run (60 ms).
    const started = threadSeconds();
    for (let repeat = 0; repeat < RUNS_PER_TIMING; repeat++) {
      const fit = sample(model, { chains: 4, warmup: 1000, draws: 1000, seed: 1 });
      // The same every run (same seed): the draws are bit-identical.
      evaluations = fit.chains.reduce((sum, chain) => sum + chain.gradientEvaluations, 0);
    }
    times.push((threadSeconds() - started) / RUNS_PER_TIMING);
  }
  const seconds = median(times);
  const theta = Float64Array.from({ length: dim }, (_, i) => Math.sin(i + 1));
  const gradient = new Float64Array(dim);
  // The gradient alone as a sampler calls it (samplerCalls: the position alternating between
  // two arrays): given one fixed array, V8 can compile its address into the loop it inlines
  // the gradient into, and the 100-d gradient measured 0.18–0.26 µs from run to run (0.21 as
  // a sampler calls it), which moved the "outside" figure by as much.
  const [call] = samplerCalls(theta, gradient, [(position, into) => model.logDensityAndGradientInto!(position, into)]);
  const alone = measure(call!, context.timing).microsPerCall;
  const perStep = (1e6 * seconds) / evaluations;
  const outside = perStep - alone;
  const target = TARGETS[dim]!;
  return {
    dimension: dim,
    evaluations,
    microsPerStep: perStep,
    gradientMicros: alone,
    outsideMicros: outside,
    targetMicros: target,
    target: outside <= target ? 'met' : `missed (> ${target} µs)`,
  };
}

export const nutsStepSection: BenchSection = {
  id: 'nuts-step',
  title: "NUTS's own work per leapfrog step, outside the gradient",
  run(context: BenchContext): SectionResult {
    return {
      columns: [
        { key: 'dimension', header: 'dim', format: 'integer' },
        { key: 'evaluations', header: 'grad evals', format: 'integer' },
        { key: 'microsPerStep', header: 'µs per step', format: 'micros' },
        { key: 'gradientMicros', header: 'gradient µs', format: 'micros' },
        { key: 'outsideMicros', header: 'outside µs', format: 'micros' },
        { key: 'target', header: 'target' },
      ],
      rows: DIMENSIONS.map((dim) => row(dim, context)),
      notes: [
        `A standard normal with a hand-written gradient into the caller's array; 4 chains × (1000 warm-up + 1000 draws), seed 1, this thread's CPU time: the median of ${RUNS} timings of ${RUNS_PER_TIMING} runs each, after ${WARMUP_RUNS} runs that warm the engine up.`,
        'outside µs = (run time / gradient evaluations) − the gradient alone (called as a sampler calls it, the position alternating between two arrays: bench/measure.ts samplerCalls): the sampler\'s own work per leapfrog step. Targets (the WebAssembly issue): ≤ 0.15 µs at 10 dimensions, ≤ 0.6 µs at 100.',
        `The diagonal leapfrog leaves ran in ${DIMENSIONS.map((dim) => `${new NutsTree(dim, 1).webAssembly ? 'WebAssembly SIMD (src/samplers/nuts-leaf-wasm.ts)' : 'JavaScript'} at ${dim} dimensions`).join(' and ')} (WebAssembly from 32 dimensions, where SIMD is available and not turned off).`,
      ],
      failures: [],
    };
  },
};
