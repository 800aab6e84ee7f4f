import { Tensor } from '../ad/tensor.js';
import type { Primal } from '../ad/trace.js';
import type { Distribution } from '../models/distributions/distribution.js';
import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';

/**
 * A model for simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman
 * 2018, "Validating Bayesian inference algorithms with simulation-based calibration",
 * arXiv:1804.06788): the model to fit, and a simulator of its joint distribution that draws
 * the parameters from the prior and then data from the likelihood given them (their
 * Algorithm 1, lines 2–3), with leapfrog's seeded distribution samplers.
 */

export interface SbcSimulation {
  /**
   * The true values of the quantities to check, under the model's output names
   * (`mu`, `beta[2]`, `Omega[1,2]`). Each is ranked among the fitted draws of that output.
   */
  readonly parameters: Readonly<Record<string, number>>;
  /** The simulated data set, as `definition.compile` takes it. */
  readonly data: unknown;
}

export interface SbcModel {
  /** File-name-safe: `eight-schools`. */
  readonly name: string;
  readonly description: string;
  readonly definition: { compile(data: unknown): CompiledModel };
  simulate(rng: Rng): SbcSimulation;
}

/** The values of a draw as a plain array (a number becomes one element). */
export function drawValues(distribution: Distribution, rng: Rng, count?: number): Float64Array {
  const draw: Primal = distribution.sample(rng, count);
  return draw instanceof Tensor ? Float64Array.from(draw.data) : Float64Array.of(draw);
}

/** One scalar draw. */
export function drawNumber(distribution: Distribution, rng: Rng): number {
  const values = drawValues(distribution, rng);
  if (values.length !== 1) throw new Error(`drawNumber: ${distribution.name} draws ${values.length} values, but one was expected`);
  return values[0]!;
}

/** A named vector as output names: `named('beta', [..])` → { 'beta[1]': .., 'beta[2]': .. }. */
export function named(name: string, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < values.length; i++) out[`${name}[${i + 1}]`] = values[i]!;
  return out;
}

/** Rows of a row-major matrix, as JSON data holds matrices. */
export function rowsOf(values: ArrayLike<number>, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => values[row * columns + column]!));
}
