import { newBuffer } from '../../ad/buffers.js';
import { apply } from '../../ad/op.js';
import { add } from '../../ad/ops/arithmetic.js';
import { logSumExp } from '../../ad/ops/reduce.js';
import { reshape, slice } from '../../ad/ops/shape.js';
import { log } from '../../ad/ops/unary.js';
import { formatShape, Tensor, type Shape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, noteRead, peek, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { fusionMode, partialsOp } from './fused.js';

// hmm_marginal(log_omega, Gamma, rho), as Stan's (Stan functions reference, "Hidden Markov
// models"): the log density of N observations of a hidden Markov model with K states, the
// hidden states summed out. log_omega[k, n] = log p(y_n | z_n = k) ([K, N]); Gamma[i, j] =
// P(z_{n+1} = j | z_n = i) ([K, K], rows are simplexes); rho[k] = P(z_1 = k) ([K], a simplex).
//
// One op at first order: the forward algorithm with per-step scaling (Rabiner 1989,
// section V.A) gives the value, and the backward recursion the partials, in O(N K²) with no
// tape node per step. With alpha-hat and beta-hat the scaled forward and backward variables
// and c_n the scale factors (log p = Σ log c_n):
//   ∂log p/∂log_omega[k, n] = alpha-hat_n[k] beta-hat_n[k]   (the posterior marginal of z_n),
//   ∂log p/∂Gamma[i, j]     = Σ_{n≥2} alpha-hat_{n−1}[i] omega_n[j] beta-hat_n[j] / c_n,
//   ∂log p/∂rho[k]          = omega_1[k] beta-hat_1[k] / c_1.
// Higher-order and forward-mode traces take the same forward algorithm composed of AD ops.

const NAME = 'hmm_marginal';
const ARG_NAMES = ['log_omega', 'Gamma', 'rho'] as const;
/** Stan's tolerance for a simplex (CONSTRAINT_TOLERANCE). */
const SIMPLEX_TOLERANCE = 1e-8;

/**
 * The op; at replay (src/ad/replay.ts) it repeats hmmMarginal's simplex checks of a traced
 * Gamma or rho (−∞ when one fails) and the forward-backward pass.
 */
const hmmOp = partialsOp(NAME, ARG_NAMES, (args, _options, traced) => {
  const [logOmega, gamma, rho] = args as [Tensor, Tensor, Tensor];
  const [states, steps] = logOmega.shape as [number, number];
  const valid = !(traced[1] === true && simplexProblem(gamma.data, states, rowLabel) !== null) && !(traced[2] === true && simplexProblem(rho.data, states, rhoLabel) !== null);
  const result = valid ? forwardBackward(logOmega.data, gamma.data, rho.data, states, steps, traced) : impossible(traced, states, steps, Number.NEGATIVE_INFINITY);
  return { value: result.value, partials: shapedPartials(result.partials, states, steps) };
});

const rowLabel = (row: number): string => `Gamma[${row}, :]`;
const rhoLabel = (): string => 'rho';

function shapedPartials(partials: readonly (Float64Array | null)[], states: number, steps: number): (Primal | undefined)[] {
  const shapes: Shape[] = [[states, steps], [states, states], [states]];
  return partials.map((p, k) => (p === null ? undefined : new Tensor(p, shapes[k]!)));
}

interface Sizes {
  readonly states: number;
  readonly steps: number;
}

function checkShapes(logOmega: Shape, gamma: Shape, rho: Shape): Sizes {
  if (logOmega.length !== 2 || logOmega[1]! < 1) {
    throw new Error(`${NAME}: log_omega has shape ${formatShape(logOmega)}, but must be a matrix [K, N] (K states by N >= 1 steps)`);
  }
  const [states, steps] = logOmega as [number, number];
  if (gamma.length !== 2 || gamma[0] !== states || gamma[1] !== states) {
    throw new Error(`${NAME}: Gamma has shape ${formatShape(gamma)}, but must be [${states}, ${states}] (K = ${states} states, from log_omega's rows)`);
  }
  if (rho.length !== 1 || rho[0] !== states) {
    throw new Error(`${NAME}: rho has shape ${formatShape(rho)}, but must be [${states}] (K = ${states} states, from log_omega's rows)`);
  }
  return { states, steps };
}

/** Where `values` (rows of `width`) are not simplexes: a message naming the first such row, or null. */
function simplexProblem(values: Float64Array, width: number, label: (row: number) => string): string | null {
  for (let row = 0; row * width < values.length; row++) {
    let total = 0;
    for (let k = 0; k < width; k++) {
      const v = values[row * width + k]!;
      if (!(v >= 0)) return `${label(row)}[${k}] is ${v}, but must be non-negative (a probability)`;
      total += v;
    }
    if (!(Math.abs(total - 1) <= SIMPLEX_TOLERANCE)) return `${label(row)} sums to ${total}, but must sum to 1 (a simplex)`;
  }
  return null;
}

/**
 * The log marginal density of an HMM (see the header): one tape node at first order. Plain
 * (untraced) Gamma and rho that are not simplexes are an error naming the row; traced ones
 * make the density −∞, as an out-of-support parameter does for a distribution.
 */
export function hmmMarginal(logOmega: Value, gamma: Value, rho: Value): Value {
  const args = [logOmega, gamma, rho];
  args.forEach((a, k) => {
    if (typeof a !== 'number' && !(a instanceof Tensor) && !(a instanceof Box)) {
      throw new Error(`${NAME}: ${ARG_NAMES[k]} is ${typeof a}, but must be a number, a tensor or a traced value`);
    }
  });
  const { states, steps } = checkShapes(shapeOf(logOmega), shapeOf(gamma), shapeOf(rho));
  const mode = fusionMode(args);
  // Traced values are read with peek: the op repeats the checks and the pass at replay; the
  // composed path (nested traces) does not, and must not be replayed.
  if (mode === 'composed') noteRead(`${NAME}: composed form checked traced arguments`);
  const plain = args.map((a) => peek(a) as Tensor);
  const gammaProblem = simplexProblem(plain[1]!.data, states, rowLabel);
  if (gammaProblem !== null && !(gamma instanceof Box)) throw new Error(`${NAME}: ${gammaProblem}`);
  const rhoProblem = simplexProblem(plain[2]!.data, states, rhoLabel);
  if (rhoProblem !== null && !(rho instanceof Box)) throw new Error(`${NAME}: ${rhoProblem}`);
  if (gammaProblem !== null || rhoProblem !== null) {
    noteCheckFailed(`${NAME}: Gamma or rho is not a simplex`);
    return -Infinity;
  }
  if (mode === 'composed') return composedHmm(logOmega, gamma, rho, steps);
  const wanted = args.map((a) => a instanceof Box);
  const { value, partials } = forwardBackward(plain[0]!.data, plain[1]!.data, plain[2]!.data, states, steps, mode === 'fused' ? wanted : [false, false, false]);
  if (mode === 'plain') return value;
  return apply(hmmOp, args, { value, partials: shapedPartials(partials, states, steps) });
}

/**
 * The scaled forward pass and, for the partials wanted, the backward pass (see the header).
 * logOmega is [K, N] row-major; the working arrays are [N, K] so each step reads a row.
 */
function forwardBackward(
  logOmega: Float64Array,
  gamma: Float64Array,
  rho: Float64Array,
  states: number,
  steps: number,
  wanted: readonly boolean[],
): { value: number; partials: (Float64Array | null)[] } {
  const K = states;
  const N = steps;
  const omega = newBuffer(N * K); // exp(log_omega[k, n] − max_k log_omega[k, n]), by step
  const alpha = newBuffer(N * K); // alpha-hat, by step
  const scale = newBuffer(N); // c_n
  // log p = Σ (log c_n + shift_n): the c_n are multiplied up and their product's log taken
  // only before it could leave the range of doubles (one log per few dozen steps, not per step).
  let value = 0;
  let product = 1;
  for (let n = 0; n < N; n++) {
    let shift = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) shift = Math.max(shift, logOmega[k * N + n]!);
    if (!Number.isFinite(shift)) return impossible(wanted, K, N, shift);
    const row = n * K;
    for (let k = 0; k < K; k++) omega[row + k] = Math.exp(logOmega[k * N + n]! - shift);
    let total = 0;
    for (let k = 0; k < K; k++) {
      let prior: number;
      if (n === 0) prior = rho[k]!;
      else {
        prior = 0;
        const previous = row - K;
        for (let i = 0; i < K; i++) prior += alpha[previous + i]! * gamma[i * K + k]!;
      }
      const a = prior * omega[row + k]!;
      alpha[row + k] = a;
      total += a;
    }
    if (!(total > 0)) return impossible(wanted, K, N, Number.NEGATIVE_INFINITY);
    for (let k = 0; k < K; k++) alpha[row + k]! /= total;
    scale[n] = total;
    value += shift;
    // total <= 1 (a probability times emissions scaled to at most 1) and > 0, so flushing
    // first keeps the product above 1e-300, clear of underflow.
    if (total < 1e-100 || product < 1e-200) {
      value += Math.log(product);
      product = 1;
    }
    product *= total;
  }
  value += Math.log(product);
  const partials: (Float64Array | null)[] = [null, null, null];
  if (!wanted.some((w) => w)) return { value, partials };

  // beta-hat_N = 1; beta-hat_n[i] = Σ_j Gamma[i, j] omega_{n+1}[j] beta-hat_{n+1}[j] / c_{n+1}.
  const beta = newBuffer(N * K);
  const weighted = newBuffer(K); // omega_{n+1}[j] beta-hat_{n+1}[j] / c_{n+1}
  const dLogOmega = wanted[0] ? newBuffer(K * N) : null;
  const dGamma = wanted[1] ? newBuffer(K * K) : null;
  const dRho = wanted[2] ? newBuffer(K) : null;
  for (let k = 0; k < K; k++) beta[(N - 1) * K + k] = 1;
  for (let n = N - 1; n >= 0; n--) {
    const row = n * K;
    if (dLogOmega !== null) for (let k = 0; k < K; k++) dLogOmega[k * N + n] = alpha[row + k]! * beta[row + k]!;
    for (let j = 0; j < K; j++) weighted[j] = (omega[row + j]! * beta[row + j]!) / scale[n]!;
    if (n === 0) {
      if (dRho !== null) for (let k = 0; k < K; k++) dRho[k] = weighted[k]!;
      break;
    }
    const previous = row - K;
    if (dGamma !== null) {
      for (let i = 0; i < K; i++) {
        const a = alpha[previous + i]!;
        for (let j = 0; j < K; j++) dGamma[i * K + j]! += a * weighted[j]!;
      }
    }
    for (let i = 0; i < K; i++) {
      let b = 0;
      for (let j = 0; j < K; j++) b += gamma[i * K + j]! * weighted[j]!;
      beta[previous + i] = b;
    }
  }
  partials[0] = dLogOmega;
  partials[1] = dGamma;
  partials[2] = dRho;
  return { value, partials };
}

/** A sequence with probability zero (or a NaN emission): the density and zero partials. */
function impossible(wanted: readonly boolean[], K: number, N: number, value: number): { value: number; partials: (Float64Array | null)[] } {
  const sizes = [K * N, K * K, K];
  const density = Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
  return { value: density, partials: wanted.map((w, k) => (w ? newBuffer(sizes[k]!) : null)) };
}

/** The same forward algorithm composed of AD ops, on the log scale: any order, any mode. */
function composedHmm(logOmega: Value, gamma: Value, rho: Value, steps: number): Value {
  const states = shapeOf(logOmega)[0]!;
  const column = (n: number): Value => reshape(slice(logOmega, n, n + 1, 1), [states]);
  const logGamma = log(gamma);
  let g = add(log(rho), column(0));
  for (let n = 1; n < steps; n++) {
    // g'[k] = log Σ_i exp(g[i] + log Gamma[i, k]) + log_omega[k, n]
    g = add(logSumExp(add(reshape(g, [-1, 1]), logGamma), 0), column(n));
  }
  return logSumExp(g);
}
