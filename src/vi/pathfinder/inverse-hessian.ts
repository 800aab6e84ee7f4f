import { dotProduct } from '../../optimize/lbfgs.js';
import { symmetrizeInPlace } from '../../samplers/linalg.js';

/**
 * Pathfinder's covariance at a point of the L-BFGS path (Zhang, Carpenter, Gelman & Vehtari
 * 2022, "Pathfinder: parallel quasi-Newton variational inference", JMLR 23(306), section 2.2
 * and algorithms 3–4): the L-BFGS inverse-Hessian estimate of the objective f = −log p in the
 * compact form of Byrd, Nocedal & Schnabel (1994, "Representations of quasi-Newton matrices
 * and their use in limited memory methods", Math. Programming 63, eq. 2.17),
 *
 *   H = diag(α) + β γ β',   β = [diag(α) Y, S]  (n × 2m),
 *   γ = [[0, −R⁻¹], [−R⁻ᵀ, R⁻ᵀ (D + Y' diag(α) Y) R⁻¹]]  (2m × 2m),
 *
 * from the last m pairs s_i = Δθ, y_i = Δ∇f (columns of S and Y), D = diag(s_i'y_i) and R
 * the upper triangle R_ij = s_i'y_j (i ≤ j). The initial matrix diag(α) is not Nocedal &
 * Wright's γI but a diagonal updated with every accepted pair as the diagonal of a scaled
 * BFGS update (Gilbert & Lemaréchal 1989, "Some numerical experiments with variable-storage
 * quasi-Newton algorithms", Math. Programming 45, eq. 4.9; Zhang et al., algorithm 4):
 *
 *   1/α⁺_d = a / (b α_d) + y_d² / b − a (s_d / α_d)² / (b c),
 *   a = y' diag(α) y,  b = y's,  c = s' diag(α)⁻¹ s,
 *
 * the diagonal of the BFGS update of the Hessian estimate (a/b) diag(α)⁻¹, positive whenever
 * y's > 0.
 */

export interface InverseHessianFactors {
  readonly alpha: Float64Array;
  /** The 2m columns of β, each of length n. */
  readonly beta: readonly Float64Array[];
  /** γ, 2m × 2m row-major. */
  readonly gamma: Float64Array;
}

/** The diagonal after the pair (s, y), y's > 0 (Gilbert & Lemaréchal's update, above). */
export function updateDiagonal(alpha: Float64Array, step: Float64Array, gradientChange: Float64Array): Float64Array {
  let a = 0;
  let c = 0;
  for (let d = 0; d < alpha.length; d++) {
    a += gradientChange[d]! * alpha[d]! * gradientChange[d]!;
    c += (step[d]! * step[d]!) / alpha[d]!;
  }
  const b = dotProduct(gradientChange, step);
  return alpha.map((value, d) => {
    const scaledStep = step[d]! / value;
    return 1 / (a / (b * value) + (gradientChange[d]! * gradientChange[d]!) / b - (a * scaledStep * scaledStep) / (b * c));
  });
}

/** Inverse of an upper-triangular m × m matrix (row-major), by back substitution. */
function invertUpper(upper: Float64Array, m: number): Float64Array {
  const inverse = new Float64Array(m * m);
  for (let column = 0; column < m; column++) {
    for (let row = column; row >= 0; row--) {
      let sum = row === column ? 1 : 0;
      for (let k = row + 1; k <= column; k++) sum -= upper[row * m + k]! * inverse[k * m + column]!;
      inverse[row * m + column] = sum / upper[row * m + row]!;
    }
  }
  return inverse;
}

/** The factors of H from diag(α) and the pairs (oldest first), as above. */
export function inverseHessianFactors(alpha: Float64Array, steps: readonly Float64Array[], gradientChanges: readonly Float64Array[]): InverseHessianFactors {
  const m = steps.length;
  const upper = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) upper[i * m + j] = dotProduct(steps[i]!, gradientChanges[j]!);
  const rInverse = invertUpper(upper, m);
  const scaledChanges = gradientChanges.map((y) => y.map((value, d) => alpha[d]! * value));
  // middle = D + Y' diag(α) Y
  const middle = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) middle[i * m + j] = dotProduct(gradientChanges[i]!, scaledChanges[j]!) + (i === j ? upper[i * m + i]! : 0);
  }
  // lowerRight = R⁻ᵀ middle R⁻¹
  const middleTimesInverse = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) middleTimesInverse[i * m + j]! += middle[i * m + k]! * rInverse[k * m + j]!;
  const size = 2 * m;
  const gamma = new Float64Array(size * size);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      gamma[i * size + (m + j)] = -rInverse[i * m + j]!;
      gamma[(m + i) * size + j] = -rInverse[j * m + i]!;
      let sum = 0;
      for (let k = 0; k < m; k++) sum += rInverse[k * m + i]! * middleTimesInverse[k * m + j]!;
      gamma[(m + i) * size + (m + j)] = sum;
    }
  }
  return { alpha, beta: [...scaledChanges, ...steps], gamma };
}

/** H v = α ∘ v + β (γ (β' v)). */
export function applyInverseHessianFactors(factors: InverseHessianFactors, vector: Float64Array): Float64Array {
  const { alpha, beta, gamma } = factors;
  const size = beta.length;
  const projected = Float64Array.from(beta, (column) => dotProduct(column, vector));
  const result = vector.map((value, d) => alpha[d]! * value);
  for (let i = 0; i < size; i++) {
    let coefficient = 0;
    for (let j = 0; j < size; j++) coefficient += gamma[i * size + j]! * projected[j]!;
    const column = beta[i]!;
    for (let d = 0; d < result.length; d++) result[d]! += coefficient * column[d]!;
  }
  return result;
}

/** H as a dense n × n row-major matrix (for the dense sampling case, 2m ≥ n). */
export function denseInverseHessian(factors: InverseHessianFactors): Float64Array {
  const n = factors.alpha.length;
  const dense = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = applyInverseHessianFactors(factors, unit);
    for (let i = 0; i < n; i++) dense[i * n + j] = column[i]!;
  }
  return symmetrizeInPlace(dense, n);
}
