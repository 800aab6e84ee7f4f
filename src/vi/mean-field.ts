import { type Approximation, HALF_LOG_TWO_PI, type VariationalFamily } from './family.js';

/**
 * The mean-field Gaussian family q(zeta) = prod_i N(zeta_i | mu_i, exp(omega_i)^2)
 * (Kucukelbir et al. 2017, section 2.5; Stan's normal_meanfield.hpp). lambda = [mu, omega],
 * omega = log sd being unconstrained. With zeta = mu + exp(omega) ∘ eta:
 *
 *   ∂zeta_i/∂mu_i = 1,   ∂zeta_i/∂omega_i = eta_i exp(omega_i)        (their eq. 8)
 *   H[q] = dim (1 + log 2 pi) / 2 + sum_i omega_i,   ∂H/∂omega_i = 1    (their eq. 9)
 */
export function meanFieldFamily(dim: number): VariationalFamily {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`meanFieldFamily: dim is ${dim}, but must be a positive integer`);
  return {
    kind: 'meanfield',
    dim,
    size: 2 * dim,

    initial(position) {
      const lambda = new Float64Array(2 * dim);
      lambda.set(position, 0);
      return lambda;
    },

    transform(lambda, standard, out) {
      for (let i = 0; i < dim; i++) out[i] = lambda[i]! + Math.exp(lambda[dim + i]!) * standard[i]!;
      return out;
    },

    entropy(lambda) {
      let sum = 0;
      for (let i = 0; i < dim; i++) sum += lambda[dim + i]!;
      return dim * (0.5 + HALF_LOG_TWO_PI) + sum;
    },

    addEntropyGradient(_lambda, gradient) {
      for (let i = 0; i < dim; i++) gradient[dim + i]! += 1;
    },

    addReparameterizedGradient(lambda, standard, logDensityGradient, gradient) {
      for (let i = 0; i < dim; i++) {
        const g = logDensityGradient[i]!;
        gradient[i]! += g;
        gradient[dim + i]! += g * standard[i]! * Math.exp(lambda[dim + i]!);
      }
    },

    logDensityOfStandard(lambda, standard) {
      let sum = 0;
      for (let i = 0; i < dim; i++) sum -= 0.5 * standard[i]! * standard[i]! + lambda[dim + i]!;
      return sum - dim * HALF_LOG_TWO_PI;
    },

    describe(lambda): Approximation {
      return { kind: 'meanfield', mean: lambda.slice(0, dim), sd: lambda.slice(dim).map(Math.exp) };
    },

    parametersOf(approximation) {
      if (approximation.kind !== 'meanfield') {
        throw new Error(`meanFieldFamily: the approximation is '${approximation.kind}', but must be 'meanfield'`);
      }
      if (approximation.mean.length !== dim || approximation.sd.length !== dim) {
        throw new Error(`meanFieldFamily: the approximation has ${approximation.mean.length} means and ${approximation.sd.length} sds, but the model has ${dim} coordinates`);
      }
      const lambda = new Float64Array(2 * dim);
      lambda.set(approximation.mean, 0);
      approximation.sd.forEach((sd, i) => {
        if (!(sd > 0) || !Number.isFinite(sd)) throw new Error(`meanFieldFamily: sd[${i + 1}] is ${sd}, but must be a positive finite number`);
        lambda[dim + i] = Math.log(sd);
      });
      return lambda;
    },

    parameterName(index) {
      return index < dim ? `mu[${index + 1}]` : `omega[${index - dim + 1}]`;
    },
  };
}
