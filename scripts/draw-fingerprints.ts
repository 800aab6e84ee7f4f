import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBenchModels } from '../bench/models/index.js';
import { model as eightSchoolsLoo } from '../examples/workflow/eight_schools_loo.js';
import { densityModel, type CompiledModel } from '../src/models/model.js';
import { makeRng } from '../src/random/rng.js';
import { makeIntegrator, mclachlan } from '../src/samplers/integrator.js';
import type { Metric } from '../src/samplers/kernel.js';
import { denseMetric, diagMetric } from '../src/samplers/metric.js';
import { buildNutsKernel } from '../src/samplers/nuts.js';
import type { SampleOptions } from '../src/samplers/run/config.js';
import { sample } from '../src/samplers/run/sample.js';
import { wavyNormal } from '../test/samplers/targets.js';

/**
 * npx tsx scripts/draw-fingerprints.ts
 *
 * Prints a hash of everything a few fits and NUTS kernel runs produce — draws, saved warm-up
 * draws, sampler columns, adapted step size and metric, divergent positions, moments — for
 * work that must keep draws bit-identical (a faster sampler step): run it in two checkouts
 * (e.g. main's worktree and a branch's) and compare the lines. The cases cover the NUTS
 * paths: diagonal leapfrog (the fused leaves), dense metric, another integrator and a
 * leapfrog that is not the library's object (the general leaves), a short tree depth,
 * thinning, a compiled model with generated quantities, static HMC.
 */

function fromHandwritten(id: string): CompiledModel {
  const bench = loadBenchModels().find((model) => model.id === id);
  if (bench === undefined) throw new Error(`draw-fingerprints: no bench model ${id}`);
  const dim = bench.dimension;
  const base = densityModel({
    dim,
    logDensityAndGradient: (theta) => {
      const gradient = new Float64Array(dim);
      return { logDensity: bench.handwritten(theta, gradient), gradient };
    },
  });
  return { ...base, logDensityAndGradientInto: (theta, gradient) => bench.handwritten(theta, gradient) };
}

function hashFit(model: CompiledModel, options: SampleOptions): string {
  const fit = sample(model, options);
  const hash = createHash('sha256');
  const add = (array: Float64Array): void => void hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  for (const chain of fit.draws) chain.forEach(add);
  for (const chain of fit.warmupDraws ?? []) chain.forEach(add);
  for (const record of fit.chains) {
    const { adaptation } = record;
    if (adaptation.kind === 'hamiltonian') {
      hash.update(String(adaptation.stepSize));
      add(adaptation.metric.kind === 'diag' ? adaptation.metric.inverseMassDiag : adaptation.metric.inverseMass);
    }
    record.divergentPositions.forEach(add);
    add(record.unconstrainedMean);
    add(record.unconstrainedVariance);
    hash.update(JSON.stringify([record.gradientEvaluations, record.warmupDivergences, record.nonFiniteTransitions, record.nonFiniteDraws]));
  }
  return hash.digest('hex').slice(0, 16);
}

function hashKernel(integrator: ReturnType<typeof makeIntegrator> | undefined, metric: Metric, stepSize: number): string {
  const model = wavyNormal(12);
  const kernel = buildNutsKernel(integrator === undefined ? {} : { integrator });
  const rng = makeRng(5, 2);
  let state = kernel.init(model, new Float64Array(12).fill(0.3));
  const hash = createHash('sha256');
  for (let iteration = 0; iteration < 400; iteration++) {
    const [next, info] = kernel.step(rng, model, state, { stepSize: stepSize * (1 + 0.3 * Math.sin(iteration)), metric });
    state = next;
    hash.update(new Uint8Array(state.position.buffer.slice(0)));
    hash.update(JSON.stringify(info));
  }
  return hash.digest('hex').slice(0, 16);
}

const eightSchools = fromHandwritten('eight_schools_noncentered');
const dataPath = fileURLToPath(new URL('../examples/bench/data/eight_schools.json', import.meta.url));
const loo = eightSchoolsLoo.compile(JSON.parse(readFileSync(dataPath, 'utf8')));
const diagonal = diagMetric(Array.from({ length: 12 }, (_, i) => 0.5 + (i % 4)));
const dense = denseMetric(Array.from({ length: 144 }, (_, k) => (k % 13 === 0 ? 1 + ((k / 13) % 3) : 0.1)));

const fits: [string, () => string][] = [
  ['eight schools, 4 chains, warm-up saved', () => hashFit(eightSchools, { chains: 4, warmup: 1000, draws: 1000, seed: 7, saveWarmup: true })],
  ['eight schools, dense metric', () => hashFit(eightSchools, { chains: 2, warmup: 500, draws: 300, seed: 8, saveWarmup: true, metric: 'dense' })],
  ['eight schools, delta .99, depth 4, thin 3', () => hashFit(eightSchools, { chains: 2, warmup: 300, draws: 300, seed: 9, adaptDelta: 0.99, maxTreeDepth: 4, thin: 3 })],
  ['gaussian_100d, 4 chains', () => hashFit(fromHandwritten('gaussian_100d'), { chains: 4, warmup: 1000, draws: 1000, seed: 3, saveWarmup: true })],
  ['10-d normal', () => hashFit(wavyNormal(10), { chains: 4, warmup: 500, draws: 500, seed: 11, saveWarmup: true })],
  ['eight schools compiled, generated quantities', () => hashFit(loo, { chains: 2, warmup: 400, draws: 400, seed: 15, saveWarmup: true, thin: 2 })],
  ['40-d normal, dense metric', () => hashFit(wavyNormal(40), { chains: 2, warmup: 400, draws: 300, seed: 14, metric: 'dense', saveWarmup: true })],
  ['3-d normal, static HMC', () => hashFit(wavyNormal(3), { chains: 2, warmup: 300, draws: 300, seed: 13, method: 'hmc', saveWarmup: true })],
  ['NUTS kernel, McLachlan, diagonal', () => hashKernel(mclachlan, diagonal, 0.6)],
  ['NUTS kernel, leapfrog copy, diagonal', () => hashKernel(makeIntegrator([0.5, 1, 0.5]), diagonal, 0.4)],
  ['NUTS kernel, leapfrog, dense', () => hashKernel(undefined, dense, 0.4)],
  ['NUTS kernel, McLachlan, dense', () => hashKernel(mclachlan, dense, 0.5)],
];
for (const [name, run] of fits) console.log(`${run()}  ${name}`);
