import { drawGamma as drawStandardGamma } from '../../random/gamma.js';
import { add, mul, sub } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { lgamma } from '../../ad/ops/special.js';
import { triangularSolve } from '../../ad/ops/triangular-solve.js';
import { log, square } from '../../ad/ops/unary.js';
import { Tensor, formatShape, type Shape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { choleskyCov, real, type Constraint } from '../constraints.js';
import { expectValue } from './checks.js';
import type { Distribution } from './distribution.js';
import { guarded } from './guarded.js';
import { checkCholesky, checkSpd, factorOf, isCholeskyFactor, isSpd, logDeterminant, plainFactorData, squareSize } from './matrix-arguments.js';
import { choleskyOrNull, diagonal } from './matrix.js';

// Wishart and inverse Wishart over K×K symmetric positive-definite matrices, and their
// Cholesky forms (Stan's wishart, inv_wishart, wishart_cholesky, inv_wishart_cholesky).
// With L_W, L_S the Cholesky factors of W and S and log Γ_K the multivariate log-gamma,
//   wishart(W | ν, S)     = (ν−K−1)/2 log|W| − ½ tr(S⁻¹W) − νK/2 log 2 − ν/2 log|S| − log Γ_K(ν/2),
//   inv_wishart(W | ν, S) = ν/2 log|S| − νK/2 log 2 − log Γ_K(ν/2) − (ν+K+1)/2 log|W| − ½ tr(SW⁻¹),
// tr(S⁻¹W) = ‖L_S⁻¹L_W‖²_F and tr(SW⁻¹) = ‖L_W⁻¹L_S‖²_F by one triangular solve. The
// Cholesky forms are densities of L_W (given L_S): the matrix density at W = L_W L_Wᵀ times
// the Jacobian of L_W ↦ W, 2^K Π_k L_kk^(K−k+1) (1-based k; Stan functions reference,
// "Wishart Cholesky distribution"). ν > K − 1.

const LOG_PI = Math.log(Math.PI);

/** log Γ_K(a) = K(K−1)/4 log π + Σ_{j=1}^{K} log Γ(a + (1 − j)/2). */
function logMultivariateGamma(a: Value, size: number): Value {
  const shifts = new Tensor(Float64Array.from({ length: size }, (_, j) => -j / 2), [size]);
  return add((size * (size - 1) * LOG_PI) / 4, sum(lgamma(add(a, shifts))));
}

type Form = { readonly inverse: boolean; readonly cholesky: boolean };

interface WishartSetup {
  readonly name: string;
  readonly form: Form;
  readonly nu: Value;
  readonly scale: Value;
  readonly size: number;
}

const nuValid = (nu: Primal, size: number): boolean => typeof nu === 'number' && Number.isFinite(nu) && nu > size - 1;

function logDensity(s: WishartSetup, w: Value): Value {
  const { size, nu, form } = s;
  const lw = form.cholesky ? w : factorOf(w, size);
  const ls = form.cholesky ? s.scale : factorOf(s.scale, size);
  const logDetW = logDeterminant(lw, size);
  const logDetS = logDeterminant(ls, size);
  const trace = form.inverse ? sum(square(triangularSolve(lw, ls))) : sum(square(triangularSolve(ls, lw)));
  const common = add(mul(nu, (size * Math.LN2) / 2), logMultivariateGamma(mul(0.5, nu), size));
  const matrixDensity = form.inverse
    ? sub(sub(sub(mul(mul(0.5, nu), logDetS), common), mul(mul(0.5, add(nu, size + 1)), logDetW)), mul(0.5, trace))
    : sub(sub(sub(mul(mul(0.5, sub(nu, size + 1)), logDetW), mul(0.5, trace)), common), mul(mul(0.5, nu), logDetS));
  if (!form.cholesky) return matrixDensity;
  const powers = new Tensor(Float64Array.from({ length: size }, (_, k) => size - k), [size]);
  return add(add(matrixDensity, size * Math.LN2), sum(mul(powers, log(diagonal(lw, size)))));
}

class WishartDistribution implements Distribution {
  readonly name: string;
  readonly shape: Shape;
  readonly support: Constraint;

  constructor(private readonly s: WishartSetup) {
    this.name = s.name;
    this.shape = [s.size, s.size];
    // Matrices on the SPD cone have no elementwise constraint kind: real, as multi_normal's Sigma.
    this.support = s.form.cholesky ? choleskyCov : real;
  }

  logProb(w: Value): Value {
    const s = this.s;
    squareSize(s.name, s.form.cholesky ? 'L_W' : 'W', expectValue(s.name, 'W', w), s.size);
    const matrixOk = s.form.cholesky ? isCholeskyFactor : isSpd;
    const holds = ([wp, nup, sp]: readonly Primal[]): boolean => matrixOk(wp!, s.size) && nuValid(nup!, s.size) && matrixOk(sp!, s.size);
    const inputs = [w, s.nu, s.scale];
    // Traced values are read with peek: `guarded` repeats the checks at replay.
    if (!holds(inputs.map((v) => peek(v)))) {
      noteCheckFailed(`${s.name}: an argument is outside its support`);
      return -Infinity;
    }
    const term = logDensity(s, w);
    return inputs.some((v) => v instanceof Box) ? guarded(term, inputs, holds) : term;
  }

  /** Bartlett (1933): W = L A Aᵀ Lᵀ with A lower triangular, A_kk² ~ χ²(ν − k) (0-based k), A_ij ~ N(0, 1) below. */
  sample(rng: Rng, count?: number): Primal {
    const s = this.s;
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new Error(`${s.name}: sample count is ${count}, but must be a non-negative integer`);
    const k = s.size;
    const nu = primal(s.nu) as number;
    const scaleFactor = plainFactorData(s.scale, k, s.form.cholesky);
    // For the inverse Wishart, W⁻¹ ~ wishart(ν, S⁻¹): draw with the factor of S⁻¹.
    const factor = s.form.inverse ? (choleskyOrNull(inverseSpd(scaleFactor, k), k) as Float64Array) : scaleFactor;
    // gamma(shape, rate): a standard gamma over the rate.
    const drawGamma = (shape: number, rate: number): number => drawStandardGamma(rng, shape) / rate;
    const draws = count ?? 1;
    const out = new Float64Array(draws * k * k);
    for (let c = 0; c < draws; c++) {
      const a = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        a[i * k + i] = Math.sqrt(2 * drawGamma(0.5 * (nu - i), 1));
        for (let j = 0; j < i; j++) a[i * k + j] = rng.normal();
      }
      const la = lowerProduct(factor, a, k);
      let w = gram(la, k);
      if (s.form.inverse) w = inverseSpd(choleskyOrNull(w, k)!, k);
      const result = s.form.cholesky ? choleskyOrNull(w, k)! : w;
      out.set(result, c * k * k);
    }
    return new Tensor(out, count === undefined ? this.shape : [count, ...this.shape]);
  }

  get mean(): Primal | undefined {
    if (this.s.form.cholesky) return undefined;
    const k = this.s.size;
    const nu = primal(this.s.nu) as number;
    const l = plainFactorData(this.s.scale, k, false);
    const scale = gram(l, k);
    const factor = this.s.form.inverse ? (nu > k + 1 ? 1 / (nu - k - 1) : NaN) : nu;
    return new Tensor(scale.map((v) => v * factor), [k, k]);
  }
}

/** L A for lower-triangular L and A. */
function lowerProduct(l: Float64Array, a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let acc = 0;
    for (let m = j; m <= i; m++) acc += l[i * n + m]! * a[m * n + j]!;
    out[i * n + j] = acc;
  }
  return out;
}

/** B Bᵀ. */
function gram(b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let m = 0; m < n; m++) acc += b[i * n + m]! * b[j * n + m]!;
    out[i * n + j] = acc;
  }
  return out;
}

/** (L Lᵀ)⁻¹ from the factor L: L⁻ᵀ L⁻¹, column by column. */
function inverseSpd(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n); // L⁻¹
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let acc = i === c ? 1 : 0;
      for (let m = 0; m < i; m++) acc -= l[i * n + m]! * inv[m * n + c]!;
      inv[i * n + c] = acc / l[i * n + i]!;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let m = 0; m < n; m++) acc += inv[m * n + i]! * inv[m * n + j]!;
    out[i * n + j] = acc;
  }
  return out;
}

function make(name: string, form: Form, nu: Value, scale: Value): Distribution {
  const scaleName = form.cholesky ? 'L_S' : 'S';
  expectValue(name, 'nu', nu);
  if (shapeOf(nu).length !== 0) throw new Error(`${name}: nu has shape ${formatShape(shapeOf(nu))}, but must be a number`);
  const size = squareSize(name, scaleName, scale);
  if (!(nu instanceof Box) && !nuValid(nu as number, size)) throw new Error(`${name}: nu is ${nu as number}, but must be greater than K − 1 = ${size - 1}`);
  if (form.cholesky) checkCholesky(name, scaleName, scale, size);
  else checkSpd(name, scaleName, scale, size);
  return new WishartDistribution({ name, form, nu, scale, size });
}

/** Wishart with `nu` degrees of freedom and scale matrix `S` (Stan's wishart). */
export function wishart(nu: Value, S: Value): Distribution {
  return make('wishart', { inverse: false, cholesky: false }, nu, S);
}

/** Inverse Wishart with `nu` degrees of freedom and scale matrix `S` (Stan's inv_wishart). */
export function invWishart(nu: Value, S: Value): Distribution {
  return make('inv_wishart', { inverse: true, cholesky: false }, nu, S);
}

/** The Wishart distribution of a Cholesky factor L_W, given the scale's factor `LS` (Stan's wishart_cholesky). */
export function wishartCholesky(nu: Value, LS: Value): Distribution {
  return make('wishart_cholesky', { inverse: false, cholesky: true }, nu, LS);
}

/** The inverse Wishart distribution of a Cholesky factor L_W, given the scale's factor `LS` (Stan's inv_wishart_cholesky). */
export function invWishartCholesky(nu: Value, LS: Value): Distribution {
  return make('inv_wishart_cholesky', { inverse: true, cholesky: true }, nu, LS);
}

