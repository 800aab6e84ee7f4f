import { densityModel, type CompiledModel } from '../../src/models/model.js';

/** Pathological targets shared by the HMC and NUTS tests. */

/**
 * A standard normal in 2-d whose log density is NaN where x[0] > 1: a model bug (or an
 * overflow) that the kernels must report as divergent, never throw on.
 */
export const nanRegionModel: CompiledModel = densityModel({
  dim: 2,
  logDensityAndGradient: (theta) =>
    theta[0]! > 1
      ? { logDensity: Number.NaN, gradient: Float64Array.of(Number.NaN, Number.NaN) }
      : { logDensity: -0.5 * (theta[0]! ** 2 + theta[1]! ** 2), gradient: Float64Array.of(-theta[0]!, -theta[1]!) },
});

/**
 * Neal's (2003) funnel: v ~ N(0, 3^2), x_i | v ~ N(0, exp(v)) for i = 1..dim-1. Its neck
 * (v << 0) needs step sizes far below what the mouth allows, so a fixed step size of order 1
 * diverges there.
 */
export function funnelModel(dim: number): CompiledModel {
  return densityModel({
    dim,
    logDensityAndGradient: (theta) => {
      const v = theta[0]!;
      const gradient = new Float64Array(dim);
      let sumSquares = 0;
      for (let i = 1; i < dim; i++) {
        sumSquares += theta[i]! ** 2;
        gradient[i] = -theta[i]! * Math.exp(-v);
      }
      const logDensity = -(v * v) / 18 - ((dim - 1) * v) / 2 - 0.5 * sumSquares * Math.exp(-v);
      gradient[0] = -v / 9 - (dim - 1) / 2 + 0.5 * sumSquares * Math.exp(-v);
      return { logDensity, gradient };
    },
  });
}

/**
 * log Y for Y ~ Gamma(2, 1): density exp(2x - e^x), skewed, so that a sampler error that a
 * symmetric Gaussian would hide (e.g. favouring one end of a trajectory) shows in the moments.
 * Mean digamma(2) = 1 - Euler's gamma, variance trigamma(2) = pi^2/6 - 1.
 */
export const logGammaModel: CompiledModel = densityModel({
  dim: 1,
  logDensityAndGradient: (theta) => ({
    logDensity: 2 * theta[0]! - Math.exp(theta[0]!),
    gradient: Float64Array.of(2 - Math.exp(theta[0]!)),
  }),
});
export const logGammaMean = 1 - 0.5772156649015329;
export const logGammaVariance = Math.PI ** 2 / 6 - 1;
/**
 * Fourth central moment 3σ⁴ + κ₄, with the fourth cumulant κ₄ = ψ'''(2) = π⁴/15 − 6 (the
 * cumulants of log Y are the polygammas ψ⁽ⁿ⁻¹⁾(2)): the variance of the squares' estimate.
 */
export const logGammaFourthCentralMoment = 3 * logGammaVariance ** 2 + Math.PI ** 4 / 15 - 6;

/**
 * A normal with scales 1..7 and a small sine term (so that U-turns are not symmetric), its
 * gradient into the caller's array (the NUTS WebAssembly tests, scripts/draw-fingerprints.ts).
 */
export function wavyNormal(dim: number): CompiledModel {
  const into = (theta: Float64Array, gradient: Float64Array): number => {
    let value = 0;
    for (let i = 0; i < dim; i++) {
      const scale = 1 + (i % 7);
      value -= (0.5 * theta[i]! * theta[i]!) / scale - 0.1 * Math.sin(theta[i]!);
      gradient[i] = -theta[i]! / scale + 0.1 * Math.cos(theta[i]!);
    }
    return value;
  };
  const base = densityModel({
    dim,
    logDensityAndGradient: (theta) => {
      const gradient = new Float64Array(dim);
      return { logDensity: into(theta, gradient), gradient };
    },
  });
  return { ...base, logDensityAndGradientInto: into };
}
