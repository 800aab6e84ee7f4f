import { describe, expect, it } from 'vitest';
import { densityModel } from '../../src/models/model.js';
import {
  hamiltonian,
  leapfrog,
  makeIntegrator,
  makePhasePoint,
  mclachlan,
  type Integrator,
  type PhasePoint,
} from '../../src/samplers/integrator.js';
import type { Metric } from '../../src/samplers/kernel.js';
import { denseMetric, diagMetric, identityMetric } from '../../src/samplers/metric.js';

/** Harmonic oscillator: log density -x^2/2, so with unit mass x(t) = x0 cos t + p0 sin t. */
const oscillator = densityModel({
  dim: 1,
  logDensityAndGradient: (theta) => ({ logDensity: -0.5 * theta[0]! ** 2, gradient: Float64Array.of(-theta[0]!) }),
});

/** A non-Gaussian 3-d target (quartic plus coupling) for reversibility. */
const quartic = densityModel({
  dim: 3,
  logDensityAndGradient: (x) => ({
    logDensity: -(x[0]! ** 4 + x[1]! ** 4 + x[2]! ** 4) / 4 - 0.5 * x[0]! * x[1]! - 0.3 * x[1]! * x[2]!,
    gradient: Float64Array.of(-(x[0]! ** 3) - 0.5 * x[1]!, -(x[1]! ** 3) - 0.5 * x[0]! - 0.3 * x[2]!, -(x[2]! ** 3) - 0.3 * x[1]!),
  }),
});

function pointAt(model: typeof oscillator, position: number[], momentum: number[]): PhasePoint {
  const point = makePhasePoint(model.dim);
  point.position.set(position);
  point.momentum.set(momentum);
  const { logDensity, gradient } = model.logDensityAndGradient(point.position);
  point.logDensity = logDensity;
  point.logDensityGrad.set(gradient);
  return point;
}

function integrate(
  integrator: Integrator,
  model: typeof oscillator,
  metric: Metric,
  point: PhasePoint,
  stepSize: number,
  numSteps: number,
): void {
  const velocity = new Float64Array(model.dim);
  for (let i = 0; i < numSteps; i++) {
    if (!integrator.step(model, metric, stepSize, point, velocity)) throw new Error(`step ${i} failed`);
  }
}

/** Phase-space error at time 1 against the exact solution, for n steps of size 1/n. */
function oscillatorError(integrator: Integrator, numSteps: number): number {
  const [x0, p0] = [1.3, -0.4];
  const point = pointAt(oscillator, [x0], [p0]);
  integrate(integrator, oscillator, identityMetric(1), point, 1 / numSteps, numSteps);
  return Math.hypot(point.position[0]! - (x0 * Math.cos(1) + p0 * Math.sin(1)), point.momentum[0]! - (-x0 * Math.sin(1) + p0 * Math.cos(1)));
}

describe('makeIntegrator', () => {
  it('rejects coefficients that are not palindromic or not consistent', () => {
    expect(() => makeIntegrator([0.5, 1])).toThrow(/2 coefficients given, but there must be an odd number >= 3/);
    expect(() => makeIntegrator([0.4, 1, 0.6])).toThrow(/coefficients\[0\] is 0.4 but coefficients\[2\] is 0.6/);
    expect(() => makeIntegrator([0.5, 2, 0.5])).toThrow(/position coefficients to 2, but each must sum to 1/);
  });

  it('counts one gradient per position update', () => {
    expect(leapfrog.gradientEvaluationsPerStep).toBe(1);
    expect(mclachlan.gradientEvaluationsPerStep).toBe(2);
  });
});

describe('harmonic oscillator', () => {
  it.each([
    ['leapfrog', leapfrog],
    ['mclachlan', mclachlan],
  ])('%s follows cos/sin with a global error of order eps^2', (_, integrator) => {
    const coarse = oscillatorError(integrator, 20);
    const fine = oscillatorError(integrator, 40);
    expect(coarse).toBeLessThan(0.01);
    // Halving eps divides a second-order error by 4.
    expect(coarse / fine).toBeGreaterThan(3.8);
    expect(coarse / fine).toBeLessThan(4.2);
  });

  it('conserves energy with a bounded, oscillating error of order eps^2 (no drift)', () => {
    const maxError = (stepSize: number, from: number, to: number): number => {
      const point = pointAt(oscillator, [1.3], [-0.4]);
      const initialEnergy = hamiltonian(identityMetric(1), point);
      const velocity = new Float64Array(1);
      let largest = 0;
      for (let i = 0; i < to; i++) {
        leapfrog.step(oscillator, identityMetric(1), stepSize, point, velocity);
        if (i >= from) largest = Math.max(largest, Math.abs(hamiltonian(identityMetric(1), point) - initialEnergy));
      }
      return largest;
    };
    const early = maxError(0.1, 0, 1000);
    const late = maxError(0.1, 99000, 100000);
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(0.1 ** 2);
    // Symplectic: the error oscillates rather than growing over 10^5 steps.
    expect(late).toBeLessThan(1.01 * early);
    expect(early / maxError(0.05, 0, 2000)).toBeCloseTo(4, 1);
  });
});

describe('reversibility under momentum flip', () => {
  const metrics: [string, Metric][] = [
    ['diag', diagMetric([0.5, 2, 1.3])],
    ['dense', denseMetric([1, 0.3, 0.1, 0.3, 2, -0.4, 0.1, -0.4, 0.8])],
  ];
  for (const [integratorName, integrator] of [['leapfrog', leapfrog], ['mclachlan', mclachlan]] as const) {
    it.each(metrics)(`${integratorName} with a %s metric returns to the start within 1e-12`, (_, metric) => {
      const start = [0.8, -1.1, 0.4];
      const point = pointAt(quartic, start, [0.3, 1.7, -0.9]);
      integrate(integrator, quartic, metric, point, 0.05, 100);
      for (let i = 0; i < 3; i++) point.momentum[i] = -point.momentum[i]!;
      integrate(integrator, quartic, metric, point, 0.05, 100);
      for (let i = 0; i < 3; i++) {
        expect(Math.abs(point.position[i]! - start[i]!)).toBeLessThan(1e-12);
      }
      expect(Math.abs(-point.momentum[1]! - 1.7)).toBeLessThan(1e-12);
    });
  }
});

describe('dense metric with a diagonal matrix', () => {
  it('integrates exactly as the diagonal metric', () => {
    const diag = diagMetric([0.5, 2, 1.3]);
    const dense = denseMetric([0.5, 0, 0, 0, 2, 0, 0, 0, 1.3]);
    const viaDiag = pointAt(quartic, [0.8, -1.1, 0.4], [0.3, 1.7, -0.9]);
    const viaDense = pointAt(quartic, [0.8, -1.1, 0.4], [0.3, 1.7, -0.9]);
    integrate(leapfrog, quartic, diag, viaDiag, 0.1, 50);
    integrate(leapfrog, quartic, dense, viaDense, 0.1, 50);
    for (let i = 0; i < 3; i++) {
      expect(viaDense.position[i]).toBeCloseTo(viaDiag.position[i]!, 12);
      expect(viaDense.momentum[i]).toBeCloseTo(viaDiag.momentum[i]!, 12);
    }
    expect(hamiltonian(dense, viaDense)).toBeCloseTo(hamiltonian(diag, viaDiag), 12);
  });
});

describe('non-finite log density', () => {
  it('is reported as a failed step, not thrown', () => {
    const cliff = densityModel({
      dim: 1,
      logDensityAndGradient: (theta) =>
        theta[0]! > 1
          ? { logDensity: Number.NaN, gradient: Float64Array.of(Number.NaN) }
          : { logDensity: -0.5 * theta[0]! ** 2, gradient: Float64Array.of(-theta[0]!) },
    });
    const infiniteGradient = densityModel({
      dim: 1,
      logDensityAndGradient: (theta) => ({ logDensity: 0, gradient: Float64Array.of(theta[0]! > 1 ? Infinity : 0) }),
    });
    const velocity = new Float64Array(1);
    const point = pointAt(cliff, [0.9], [1]);
    expect(leapfrog.step(cliff, identityMetric(1), 0.5, point, velocity)).toBe(false);
    const other = pointAt(infiniteGradient, [0.9], [1]);
    expect(leapfrog.step(infiniteGradient, identityMetric(1), 0.5, other, velocity)).toBe(false);
    expect(leapfrog.step(cliff, identityMetric(1), 0.01, pointAt(cliff, [0], [1]), velocity)).toBe(true);
    expect(hamiltonian(identityMetric(1), point)).toBe(Number.POSITIVE_INFINITY);
  });
});
