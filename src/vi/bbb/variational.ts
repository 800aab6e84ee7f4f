import { Tensor, add, mul, softplus, type Shape } from '../../ad/index.js';
import type { Value } from '../../ad/trace.js';
import type { Network, NetworkParameters } from '../../nn/sequential.js';
import type { Rng } from '../../random/rng.js';
import type { NoiseFactor } from './noise.js';

/**
 * The mean-field Gaussian posterior of Blundell et al. (2015, §3.2): every weight w has
 * its own factor normal(μ, σ) with σ = softplus(ρ) = log(1 + e^ρ), so that ρ is
 * unconstrained and σ always positive. `noise` holds the factor of log σ_noise when the
 * noise is learned, and is absent when it is fixed. A record of tensors: the AD
 * transforms and Adam take it as one tree.
 */
export type VariationalParameters<V extends Value = Tensor, S extends Value = number> = {
  readonly mean: NetworkParameters<V>;
  readonly rho: NetworkParameters<V>;
  readonly noise?: NoiseFactor<S>;
};

/** ρ with softplus(ρ) = σ: log(e^σ − 1), written as σ + log(1 − e^−σ) so large σ does not overflow. */
export function inverseSoftplus(sigma: number): number {
  return sigma + Math.log(-Math.expm1(-sigma));
}

function mapRecord<A, B>(record: { readonly [name: string]: A }, fn: (value: A, name: string) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, fn(value, name)]));
}

/** Standard normal draws shaped like the network's parameters (the ε of the reparametrisation). */
export function standardNormals(shapes: Readonly<Record<string, Shape>>, rng: Rng): NetworkParameters {
  return mapRecord(shapes, (shape) => {
    const t = new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal();
    return t;
  });
}

/** The posterior sd of every weight, softplus(ρ). */
export function scalesOf<V extends Value>(rho: NetworkParameters<V>): NetworkParameters<Value> {
  return mapRecord(rho, (r) => softplus(r));
}

/** Weights w = μ + σ ⊙ ε (Blundell et al. 2015, §3.2 step 2): differentiable in μ and ρ. */
export function reparametrise(
  mean: NetworkParameters<Value>,
  scale: NetworkParameters<Value>,
  standardNormal: NetworkParameters,
): NetworkParameters<Value> {
  return mapRecord(mean, (mu, name) => add(mu, mul(scale[name]!, standardNormal[name]!)));
}

/** Means from the network's own seeded initialisation; every σ starts at `initialScale`. */
export function initialVariational(
  network: Network,
  rng: Rng,
  initialScale: number,
  noise: NoiseFactor | undefined,
): VariationalParameters {
  const mean = network.initialize(rng);
  const rho = mapRecord(mean, (m) => new Tensor(new Float64Array(m.size).fill(inverseSoftplus(initialScale)), m.shape));
  return noise === undefined ? { mean, rho } : { mean, rho, noise };
}
