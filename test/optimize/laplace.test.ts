import { describe, expect, it } from 'vitest';
import { dot, matvec, mul, sub, Tensor, type Value } from '../../src/ad/index.js';
import { type CompiledModel, densityModel } from '../../src/models/model.js';
import { laplaceApproximation } from '../../src/optimize/laplace.js';
import { optimize } from '../../src/optimize/optimize.js';
import { inverseSymmetricPositiveDefinite } from '../../src/samplers/linalg.js';
import { columnDraws } from '../../src/samplers/run/fit.js';
import { scaleData, scaleModelDefinition } from '../vi/support.js';

const mean = [1, -1, 0.5];
const covariance = Float64Array.of(1, 0.6, 0.2, 0.6, 2, -0.5, 0.2, -0.5, 0.5);
const precision = inverseSymmetricPositiveDefinite(covariance);

/** N(mean, covariance) on R^3, with a traced log density for AD Hessians when `traced`. */
function gaussian(traced: boolean): CompiledModel {
  const base = densityModel({
    dim: 3,
    logDensityAndGradient: (x) => {
      const gradient = new Float64Array(3);
      let logDensity = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) gradient[i]! -= precision[i * 3 + j]! * (x[j]! - mean[j]!);
        logDensity += 0.5 * (x[i]! - mean[i]!) * gradient[i]!;
      }
      return { logDensity, gradient };
    },
  });
  if (!traced) return base;
  const meanTensor = new Tensor(Float64Array.from(mean), [3]);
  const precisionTensor = new Tensor(precision, [3, 3]);
  return {
    ...base,
    logDensityValue: (theta: Value): Value => {
      const deviation = sub(theta, meanTensor);
      return mul(-0.5, dot(deviation, matvec(precisionTensor, deviation)));
    },
  };
}

describe('laplaceApproximation', () => {
  it('uses the AD Hessian when the model has a traced log density: covariance exact', () => {
    const result = laplaceApproximation(gaussian(true), Float64Array.from(mean), { draws: 10 });
    expect(result.hessianMethod).toBe('ad');
    result.covariance.forEach((value, k) => expect(value).toBeCloseTo(covariance[k]!, 10));
  });

  it('falls back to central differences of the gradient: covariance to 1e-6', () => {
    const result = laplaceApproximation(gaussian(false), Float64Array.from(mean), { draws: 10 });
    expect(result.hessianMethod).toBe('finite-differences');
    result.covariance.forEach((value, k) => expect(Math.abs(value - covariance[k]!)).toBeLessThan(1e-6));
  });

  it('draws with the right mean and covariance (within 4 standard errors)', () => {
    const count = 4000;
    const { fit } = laplaceApproximation(gaussian(true), Float64Array.from(mean), { draws: count, seed: 3 });
    const columns = ['x[1]', 'x[2]', 'x[3]'].map((name) => columnDraws(fit, name)[0]);
    const sampleMeans = columns.map((column) => column!.reduce((a, b) => a + b, 0) / count);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(sampleMeans[i]! - mean[i]!), `mean[${i + 1}]`).toBeLessThan(4 * Math.sqrt(covariance[i * 4]! / count));
      for (let j = 0; j <= i; j++) {
        const sample = columns[i]!.reduce((sum, v, n) => sum + (v - sampleMeans[i]!) * (columns[j]![n]! - sampleMeans[j]!), 0) / (count - 1);
        // Var of a sample covariance of normals: (S_ii S_jj + S_ij²) / n.
        const standardError = Math.sqrt((covariance[i * 4]! * covariance[j * 4]! + covariance[i * 3 + j]! ** 2) / count);
        expect(Math.abs(sample - covariance[i * 3 + j]!), `covariance[${i + 1},${j + 1}]`).toBeLessThan(4 * standardError);
      }
    }
    // log_g__ is the normal density of the draw; at the mode of a Gaussian, log_p__ − log_g__ is constant.
    const ratio = columnDraws(fit, 'log_p__')[0]!.map((logP, n) => logP - columnDraws(fit, 'log_g__')[0]![n]!);
    expect(Math.max(...ratio) - Math.min(...ratio)).toBeLessThan(1e-9);
  });

  it('refuses a point that is not a maximum, saying why', () => {
    const saddle = densityModel({ dim: 2, logDensityAndGradient: ([x, y]) => ({ logDensity: -x! * x! + y! * y!, gradient: Float64Array.of(-2 * x!, 2 * y!) }) });
    expect(() => laplaceApproximation(saddle, Float64Array.of(0, 0))).toThrow(/not negative definite, so the point is not a strict local maximum/);
  });
});

describe('optimize with laplaceDraws', () => {
  it('returns Laplace draws at the mode, constrained through the model', () => {
    const model = scaleModelDefinition.compile(scaleData);
    const result = optimize(model, { seed: 2, jacobian: true, laplaceDraws: 200 });
    const fit = result.laplace!.fit;
    expect(fit.columnNames).toEqual(['lp__', 'log_p__', 'log_g__', 'sigma', 'yNew']);
    expect(columnDraws(fit, 'sigma')[0]!.every((sigma) => sigma > 0)).toBe(true);
    expect(Array.from(result.laplace!.mode)).toEqual(Array.from(result.position));
    // Unconstrained variance of log(sigma) is -1 / H.
    expect(result.laplace!.covariance[0]).toBeCloseTo(-1 / result.laplace!.hessian[0]!, 12);
  });
});
