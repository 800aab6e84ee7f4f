// Writes test/fixtures/bench-references/<id>.json: reference posterior means and standard
// deviations (with their Monte Carlo standard errors) of the benchmark models (bench/README.md),
// made without NUTS, for test/samplers/bench-models.test.ts. Run after a change to a model
// or its data:
//   npx tsx scripts/make-bench-references.ts [--only id,id] [--draws N]
// Sources, per model:
//   - gaussian_100d, correlated_2d: closed form (MCSE 0).
//   - eight_schools_noncentered and _centered (one posterior, two parameterisations):
//     posteriordb's reference draws, summarised in examples/posteriordb/.
//   - logistic_regression, varying_intercepts (no published reference): self-normalised
//     importance sampling from a multivariate Student-t centred at the posterior mode with
//     the inverse negative Hessian as scale (a heavy-tailed Laplace approximation), on the
//     unconstrained space. The output is a deterministic function of the seed and settings.
// bnn_regression has none: its posterior is multimodal (hidden units permute), so no
// reference of means exists.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as correlated2d from '../examples/bench/correlated_2d.js';
import * as gaussian100d from '../examples/bench/gaussian_100d.js';
import * as logisticRegression from '../examples/bench/logistic_regression.js';
import * as varyingIntercepts from '../examples/bench/varying_intercepts.js';
import type { CompiledModel } from '../src/models/model.js';
import { makeRng } from '../src/random/rng.js';
import { cholesky, inverseSymmetricPositiveDefinite, lowerTriangularTimes } from '../src/samplers/linalg.js';

const generator = 'scripts/make-bench-references.ts';
const seed = 20251122;
/** Student-t degrees of freedom: tails heavier than the near-Gaussian posteriors. */
const degreesOfFreedom = 5;
const defaultDraws = 200_000;

interface ExampleModule {
  readonly model: { compile(data: unknown): CompiledModel };
  readonly dataFile: string;
}

interface ParameterReference {
  readonly mean: number;
  readonly sd: number;
  readonly mcse_mean: number;
  readonly mcse_sd: number;
}

const round = (value: number): number => Number(value.toPrecision(10));

function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
}

function compileExample(module: ExampleModule): CompiledModel {
  return module.model.compile(readJson(`../examples/bench/${module.dataFile}`));
}

// ---------------------------------------------------------------------------------------
// Closed forms and posteriordb.

function gaussianReference(): object {
  const { scale } = readJson('../examples/bench/data/gaussian_100d.json') as { scale: number[] };
  const names = compileExample(gaussian100d).outputNames;
  const parameters = Object.fromEntries(names.map((name, d) => [name, { mean: 0, sd: scale[d], mcse_mean: 0, mcse_sd: 0 }]));
  return { method: 'closed form', description: 'x[d] ~ normal(0, scale[d]) independently: mean 0, sd scale[d]', parameters };
}

function correlatedReference(): object {
  const { rho } = readJson('../examples/bench/data/correlated_2d.json') as { rho: number };
  const parameters = Object.fromEntries(
    compileExample(correlated2d).outputNames.map((name) => [name, { mean: 0, sd: 1, mcse_mean: 0, mcse_sd: 0 }]),
  );
  return {
    method: 'closed form',
    description: 'bivariate normal, means 0, sds 1, correlation rho',
    parameters,
    correlations: [{ between: ['x[1]', 'x[2]'], value: rho }],
  };
}

/**
 * Eight schools from posteriordb's reference draws (Stan NUTS, 10 chains × 1000 draws, the
 * non-centred model). Centred and non-centred are one posterior over (mu, tau, theta), so
 * the same reference serves both. posteriordb publishes mcse_mean but no MCSE of the sd;
 * we use the normal-theory sd / sqrt(2 ESS_bulk), adequate beside the short test runs whose
 * own MCSE is three times larger.
 */
function eightSchoolsReference(): object {
  const source = 'examples/posteriordb/eight_schools-eight_schools_noncentered/reference.json';
  const reference = readJson(`../${source}`) as {
    source: string;
    reference_sampler: object;
    parameters: Record<string, { mean: number; sd: number; mcse_mean: number; ess_bulk: number }>;
  };
  const names = ['mu', 'tau', ...Array.from({ length: 8 }, (_, j) => `theta[${j + 1}]`)];
  const parameters = Object.fromEntries(
    names.map((name) => {
      const row = reference.parameters[name]!;
      return [name, { mean: row.mean, sd: row.sd, mcse_mean: row.mcse_mean, mcse_sd: round(row.sd / Math.sqrt(2 * row.ess_bulk)) }];
    }),
  );
  return {
    method: 'posteriordb reference draws',
    description: 'summaries of posteriordb eight_schools-eight_schools_noncentered reference draws',
    source,
    upstream: reference.source,
    referenceSampler: reference.reference_sampler,
    mcseSdDefinition: 'approximate: sd / sqrt(2 ess_bulk) (normal theory; posteriordb publishes none)',
    parameters,
  };
}

// ---------------------------------------------------------------------------------------
// The posterior mode and the Hessian there.

/** Hessian by central differences of the gradient, symmetrised (step relative to |x|). */
function hessianAt(model: CompiledModel, position: Float64Array): Float64Array {
  const dim = model.dim;
  const hessian = new Float64Array(dim * dim);
  const shifted = Float64Array.from(position);
  for (let j = 0; j < dim; j++) {
    const step = 1e-5 * Math.max(1, Math.abs(position[j]!));
    shifted[j] = position[j]! + step;
    const above = model.logDensityAndGradient(shifted).gradient;
    shifted[j] = position[j]! - step;
    const below = model.logDensityAndGradient(shifted).gradient;
    shifted[j] = position[j]!;
    for (let i = 0; i < dim; i++) hessian[i * dim + j] = (above[i]! - below[i]!) / (2 * step);
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (hessian[i * dim + j]! + hessian[j * dim + i]!);
      hessian[i * dim + j] = mean;
      hessian[j * dim + i] = mean;
    }
  }
  return hessian;
}

/** Solves (-H + damping I) step = gradient; null when that matrix is not positive definite. */
function newtonStep(hessian: Float64Array, gradient: Float64Array, damping: number): Float64Array | null {
  const dim = gradient.length;
  const precision = hessian.map((value) => -value);
  for (let i = 0; i < dim; i++) precision[i * dim + i]! += damping;
  let inverse: Float64Array;
  try {
    inverse = inverseSymmetricPositiveDefinite(precision, 'newtonStep');
  } catch {
    return null;
  }
  const step = new Float64Array(dim);
  for (let i = 0; i < dim; i++) for (let k = 0; k < dim; k++) step[i]! += inverse[i * dim + k]! * gradient[k]!;
  return step;
}

/**
 * The mode of the log density on the unconstrained space (Jacobians included: the centre of
 * an unconstrained proposal) by Newton's method, damped (Levenberg–Marquardt) where the
 * Hessian is not negative definite and with backtracking so that each step raises the density.
 */
function findMode(model: CompiledModel): { mode: Float64Array; hessian: Float64Array; iterations: number } {
  let position = new Float64Array(model.dim);
  let logDensity = model.logDensity(position);
  for (let iteration = 1; iteration <= 200; iteration++) {
    const { gradient } = model.logDensityAndGradient(position);
    const hessian = hessianAt(model, position);
    let step: Float64Array | null = null;
    for (let damping = 0; step === null; damping = damping === 0 ? 1e-6 : damping * 10) {
      step = newtonStep(hessian, gradient, damping);
      if (damping > 1e12) throw new Error(`findMode: no ascent direction at iteration ${iteration}`);
    }
    const decrement = step.reduce((sum, value, i) => sum + value * gradient[i]!, 0);
    // Half the decrement is the predicted gain in log density; 1e-10 is below the gradient's rounding.
    if (decrement < 1e-10) return { mode: position, hessian, iterations: iteration };
    let scale = 1;
    let next = position.map((value, i) => value + step[i]!);
    let nextDensity = model.logDensity(next);
    while (!(nextDensity >= logDensity + 1e-4 * scale * decrement) && scale > 1e-10) {
      scale /= 2;
      next = position.map((value, i) => value + scale * step[i]!);
      nextDensity = model.logDensity(next);
    }
    if (scale <= 1e-10) return { mode: position, hessian, iterations: iteration };
    position = next;
    logDensity = nextDensity;
  }
  throw new Error('findMode: Newton did not converge in 200 iterations');
}

// ---------------------------------------------------------------------------------------
// Pareto k of the importance weights.

/**
 * Shape of a generalised Pareto distribution fitted to exceedances (sorted ascending) by the
 * empirical-Bayes estimator of Zhang & Stephens (2009), Technometrics 51(3), section 3, with
 * the weakly informative shrinkage towards 0.5 of Vehtari et al. (2024), "Pareto smoothed
 * importance sampling", JMLR 25, appendix C. Positive values mean heavy tails.
 */
function generalizedParetoShape(exceedances: Float64Array): number {
  const n = exceedances.length;
  const candidates = 30 + Math.floor(Math.sqrt(n));
  const quartile = exceedances[Math.floor(n / 4 + 0.5) - 1]!;
  const largest = exceedances[n - 1]!;
  const thetas = new Float64Array(candidates);
  const profile = new Float64Array(candidates);
  const meanLog1p = (theta: number): number => exceedances.reduce((sum, x) => sum + Math.log1p(-theta * x), 0) / n;
  for (let j = 0; j < candidates; j++) {
    thetas[j] = 1 / largest + (1 - Math.sqrt(candidates / (j + 0.5))) / (3 * quartile);
    const k = meanLog1p(thetas[j]!);
    profile[j] = n * (Math.log(-thetas[j]! / k) - k - 1);
  }
  // Posterior weights of the candidates: 1 / Σ_l exp(L_l - L_j).
  let thetaHat = 0;
  for (let j = 0; j < candidates; j++) {
    const weight = 1 / profile.reduce((sum, value) => sum + Math.exp(value - profile[j]!), 0);
    thetaHat += weight * thetas[j]!;
  }
  const shape = meanLog1p(thetaHat);
  return (n * shape + 10 * 0.5) / (n + 10);
}

/** Pareto k̂ of the largest min(0.2 S, 3 sqrt(S)) weights (Vehtari et al. 2024, section 3). */
function paretoK(logWeights: Float64Array): number {
  const sorted = Float64Array.from(logWeights).sort();
  const count = sorted.length;
  const tail = Math.min(Math.ceil(0.2 * count), Math.ceil(3 * Math.sqrt(count)));
  const largest = sorted[count - 1]!;
  const threshold = Math.exp(sorted[count - tail - 1]! - largest);
  const exceedances = Float64Array.from(sorted.subarray(count - tail), (value) => Math.exp(value - largest) - threshold);
  return generalizedParetoShape(exceedances);
}

// ---------------------------------------------------------------------------------------
// Importance sampling.

interface ImportanceSample {
  readonly logWeights: Float64Array;
  /** outputs[draw * numOutputs + k]. */
  readonly outputs: Float64Array;
}

/**
 * Draws from the multivariate t: θ = mode + L z sqrt(ν / u), z ~ N(0, I), u ~ χ²_ν (a sum of ν
 * squared normals), L L' = (-H)^{-1}. Up to a constant, log q(θ) = -(ν + d)/2 log(1 + |z|² / u).
 */
function drawImportanceSample(model: CompiledModel, mode: Float64Array, lower: Float64Array, draws: number): ImportanceSample {
  const rng = makeRng(seed, 0);
  const outputRng = makeRng(seed, 1);
  const dim = model.dim;
  const numOutputs = model.outputNames.length;
  const logWeights = new Float64Array(draws);
  const outputs = new Float64Array(draws * numOutputs);
  const z = new Float64Array(dim);
  const offset = new Float64Array(dim);
  const position = new Float64Array(dim);
  for (let draw = 0; draw < draws; draw++) {
    let squaredNorm = 0;
    for (let i = 0; i < dim; i++) {
      z[i] = rng.normal();
      squaredNorm += z[i]! * z[i]!;
    }
    let chiSquare = 0;
    for (let k = 0; k < degreesOfFreedom; k++) chiSquare += rng.normal() ** 2;
    lowerTriangularTimes(lower, z, offset);
    const radius = Math.sqrt(degreesOfFreedom / chiSquare);
    for (let i = 0; i < dim; i++) position[i] = mode[i]! + radius * offset[i]!;
    const logProposal = -0.5 * (degreesOfFreedom + dim) * Math.log1p(squaredNorm / chiSquare);
    logWeights[draw] = model.logDensity(position) - logProposal;
    outputs.set(model.outputs(position, outputRng), draw * numOutputs);
    if ((draw + 1) % 20_000 === 0) process.stderr.write(`  ${draw + 1} of ${draws} draws\n`);
  }
  return { logWeights, outputs };
}

/**
 * Self-normalised estimates with the delta-method variances of Owen (2013), "Monte Carlo
 * theory, methods and examples", section 9.2: with normalised weights w̄, the mean μ̂ = Σ w̄ f
 * has variance ≈ Σ w̄² (f - μ̂)², the variance v̂ = Σ w̄ (f - μ̂)² has variance
 * ≈ Σ w̄² ((f - μ̂)² - v̂)², and sd(sd̂) = sd(v̂) / (2 sqrt v̂). When f is unrelated to the
 * weights these reduce to sd / sqrt(ESS) with ESS = 1 / Σ w̄² (section 9.3).
 */
function weightedSummaries(sample: ImportanceSample, names: readonly string[]): Record<string, ParameterReference> {
  const { logWeights, outputs } = sample;
  const largest = logWeights.reduce((a, b) => Math.max(a, b), -Infinity);
  const weights = logWeights.map((value) => Math.exp(value - largest));
  const total = weights.reduce((a, b) => a + b, 0);
  weights.forEach((value, i) => (weights[i] = value / total));
  const numOutputs = names.length;
  return Object.fromEntries(
    names.map((name, k) => {
      let mean = 0;
      for (let i = 0; i < weights.length; i++) mean += weights[i]! * outputs[i * numOutputs + k]!;
      let variance = 0;
      let meanVariance = 0;
      for (let i = 0; i < weights.length; i++) {
        const squared = (outputs[i * numOutputs + k]! - mean) ** 2;
        variance += weights[i]! * squared;
        meanVariance += weights[i]! ** 2 * squared;
      }
      let varianceVariance = 0;
      for (let i = 0; i < weights.length; i++) {
        varianceVariance += weights[i]! ** 2 * ((outputs[i * numOutputs + k]! - mean) ** 2 - variance) ** 2;
      }
      const sd = Math.sqrt(variance);
      return [name, { mean: round(mean), sd: round(sd), mcse_mean: round(Math.sqrt(meanVariance)), mcse_sd: round(Math.sqrt(varianceVariance) / (2 * sd)) }];
    }),
  );
}

function importanceReference(module: ExampleModule, draws: number): object {
  const model = compileExample(module);
  const { mode, hessian, iterations } = findMode(model);
  const covariance = inverseSymmetricPositiveDefinite(hessian.map((value) => -value), 'importanceReference');
  const lower = cholesky(covariance, 'importanceReference');
  const sample = drawImportanceSample(model, mode, lower, draws);
  const largest = sample.logWeights.reduce((a, b) => Math.max(a, b), -Infinity);
  const weights = sample.logWeights.map((value) => Math.exp(value - largest));
  const sum = weights.reduce((a, b) => a + b, 0);
  const ess = sum ** 2 / weights.reduce((a, b) => a + b * b, 0);
  const k = paretoK(sample.logWeights);
  // Vehtari et al. (2024), section 3.2: plain IS is reliable for k̂ < min(1 - 1/log10 S, 0.7).
  const kThreshold = Math.min(1 - 1 / Math.log10(draws), 0.7);
  if (!(k < kThreshold)) throw new Error(`importanceReference: Pareto k is ${k.toFixed(3)}, above ${kThreshold.toFixed(3)}`);
  return {
    method: 'self-normalised importance sampling',
    description:
      'multivariate Student-t proposal on the unconstrained space, centred at the posterior mode ' +
      '(Jacobians included), scale matrix the inverse negative Hessian there (central differences ' +
      'of the gradient); MCSEs by the delta method over the normalised weights',
    settings: { seed, draws, degreesOfFreedom, newtonIterations: iterations, rng: 'makeRng(seed, 0), outputs makeRng(seed, 1)' },
    diagnostics: { paretoK: round(k), paretoKThreshold: round(kThreshold), ess: Math.round(ess), essFraction: round(ess / draws) },
    parameters: weightedSummaries(sample, model.outputNames),
  };
}

// ---------------------------------------------------------------------------------------

const makers: Record<string, (draws: number) => object> = {
  eight_schools_noncentered: () => eightSchoolsReference(),
  eight_schools_centered: () => eightSchoolsReference(),
  logistic_regression: (draws) => importanceReference(logisticRegression, draws),
  varying_intercepts: (draws) => importanceReference(varyingIntercepts, draws),
  gaussian_100d: () => gaussianReference(),
  correlated_2d: () => correlatedReference(),
};

function parseArguments(argv: readonly string[]): { only: readonly string[]; draws: number } {
  let only = Object.keys(makers);
  let draws = defaultDraws;
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--only') {
      only = (argv[++k] ?? '').split(',');
      const unknown = only.filter((id) => !(id in makers));
      if (unknown.length > 0) throw new Error(`${generator}: --only names ${unknown.join(', ')}; models are ${Object.keys(makers).join(', ')}`);
    } else if (argv[k] === '--draws') {
      draws = Number(argv[++k]);
      if (!Number.isInteger(draws) || draws < 1000) throw new Error(`${generator}: --draws is ${argv[k]}, but must be an integer >= 1000`);
    } else throw new Error(`${generator}: unknown argument '${argv[k]}'; usage: [--only id,id] [--draws N]`);
  }
  return { only, draws };
}

function main(): void {
  const { only, draws } = parseArguments(process.argv.slice(2));
  for (const id of only) {
    const start = performance.now();
    process.stderr.write(`${id}\n`);
    const reference = { model: id, generator, command: `npx tsx ${generator}`, ...makers[id]!(draws) };
    const target = fileURLToPath(new URL(`../test/fixtures/bench-references/${id}.json`, import.meta.url));
    writeFileSync(target, `${JSON.stringify(reference, null, 1)}\n`);
    process.stderr.write(`  wrote ${target} in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }
}

main();
