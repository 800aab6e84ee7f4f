import { apply } from '../../ad/op.js';
import { mul, sub } from '../../ad/ops/arithmetic.js';
import { cholesky } from '../../ad/ops/cholesky.js';
import { transpose } from '../../ad/ops/linalg.js';
import { sum } from '../../ad/ops/reduce.js';
import { triangularSolve } from '../../ad/ops/triangular-solve.js';
import { log, square } from '../../ad/ops/unary.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, noteRead, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { normals } from '../../random/ziggurat.js';
import type { Rng } from '../../random/rng.js';
import { real } from '../constraints.js';
import { checkParameter, expectRank, expectValue, formatIndex, parameterValid, plainParameterValid, plainValueInSupport } from './checks.js';
import type { Distribution } from './distribution.js';
import { broadcastAll } from './elementwise.js';
import { fusionMode, partialsOp, type FusedOptions } from './fused.js';
import { guarded } from './guarded.js';
import { asymmetry, choleskyOrNull, diagonal, lowerTimes, upperEntry } from './matrix.js';
import { gaussianRows } from './multi-normal-rows.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const muSpec = { name: 'mu', constraint: real };

// multi_normal_cholesky(y | μ, L) = −½ K log 2π − Σ_i log L_ii − ½ ‖L⁻¹(y − μ)‖² per row,
// with Σ = L Lᵀ; multi_normal(y | μ, Σ) is the same after L = cholesky(Σ). y and μ are
// vectors of length K or N×K matrices of row vectors (Stan's arrays of vectors), and
// broadcast against each other. Composed from AD ops: one triangular solve for all rows,
// so the tape has a handful of nodes whatever N is, and every order of derivative works
// (the Cholesky and the solve differentiate again).

/** log density summed over rows, from the residual y − μ and the Cholesky factor. */
function gaussianLogDensity(residual: Value, factor: Value, size: number): Value {
  const shape = shapeOf(residual);
  const rows = shape.length === 1 ? 1 : shape[0]!;
  const z = shape.length === 1 ? triangularSolve(factor, residual) : triangularSolve(factor, transpose(residual));
  const logDeterminant = sum(log(diagonal(factor, size)));
  return sub(sub(mul(-0.5, sum(square(z))), mul(rows, logDeterminant)), rows * size * LOG_SQRT_2PI);
}

interface GaussianOptions extends FusedOptions {
  readonly factor: Tensor;
  readonly size: number;
  readonly shape: Shape;
}

/** The fused op; at replay it repeats logProb's checks of traced y and mu (real: −∞ otherwise, NaN as −∞). */
const fusedGaussianOp = Object.freeze({
  ...partialsOp('multi_normal_lpdf', ['y', 'mu'], (args, options, traced) => {
    const { factor, size, shape } = options as GaussianOptions;
    const [y, mu] = args as [Primal, Primal];
    const valid = !(traced[0] === true && !plainValueInSupport(real, y, true)) && !(traced[1] === true && !plainParameterValid(muSpec, mu));
    const { value, partials } = gaussianPass(y, mu, traced, factor.data, size, shape, valid);
    return { value: Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value, partials, factor, size, shape } as GaussianOptions;
  }),
  rowDensity: gaussianRows(),
});

/**
 * The density as one node when the factor is a constant (data covariance) and y or μ are
 * traced at first order: per row, z = L⁻¹(y − μ) by forward substitution and
 * w = L⁻ᵀz by back substitution, with ∂/∂y = −w and ∂/∂μ = w (Stan Math's
 * multi_normal_cholesky_lpdf partials for a constant L). The composed form makes eight nodes.
 */
function fusedGaussian(y: Value, mu: Value, factor: Tensor, size: number, shape: Shape): Value {
  const traced = [y instanceof Box, mu instanceof Box];
  // peek: the op repeats the pass at replay.
  const { value, partials } = gaussianPass(peek(y), peek(mu), traced, factor.data, size, shape, true);
  return apply(fusedGaussianOp, [y, mu], { value, partials, factor, size, shape } as GaussianOptions);
}

/** The pass for plain y and mu (`valid` false: a failed check, −∞ with zero partials). */
function gaussianPass(y: Primal, mu: Primal, traced: readonly boolean[], l: Float64Array, size: number, shape: Shape, valid: boolean): { value: number; partials: (Primal | undefined)[] } {
  const yd = (y as Tensor).data;
  const md = (mu as Tensor).data;
  const rows = shape.length === 1 ? 1 : shape[0]!;
  const yStride = yd.length === size ? 0 : size;
  const muStride = md.length === size ? 0 : size;
  const dy = traced[0] ? new Float64Array(yd.length) : null;
  const dmu = traced[1] ? new Float64Array(md.length) : null;
  if (!valid) {
    return { value: Number.NEGATIVE_INFINITY, partials: [dy === null ? undefined : new Tensor(dy, shapeOf(y)), dmu === null ? undefined : new Tensor(dmu, shapeOf(mu))] };
  }
  const z = new Float64Array(size);
  let logDiagonal = 0;
  for (let i = 0; i < size; i++) logDiagonal += Math.log(l[i * size + i]!);
  let squares = 0;
  for (let r = 0; r < rows; r++) {
    const yo = r * yStride;
    const mo = r * muStride;
    for (let i = 0; i < size; i++) {
      let acc = yd[yo + i]! - md[mo + i]!;
      for (let j = 0; j < i; j++) acc -= l[i * size + j]! * z[j]!;
      z[i] = acc / l[i * size + i]!;
      squares += z[i]! * z[i]!;
    }
    // z ← L⁻ᵀz in place (back substitution), the gradient of −½‖z‖² with respect to y − μ.
    for (let i = size - 1; i >= 0; i--) {
      let acc = z[i]!;
      for (let j = i + 1; j < size; j++) acc -= l[j * size + i]! * z[j]!;
      z[i] = acc / l[i * size + i]!;
    }
    for (let i = 0; i < size; i++) {
      if (dy !== null) dy[yo + i]! -= z[i]!;
      if (dmu !== null) dmu[mo + i]! += z[i]!;
    }
  }
  const value = -0.5 * squares - rows * logDiagonal - rows * size * LOG_SQRT_2PI;
  const finite = Number.isFinite(value);
  return { value, partials: [partialOf(y, dy, finite), partialOf(mu, dmu, finite)] };
}

// At module level, not a closure per call: under tsx (esbuild keepNames) every closure
// made in a hot function costs a __name call.
function partialOf(v: Primal, d: Float64Array | null, finite: boolean): Primal | undefined {
  if (d === null) return undefined;
  if (!finite) d.fill(0);
  return new Tensor(d, shapeOf(v));
}

/** μ's shape, checked to be a vector or an N×K matrix, and K. */
function meanShape(name: string, mu: Value): { shape: Shape; size: number } {
  const shape = expectRank(name, 'mu', mu, [1, 2], 'a vector or a matrix whose rows are mean vectors');
  return { shape, size: shape[shape.length - 1]! };
}

function expectSquare(name: string, argName: string, m: Value, size: number): void {
  const s = expectRank(name, argName, m, [2], `a ${size}×${size} matrix`);
  if (s[0] !== size || s[1] !== size) {
    throw new Error(`${name}: ${argName} has shape ${formatShape(s)}, but mu has ${size} entries, so ${argName} must be ${size}×${size}`);
  }
}

/** The checks of a plain Cholesky factor: finite, lower triangular, positive diagonal. */
function checkCholeskyFactor(name: string, L: Tensor): void {
  const n = L.shape[0]!;
  checkParameter(name, factorSpec, L);
  const upper = upperEntry(L);
  if (upper !== null) {
    throw new Error(`${name}: L${formatIndex(upper[0] * n + upper[1], L.shape)} is ${L.data[upper[0] * n + upper[1]]}, but L must be lower triangular`);
  }
  for (let i = 0; i < n; i++) {
    const d = L.data[i * n + i]!;
    if (!(d > 0)) throw new Error(`${name}: L${formatIndex(i * n + i, L.shape)} is ${d}, but the diagonal of a Cholesky factor must be positive`);
  }
}

function positiveDiagonal(L: Primal, n: number): boolean {
  const d = (L as Tensor).data;
  for (let i = 0; i < n; i++) if (!(d[i * n + i]! > 0)) return false;
  return true;
}

/**
 * The shared body of multi_normal and multi_normal_cholesky. A class with the factor as a
 * method, not an object of closures: models build these on every evaluation, and each
 * closure made per call cost an allocation (and, under tsx, a `__name` call).
 */
abstract class Gaussian implements Distribution {
  readonly support = real;
  readonly shape: Shape;

  constructor(
    readonly name: string,
    protected readonly mu: Value,
    protected readonly size: number,
  ) {
    this.shape = shapeOf(mu);
  }

  /** The covariance's Cholesky factor for evaluation when it is plain (checked), or null when invalid. */
  protected abstract factor(): Value | null;
  /** What the factor is made from: L, or Sigma. */
  protected abstract factorSource(): Value;
  /** The factor of a traced source, as an AD value (L itself, or cholesky(Sigma)). */
  protected abstract factorOf(source: Value): Value;
  /** The checks of plain [y, mu, source] (one function per size, made once: guarded's rule). */
  protected abstract tracedChecks(): (inputs: readonly Primal[]) => boolean;
  /** The factor's plain data, for sampling. */
  protected abstract plainFactor(): Float64Array;
  /** The diagonal of the covariance. */
  protected abstract varianceDiagonal(): Float64Array;

  logProb(y: Value): Value {
    const { name, mu, size } = this;
    expectValue(name, 'y', y);
    const shape = broadcastAll(name, ['y', 'mu'], [shapeOf(y), this.shape]);
    if (shape.length > 2 || shape[shape.length - 1] !== size) {
      throw new Error(`${name}: y has shape ${formatShape(shapeOf(y))}, but must be a vector of ${size} entries or a matrix of such rows`);
    }
    const source = this.factorSource();
    if (source instanceof Box) return this.tracedFactorDensity(y, source);
    const factor = this.factor();
    const fused = factor !== null && !(factor instanceof Box) && fusionMode([y, mu]) === 'fused';
    // y and mu are checked with peek: the fused op repeats the checks at replay; the
    // composed path (nested traces) does not, and must not be replayed.
    if (!fused && (y instanceof Box || mu instanceof Box)) noteRead(`${name}: composed density checked traced arguments`);
    if (!plainValueInSupport(real, peek(y), y instanceof Box) || (mu instanceof Box && !plainParameterValid(muSpec, peek(mu)))) {
      noteCheckFailed(`${name}: an argument is outside its support`);
      return -Infinity;
    }
    if (factor === null) return -Infinity;
    const value = fused ? fusedGaussian(y, mu, factor as Tensor, size, shape) : gaussianLogDensity(sub(y, mu), factor, size);
    if (Number.isNaN(peek(value) as number)) {
      noteCheckFailed(`${name}: the density was NaN`);
      return -Infinity;
    }
    return value;
  }

  /**
   * The density with a traced covariance or factor: composed of ops, with the checks of y,
   * mu and the factor's source in a `guarded` op, so a replayed gradient repeats them.
   */
  private tracedFactorDensity(y: Value, source: Box): Value {
    const { name, mu, size } = this;
    const holds = this.tracedChecks();
    if (!holds([peek(y), peek(mu), peek(source)])) {
      noteCheckFailed(`${name}: an argument is outside its support`);
      return -Infinity;
    }
    const term = gaussianLogDensity(sub(y, mu), this.factorOf(source), size);
    if (Number.isNaN(peek(term) as number)) {
      noteCheckFailed(`${name}: the density was NaN`);
      return -Infinity;
    }
    return guarded(term, [y, mu, source], holds);
  }

  sample(rng: Rng, count?: number): Primal {
    const { name, mu, size } = this;
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
    }
    const l = this.plainFactor();
    const m = (primal(mu) as Tensor).data;
    const perDraw = sizeOf(this.shape);
    const draws = count ?? 1;
    const out = new Float64Array(draws * perDraw);
    const z = new Float64Array(size);
    for (let offset = 0; offset < out.length; offset += size) {
      normals(rng, z);
      const x = lowerTimes(l, z, size);
      for (let k = 0; k < size; k++) out[offset + k] = m[(offset % perDraw) + k]! + x[k]!;
    }
    return new Tensor(out, count === undefined ? this.shape : [count, ...this.shape]);
  }

  get mean(): Primal {
    return primal(this.mu);
  }

  get variance(): Primal {
    const v = this.varianceDiagonal();
    const out = new Float64Array(sizeOf(this.shape));
    for (let i = 0; i < out.length; i++) out[i] = v[i % this.size]!;
    return new Tensor(out, this.shape);
  }
}

const factorSpec = { name: 'L', constraint: real };

type Checks = (inputs: readonly Primal[]) => boolean;
const choleskyChecks = new Map<number, Checks>();
const covarianceChecks = new Map<number, Checks>();

/** The checks for matrices of `size`, made once per size. */
function checksFor(cache: Map<number, Checks>, size: number, make: (size: number) => Checks): Checks {
  let checks = cache.get(size);
  if (checks === undefined) {
    checks = make(size);
    cache.set(size, checks);
  }
  return checks;
}
const covarianceSpec = { name: 'Sigma', constraint: real };

class MultiNormalCholesky extends Gaussian {
  constructor(
    mu: Value,
    size: number,
    private readonly L: Value,
  ) {
    super('multi_normal_cholesky', mu, size);
  }

  protected factor(): Value | null {
    return this.L;
  }

  protected factorSource(): Value {
    return this.L;
  }

  protected factorOf(source: Value): Value {
    return source;
  }

  protected tracedChecks(): (inputs: readonly Primal[]) => boolean {
    return checksFor(choleskyChecks, this.size, (size) => ([y, mu, L]) =>
      plainValueInSupport(real, y!, true) && plainParameterValid(muSpec, mu!) && plainParameterValid(factorSpec, L!) && positiveDiagonal(L!, size));
  }

  protected plainFactor(): Float64Array {
    return (primal(this.L) as Tensor).data;
  }

  protected varianceDiagonal(): Float64Array {
    const l = this.plainFactor();
    const size = this.size;
    return Float64Array.from({ length: size }, (_, i) => {
      let s = 0;
      for (let k = 0; k <= i; k++) s += l[i * size + k]! ** 2;
      return s;
    });
  }
}

/** Multivariate normal with mean `mu` and the covariance's Cholesky factor `L` (Stan's multi_normal_cholesky). */
export function multiNormalCholesky(mu: Value, L: Value): Distribution {
  const name = 'multi_normal_cholesky';
  expectValue(name, 'mu', mu);
  expectValue(name, 'L', L);
  const { size } = meanShape(name, mu);
  expectSquare(name, 'L', L, size);
  checkParameter(name, muSpec, mu);
  if (!(L instanceof Box)) checkCholeskyFactor(name, L as Tensor);
  return new MultiNormalCholesky(mu, size, L);
}

class MultiNormal extends Gaussian {
  private readonly fixedFactor: Tensor | null;

  constructor(
    mu: Value,
    size: number,
    private readonly Sigma: Value,
    /** The factor of a plain Sigma, worked out (and checked) at construction. */
    private readonly plainSigmaFactor: Float64Array | null,
  ) {
    super('multi_normal', mu, size);
    this.fixedFactor = plainSigmaFactor === null ? null : new Tensor(plainSigmaFactor, [size, size]);
  }

  protected factor(): Value | null {
    return this.fixedFactor;
  }

  protected factorSource(): Value {
    return this.Sigma;
  }

  protected factorOf(source: Value): Value {
    return cholesky(source);
  }

  protected tracedChecks(): (inputs: readonly Primal[]) => boolean {
    return checksFor(covarianceChecks, this.size, (size) => ([y, mu, S]) =>
      plainValueInSupport(real, y!, true) &&
      plainParameterValid(muSpec, mu!) &&
      asymmetry(S as Tensor) === null &&
      plainParameterValid(covarianceSpec, S!) &&
      choleskyOrNull((S as Tensor).data, size) !== null);
  }

  protected plainFactor(): Float64Array {
    const l = this.plainSigmaFactor ?? choleskyOrNull((primal(this.Sigma) as Tensor).data, this.size);
    if (l === null) throw new Error(`${this.name}: Sigma is not positive definite, so there is nothing to sample`);
    return l;
  }

  protected varianceDiagonal(): Float64Array {
    const s = (primal(this.Sigma) as Tensor).data;
    const size = this.size;
    return Float64Array.from({ length: size }, (_, i) => s[i * size + i]!);
  }
}

/** Multivariate normal with mean `mu` and covariance `Sigma` (Stan's multi_normal). */
export function multiNormal(mu: Value, Sigma: Value): Distribution {
  const name = 'multi_normal';
  expectValue(name, 'mu', mu);
  expectValue(name, 'Sigma', Sigma);
  const { size } = meanShape(name, mu);
  expectSquare(name, 'Sigma', Sigma, size);
  checkParameter(name, muSpec, mu);
  let plainFactor: Float64Array | null = null;
  if (!(Sigma instanceof Box)) {
    const S = Sigma as Tensor;
    checkParameter(name, covarianceSpec, S);
    const bad = asymmetry(S);
    if (bad !== null) {
      const [i, j] = bad;
      throw new Error(`${name}: Sigma is not symmetric: Sigma[${i}, ${j}] is ${S.data[i * size + j]}, but Sigma[${j}, ${i}] is ${S.data[j * size + i]}`);
    }
    plainFactor = choleskyOrNull(S.data, size);
    if (plainFactor === null) throw new Error(`${name}: Sigma is not positive definite (its Cholesky factorisation fails)`);
  }
  return new MultiNormal(mu, size, Sigma, plainFactor);
}
