import { type Approximation, HALF_LOG_TWO_PI, type VariationalFamily } from './family.js';

/**
 * The full-rank Gaussian family q(zeta) = N(zeta | mu, L L') (Kucukelbir et al. 2017,
 * section 2.5; Stan's normal_fullrank.hpp). lambda = [mu, L packed by rows: L11, L21, L22,
 * L31, ...]; as in Stan, L is lower triangular with a free diagonal (any sign: the
 * covariance L L' is the same when a column changes sign, and the entropy uses |L_ii|).
 * With zeta = mu + L eta:
 *
 *   ∂zeta/∂mu = I,   ∇_L = ∇_zeta log p(zeta) eta' (lower triangle)          (their eq. 10)
 *   H[q] = dim (1 + log 2 pi) / 2 + sum_i log |L_ii|,   ∂H/∂L_ii = 1 / L_ii
 */
export function fullRankFamily(dim: number): VariationalFamily {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`fullRankFamily: dim is ${dim}, but must be a positive integer`);
  /** Position of L[row, column] (0-based, column <= row) in lambda. */
  const at = (row: number, column: number): number => dim + (row * (row + 1)) / 2 + column;
  const size = dim + (dim * (dim + 1)) / 2;
  return {
    kind: 'fullrank',
    dim,
    size,

    initial(position) {
      const lambda = new Float64Array(size);
      lambda.set(position, 0);
      for (let i = 0; i < dim; i++) lambda[at(i, i)] = 1;
      return lambda;
    },

    transform(lambda, standard, out) {
      for (let i = 0; i < dim; i++) {
        let sum = lambda[i]!;
        const row = at(i, 0);
        for (let j = 0; j <= i; j++) sum += lambda[row + j]! * standard[j]!;
        out[i] = sum;
      }
      return out;
    },

    entropy(lambda) {
      let sum = 0;
      for (let i = 0; i < dim; i++) sum += Math.log(Math.abs(lambda[at(i, i)]!));
      return dim * (0.5 + HALF_LOG_TWO_PI) + sum;
    },

    addEntropyGradient(lambda, gradient) {
      for (let i = 0; i < dim; i++) gradient[at(i, i)]! += 1 / lambda[at(i, i)]!;
    },

    addReparameterizedGradient(_lambda, standard, logDensityGradient, gradient) {
      for (let i = 0; i < dim; i++) {
        const g = logDensityGradient[i]!;
        gradient[i]! += g;
        const row = at(i, 0);
        for (let j = 0; j <= i; j++) gradient[row + j]! += g * standard[j]!;
      }
    },

    logDensityOfStandard(lambda, standard) {
      let sum = 0;
      for (let i = 0; i < dim; i++) sum -= 0.5 * standard[i]! * standard[i]! + Math.log(Math.abs(lambda[at(i, i)]!));
      return sum - dim * HALF_LOG_TWO_PI;
    },

    describe(lambda): Approximation {
      const cholesky = new Float64Array(dim * dim);
      const sd = new Float64Array(dim);
      for (let i = 0; i < dim; i++) {
        let variance = 0;
        for (let j = 0; j <= i; j++) {
          // Columns with a negative diagonal are flipped: the same covariance, a canonical factor.
          const value = lambda[at(i, j)]! * Math.sign(lambda[at(j, j)] || 1);
          cholesky[i * dim + j] = value;
          variance += value * value;
        }
        sd[i] = Math.sqrt(variance);
      }
      return { kind: 'fullrank', mean: lambda.slice(0, dim), cholesky, sd };
    },

    parametersOf(approximation) {
      if (approximation.kind !== 'fullrank') {
        throw new Error(`fullRankFamily: the approximation is '${approximation.kind}', but must be 'fullrank'`);
      }
      if (approximation.mean.length !== dim || approximation.cholesky.length !== dim * dim) {
        throw new Error(`fullRankFamily: the approximation has ${approximation.mean.length} means and a ${approximation.cholesky.length}-entry Cholesky factor, but the model has ${dim} coordinates (${dim * dim} entries)`);
      }
      const lambda = new Float64Array(size);
      lambda.set(approximation.mean, 0);
      for (let i = 0; i < dim; i++) for (let j = 0; j <= i; j++) lambda[at(i, j)] = approximation.cholesky[i * dim + j]!;
      return lambda;
    },

    parameterName(index) {
      if (index < dim) return `mu[${index + 1}]`;
      let row = 0;
      while (at(row + 1, 0) <= index) row++;
      return `L[${row + 1},${index - at(row, 0) + 1}]`;
    },
  };
}
