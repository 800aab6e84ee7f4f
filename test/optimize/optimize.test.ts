import { describe, expect, it } from 'vitest';
import { densityModel } from '../../src/models/model.js';
import { cholesky, solveLowerInPlace, solveLowerTransposeInPlace } from '../../src/samplers/linalg.js';
import { optimize } from '../../src/optimize/optimize.js';
import { logisticRegressionModel, readExampleData, scaleData, scaleModelDefinition } from '../vi/support.js';

/** The Rosenbrock function's negative as a log density: mode at (1, 1), a curved narrow valley. */
const rosenbrock = densityModel({
  dim: 2,
  logDensityAndGradient: ([x, y]) => {
    const a = 1 - x!;
    const b = y! - x! * x!;
    return { logDensity: -(a * a + 100 * b * b), gradient: Float64Array.of(2 * a + 400 * x! * b, -200 * b) };
  },
});

interface LogisticData {
  readonly N: number;
  readonly D: number;
  readonly X: number[][];
  readonly y: number[];
}

/**
 * The posterior mode of logistic_regression (alpha ~ normal(0, 2.5), beta ~ normal(0, 1)) by
 * Newton's method, written out: gradient [Σ r − α/2.5², Xᵀr − β] with r = y − σ(η), and
 * negative Hessian X̃ᵀ W X̃ + diag(1/2.5², 1, ..., 1), X̃ = [1, X], W = diag(σ(η)(1 − σ(η))).
 */
function newtonMode(data: LogisticData): Float64Array {
  const dim = data.D + 1;
  const theta = new Float64Array(dim);
  const row = (n: number): number[] => [1, ...data.X[n]!];
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Float64Array(dim);
    const precision = new Float64Array(dim * dim);
    for (let n = 0; n < data.N; n++) {
      const x = row(n);
      const eta = x.reduce((sum, value, j) => sum + value * theta[j]!, 0);
      const p = 1 / (1 + Math.exp(-eta));
      for (let i = 0; i < dim; i++) {
        gradient[i]! += (data.y[n]! - p) * x[i]!;
        for (let j = 0; j < dim; j++) precision[i * dim + j]! += p * (1 - p) * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < dim; i++) {
      const priorPrecision = i === 0 ? 1 / 6.25 : 1;
      gradient[i]! -= priorPrecision * theta[i]!;
      precision[i * dim + i]! += priorPrecision;
    }
    const lower = cholesky(precision);
    solveLowerInPlace(lower, gradient);
    solveLowerTransposeInPlace(lower, gradient);
    for (let i = 0; i < dim; i++) theta[i]! += gradient[i]!;
    if (Math.max(...gradient.map(Math.abs)) < 1e-13) break;
  }
  return theta;
}

describe('optimize (L-BFGS)', () => {
  it('finds the minimum of the Rosenbrock function from the classic start (-1.2, 1)', () => {
    const result = optimize(rosenbrock, { init: Float64Array.of(-1.2, 1) });
    expect(result.converged).toBe(true);
    expect(result.position[0]).toBeCloseTo(1, 4);
    expect(result.position[1]).toBeCloseTo(1, 4);
    expect(result.logDensity).toBeGreaterThan(-1e-8);
    expect(result.iterations).toBeLessThan(100);
  });

  it('finds it from random starts too, and to 1e-8 with a tight relative-gradient tolerance', () => {
    for (const seed of [1, 2, 3]) {
      const result = optimize(rosenbrock, { seed, tolRelGrad: 1 });
      expect(result.converged, `seed ${seed}: ${result.message}`).toBe(true);
      expect(Math.abs(result.position[0]! - 1), `seed ${seed}`).toBeLessThan(1e-8);
      expect(Math.abs(result.position[1]! - 1), `seed ${seed}`).toBeLessThan(1e-8);
    }
  });

  it("matches Newton's method on logistic_regression to 1e-6 (and to 1e-4 with Stan's default tolerances)", () => {
    const model = logisticRegressionModel({ jacobian: false });
    const expected = newtonMode(readExampleData('data/logistic_regression.json') as LogisticData);
    const worstError = (position: Float64Array): number => Math.max(...expected.map((value, i) => Math.abs(position[i]! - value)));
    // Stan's relative tolerances (tolRelObj 1e4 eps, tolRelGrad 1e7 eps) stop at about 1e-5 here.
    const stanDefaults = optimize(model, { seed: 1 });
    expect(stanDefaults.converged, stanDefaults.message).toBe(true);
    expect(worstError(stanDefaults.position)).toBeLessThan(1e-4);
    const tight = optimize(model, { seed: 1, tolRelObj: 1, tolRelGrad: 1 });
    expect(tight.converged, tight.message).toBe(true);
    expect(worstError(tight.position)).toBeLessThan(1e-6);
    expect(tight.estimates['alpha']).toBe(tight.position[0]);
    expect(tight.estimates['beta[25]']).toBe(tight.position[25]);
  });

  it('stops at once at a stationary starting point', () => {
    const result = optimize(rosenbrock, { init: Float64Array.of(1, 1) });
    expect(result).toMatchObject({ iterations: 0, reason: 'absolute-gradient', converged: true });
  });

  it('reports the iteration cap', () => {
    const result = optimize(rosenbrock, { init: Float64Array.of(-1.2, 1), maxIterations: 3 });
    expect(result).toMatchObject({ iterations: 3, reason: 'max-iterations', converged: false });
    expect(result.message).toMatch(/Maximum number of iterations/);
  });
});

describe('optimize: with and without the Jacobian', () => {
  // sigma ~ exponential(1), y[n] ~ normal(0, sigma): with S = Σ y², the log density in sigma is
  // −sigma − N log sigma − S / (2 sigma²) (+ log sigma with the Jacobian of sigma = exp(θ)).
  const squares = scaleData.y.reduce((sum, y) => sum + y * y, 0);
  const root = (jacobianTerm: number): number => {
    // d/dsigma: −1 − (N − jacobianTerm) / sigma + S / sigma³ = 0, by bisection.
    const derivative = (s: number): number => -1 - (scaleData.N - jacobianTerm) / s + squares / s ** 3;
    let low = 0.1;
    let high = 10;
    for (let k = 0; k < 200; k++) {
      const middle = 0.5 * (low + high);
      if (derivative(middle) > 0) low = middle;
      else high = middle;
    }
    return 0.5 * (low + high);
  };

  it("gives the penalised MLE without the Jacobian (Stan's default)", () => {
    const result = optimize(scaleModelDefinition.compile(scaleData, { jacobian: false }), { seed: 1, tolRelGrad: 1 });
    expect(result.jacobian).toBe(false);
    expect(result.estimates['sigma']).toBeCloseTo(root(0), 6);
  });

  it('gives the mode of the unconstrained posterior with it', () => {
    const result = optimize(scaleModelDefinition.compile(scaleData), { seed: 1, jacobian: true, tolRelGrad: 1 });
    expect(result.estimates['sigma']).toBeCloseTo(root(1), 6);
  });

  it('refuses a model compiled the other way, saying how to compile it', () => {
    expect(() => optimize(scaleModelDefinition.compile(scaleData))).toThrow(/compile\(data, \{ jacobian: false \}\)/);
    expect(() => optimize(scaleModelDefinition.compile(scaleData, { jacobian: false }), { jacobian: true })).toThrow(/jacobian is true, but the model was compiled with jacobian false/);
  });

  it('accepts either for a model without constrained parameters, with the same result', () => {
    // No constrained parameter: no Jacobian term, so both settings optimise the same function.
    const without = optimize(logisticRegressionModel(), { maxIterations: 3, jacobian: false });
    const withJacobian = optimize(logisticRegressionModel(), { maxIterations: 3, jacobian: true });
    expect(without.jacobian).toBe(false);
    expect(withJacobian.jacobian).toBe(true);
    expect(Array.from(withJacobian.position)).toEqual(Array.from(without.position));
    expect(withJacobian.logDensity).toBe(without.logDensity);
    expect(without.iterations).toBe(3);
  });
});
