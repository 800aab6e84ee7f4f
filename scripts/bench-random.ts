// Throughput of leapfrog's random numbers, and what they cost NUTS: uniform doubles per
// second, standard normals per second (one at a time and in bulk), and the time per NUTS
// transition and per leapfrog step on a 100-dimensional standard normal whose gradient is
// nearly free (so the sampler's own work, momentum draws included, is what is timed).
//
// If the generator leapfrog used before its own (seedrandom's xor4096 with
// @stdlib/random-base-normal) is installed — `npm install --no-save seedrandom
// @stdlib/random-base-normal` — it is timed too, for comparison in the same run.
//
// Each measurement runs in a process of its own, so that one generator's calls do not make
// the engine's call sites polymorphic for the next. Times are the process's CPU time (user +
// system), which a machine busy with other work stretches less than wall time; best of five
// rounds.
//
// Usage: npx tsx scripts/bench-random.ts [--only <name>]

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { densityModel } from '../src/models/model.js';
import { makeRng, normals } from '../src/random/index.js';
import { identityMetric } from '../src/samplers/metric.js';
import { buildNutsKernel } from '../src/samplers/nuts.js';

/** CPU seconds of this process since `start` (a process.cpuUsage() reading). */
const cpuSecondsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

/** Rate of `run(n)` (which makes n calls) per CPU second, best of five rounds after warm-up. */
function perSecond(run: (n: number) => number, n = 10_000_000): number {
  let sink = 0;
  for (let round = 0; round < 3; round++) sink += run(n);
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    sink += run(n);
    best = Math.max(best, n / cpuSecondsSince(start));
  }
  if (Number.isNaN(sink)) console.error('NaN');
  return best;
}

const millions = (rate: number): string => `${(rate / 1e6).toFixed(1)} M/s`;

interface OldGenerator {
  readonly uniform: () => number;
  readonly normal: () => number;
}

async function oldGenerator(): Promise<OldGenerator | undefined> {
  try {
    const seedrandom = ((await import('seedrandom' as string)) as { default: { xor4096: (seed: string) => { double(): number } } }).default;
    const normalFactory = ((await import('@stdlib/random-base-normal' as string)) as {
      default: { factory: (m: number, s: number, o: { prng: () => number }) => () => number };
    }).default;
    const prng = seedrandom.xor4096('leapfrog:1:0');
    const uniform = (): number => prng.double();
    return { uniform, normal: normalFactory.factory(0, 1, { prng: uniform }) };
  } catch {
    return undefined;
  }
}

/** NUTS on N(0, I_100), identity metric, step size 0.35 (about what warm-up picks). */
function nuts(): string {
  const dim = 100;
  const model = densityModel({
    dim,
    logDensityAndGradient: (theta) => {
      const gradient = new Float64Array(dim);
      let logDensity = 0;
      for (let i = 0; i < dim; i++) {
        logDensity -= 0.5 * theta[i]! * theta[i]!;
        gradient[i] = -theta[i]!;
      }
      return { logDensity, gradient };
    },
  });
  const kernel = buildNutsKernel();
  const parameters = { stepSize: 0.35, metric: identityMetric(dim) };
  const rng = makeRng(1, 0);
  let state = kernel.init(model, new Float64Array(dim));
  const run = (n: number): { seconds: number; steps: number } => {
    let steps = 0;
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const [next, info] = kernel.step(rng, model, state, parameters);
      state = next;
      steps += info.numSteps;
    }
    return { seconds: cpuSecondsSince(start), steps };
  };
  run(5000);
  let perTransition = Infinity;
  let perStep = Infinity;
  for (let round = 0; round < 5; round++) {
    const n = 10_000;
    const { seconds, steps } = run(n);
    perTransition = Math.min(perTransition, seconds / n);
    perStep = Math.min(perStep, seconds / steps);
  }
  return `${(perTransition * 1e6).toFixed(1)} µs per transition, ${(perStep * 1e6).toFixed(2)} µs per leapfrog step`;
}

const buffer = new Float64Array(100);
const measurements: Readonly<Record<string, () => Promise<string> | string>> = {
  'leapfrog uniform()': () => {
    const rng = makeRng(1, 0);
    return millions(perSecond((n) => { let s = 0; for (let i = 0; i < n; i++) s += rng.uniform(); return s; }));
  },
  'leapfrog normal()': () => {
    const rng = makeRng(1, 0);
    return millions(perSecond((n) => { let s = 0; for (let i = 0; i < n; i++) s += rng.normal(); return s; }));
  },
  'leapfrog normals(rng, out) of 100': () => {
    const rng = makeRng(1, 0);
    return millions(perSecond((n) => { let s = 0; for (let i = 0; i < n; i += 100) s += normals(rng, buffer)[0]!; return s; }));
  },
  'seedrandom xor4096 double()': async () => {
    const old = await oldGenerator();
    if (old === undefined) return 'not installed';
    return millions(perSecond((n) => { let s = 0; for (let i = 0; i < n; i++) s += old.uniform(); return s; }));
  },
  'seedrandom xor4096 + @stdlib/random-base-normal': async () => {
    const old = await oldGenerator();
    if (old === undefined) return 'not installed';
    return millions(perSecond((n) => { let s = 0; for (let i = 0; i < n; i++) s += old.normal(); return s; }));
  },
  'NUTS, 100-d standard normal': nuts,
};

const { values } = parseArgs({ options: { only: { type: 'string' } } });
if (values.only !== undefined) {
  const measure = measurements[values.only];
  if (measure === undefined) throw new Error(`--only: '${values.only}' is not one of ${Object.keys(measurements).join(', ')}`);
  console.log(await measure());
} else {
  const width = Math.max(...Object.keys(measurements).map((name) => name.length));
  for (const name of Object.keys(measurements)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--only', name], { encoding: 'utf8' });
    const result = child.status === 0 ? child.stdout.trim() : `failed: ${child.stderr.trim().split('\n')[0]}`;
    console.log(`${name.padEnd(width)}  ${result}`);
  }
}
