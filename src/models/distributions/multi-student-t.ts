import { drawGamma as drawStandardGamma } from '../../random/gamma.js';
import { add, div, mul, sub } from '../../ad/ops/arithmetic.js';
import { matmul, matvec, transpose } from '../../ad/ops/linalg.js';
import { sum } from '../../ad/ops/reduce.js';
import { lgamma } from '../../ad/ops/special.js';
import { triangularSolve } from '../../ad/ops/triangular-solve.js';
import { log, log1p, square } from '../../ad/ops/unary.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { positive, real } from '../constraints.js';
import { checkParameter, expectRank, expectValue, plainParameterValid, plainValueInSupport } from './checks.js';
import type { Distribution } from './distribution.js';
import { broadcastAll } from './elementwise.js';
import { guarded } from './guarded.js';
import { checkCholesky, checkSpd, factorOf, isCholeskyFactor, isSpd, logDeterminant, plainFactorData, squareSize } from './matrix-arguments.js';
import { lowerTimes } from './matrix.js';

// Multivariate Student-t and the precision-parameterised normal (Stan's multi_student_t,
// multi_student_t_cholesky, multi_normal_prec), composed from AD ops: a Cholesky factor and
// one triangular solve (or product) for all rows of y, so any order of derivative works.
// y and μ are K-vectors or N×K matrices of rows (Stan's arrays of vectors), broadcast.
//   multi_student_t(y | ν, μ, Σ) per row = log Γ((ν+K)/2) − log Γ(ν/2) − (K/2) log(νπ)
//                                           − ½ log|Σ| − (ν+K)/2 · log(1 + (y−μ)ᵀΣ⁻¹(y−μ)/ν);
//   multi_normal_prec(y | μ, Ω) per row = −(K/2) log 2π + ½ log|Ω| − ½ (y−μ)ᵀΩ(y−μ).

const LOG_PI = Math.log(Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const muSpec = { name: 'mu', constraint: real };
const nuSpec = { name: 'nu', constraint: positive };

type MatrixKind = 'covariance' | 'factor' | 'precision';

interface Setup {
  readonly name: string;
  readonly matrixName: string;
  readonly kind: MatrixKind;
  readonly mu: Value;
  readonly matrix: Value;
  readonly nu: Value | null;
  readonly size: number;
}

function setup(name: string, matrixName: string, kind: MatrixKind, nu: Value | null, mu: Value, matrix: Value): Setup {
  expectValue(name, 'mu', mu);
  const muShape = expectRank(name, 'mu', mu, [1, 2], 'a vector or a matrix whose rows are mean vectors');
  const size = muShape[muShape.length - 1]!;
  squareSize(name, matrixName, matrix, size);
  checkParameter(name, muSpec, mu);
  if (nu !== null) {
    expectValue(name, 'nu', nu);
    if (shapeOf(nu).length !== 0) throw new Error(`${name}: nu has shape ${formatShape(shapeOf(nu))}, but must be a number`);
    checkParameter(name, nuSpec, nu);
  }
  if (kind === 'factor') checkCholesky(name, matrixName, matrix, size);
  else checkSpd(name, matrixName, matrix, size);
  return { name, matrixName, kind, mu, matrix, nu, size };
}

/** The plain checks of [y, mu, matrix, nu?] (guarded's rule). */
function checksOf(s: Setup): (inputs: readonly Primal[]) => boolean {
  const matrixOk = s.kind === 'factor' ? isCholeskyFactor : isSpd;
  return ([y, mu, matrix, nu]) =>
    plainValueInSupport(real, y!, true) && plainParameterValid(muSpec, mu!) && matrixOk(matrix!, s.size) && (nu === undefined || plainParameterValid(nuSpec, nu));
}

/** The log density summed over rows. */
function logDensity(s: Setup, y: Value): Value {
  const { size, kind } = s;
  const residual = sub(y, s.mu);
  const shape = shapeOf(residual);
  const rows = shape.length === 1 ? 1 : shape[0]!;
  const factor = kind === 'factor' ? s.matrix : factorOf(s.matrix, size);
  const logDet = logDeterminant(factor, size);
  if (kind === 'precision') {
    // (y − μ)ᵀ Ω (y − μ) = ‖Lᵀ(y − μ)‖² with Ω = L Lᵀ; rows r give r L.
    const projected = shape.length === 1 ? matvec(transpose(factor), residual) : matmul(residual, factor);
    return sub(sub(mul(0.5 * rows, logDet), mul(0.5, sum(square(projected)))), 0.5 * rows * size * LOG_2PI);
  }
  const z = shape.length === 1 ? triangularSolve(factor, residual) : triangularSolve(factor, transpose(residual));
  const squares = shape.length === 1 ? sum(square(z)) : sum(square(z), 0);
  const nu = s.nu!;
  const half = mul(0.5, add(nu, size));
  const constant = sub(sub(lgamma(half), lgamma(mul(0.5, nu))), add(mul(0.5 * size, log(nu)), 0.5 * size * LOG_PI));
  return sub(mul(rows, sub(constant, mul(0.5, logDet))), mul(half, sum(log1p(div(squares, nu)))));
}

class MatrixFamilyDistribution implements Distribution {
  readonly support = real;
  readonly shape: Shape;
  readonly name: string;

  constructor(private readonly s: Setup) {
    this.name = s.name;
    this.shape = shapeOf(s.mu);
  }

  logProb(y: Value): Value {
    const s = this.s;
    expectValue(s.name, 'y', y);
    const shape = broadcastAll(s.name, ['y', 'mu'], [shapeOf(y), this.shape]);
    if (shape.length > 2 || shape[shape.length - 1] !== s.size) {
      throw new Error(`${s.name}: y has shape ${formatShape(shapeOf(y))}, but must be a vector of ${s.size} entries or a matrix of such rows`);
    }
    const inputs = s.nu === null ? [y, s.mu, s.matrix] : [y, s.mu, s.matrix, s.nu];
    const holds = checksOf(s);
    // Traced values are read with peek: `guarded` repeats the checks at replay.
    if (!holds(inputs.map((v) => peek(v)))) {
      noteCheckFailed(`${s.name}: an argument is outside its support`);
      return -Infinity;
    }
    const term = logDensity(s, y);
    if (Number.isNaN(peek(term) as number)) {
      noteCheckFailed(`${s.name}: the density was NaN`);
      return -Infinity;
    }
    return inputs.some((v) => v instanceof Box) ? guarded(term, inputs, holds) : term;
  }

  sample(rng: Rng, count?: number): Primal {
    const s = this.s;
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new Error(`${s.name}: sample count is ${count}, but must be a non-negative integer`);
    const size = s.size;
    // Precision: y = μ + L⁻ᵀz for Ω = L Lᵀ; otherwise y = μ + L z (/ √(w/ν) for Student-t).
    const l = plainFactorData(s.matrix, size, s.kind === 'factor');
    const m = (primal(s.mu) as Tensor).data;
    // gamma(shape, rate) as stdlib's factory took it: a standard gamma over the rate.
    const drawGamma = (shape: number, rate: number): number => drawStandardGamma(rng, shape) / rate;
    const nu = s.nu === null ? null : (primal(s.nu) as number);
    const perDraw = sizeOf(this.shape);
    const out = new Float64Array((count ?? 1) * perDraw);
    const z = new Float64Array(size);
    for (let offset = 0; offset < out.length; offset += size) {
      for (let k = 0; k < size; k++) z[k] = rng.normal();
      const x = s.kind === 'precision' ? upperSolve(l, z, size) : lowerTimes(l, z, size);
      const scale = nu === null ? 1 : 1 / Math.sqrt((2 * drawGamma(0.5 * nu, 1)) / nu);
      for (let k = 0; k < size; k++) out[offset + k] = m[(offset % perDraw) + k]! + scale * x[k]!;
    }
    return new Tensor(out, count === undefined ? this.shape : [count, ...this.shape]);
  }

  get mean(): Primal | undefined {
    const nu = this.s.nu === null ? Infinity : (primal(this.s.nu) as number);
    return nu > 1 ? primal(this.s.mu) : undefined;
  }
}

/** Lᵀ⁻¹ z for a lower-triangular L (back substitution). */
function upperSolve(l: Float64Array, z: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let acc = z[i]!;
    for (let j = i + 1; j < n; j++) acc -= l[j * n + i]! * x[j]!;
    x[i] = acc / l[i * n + i]!;
  }
  return x;
}

/** Multivariate Student-t with `nu` degrees of freedom, location `mu` and scale matrix `Sigma` (Stan's multi_student_t). */
export function multiStudentT(nu: Value, mu: Value, Sigma: Value): Distribution {
  return new MatrixFamilyDistribution(setup('multi_student_t', 'Sigma', 'covariance', nu, mu, Sigma));
}

/** multi_student_t with the scale matrix's Cholesky factor `L` (Stan's multi_student_t_cholesky). */
export function multiStudentTCholesky(nu: Value, mu: Value, L: Value): Distribution {
  return new MatrixFamilyDistribution(setup('multi_student_t_cholesky', 'L', 'factor', nu, mu, L));
}

/** Multivariate normal with mean `mu` and precision matrix `Omega` (Stan's multi_normal_prec). */
export function multiNormalPrec(mu: Value, Omega: Value): Distribution {
  return new MatrixFamilyDistribution(setup('multi_normal_prec', 'Omega', 'precision', null, mu, Omega));
}

