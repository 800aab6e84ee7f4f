import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import {
  denseMetric,
  diagMetric,
  identityMetric,
  kineticEnergy,
  kineticEnergyGrad,
  metricDim,
  sampleMomentum,
} from '../../src/samplers/metric.js';
import { inverseSymmetricPositiveDefinite } from '../../src/samplers/linalg.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { momentumCovariance } from './metric.checks.js';

const inverseMass = [2, 0.6, 0.6, 0.5];

describe('metric constructors', () => {
  it('validate their input and name the offending entry', () => {
    expect(() => identityMetric(0)).toThrow(/identityMetric: dim is 0, but must be a positive integer/);
    expect(() => diagMetric([1, -2])).toThrow(/diagMetric: inverseMassDiag\[1\] is -2, but must be a positive finite number/);
    expect(() => denseMetric([1, 0.5, 0.4, 1])).toThrow(/denseMetric: inverseMass is not symmetric/);
    expect(() => denseMetric([1, 2, 2, 1])).toThrow(/denseMetric: inverseMass: matrix is not positive definite/);
    expect(() => denseMetric([1, Number.NaN, Number.NaN, 1])).toThrow(/inverseMass\[0,1\] is NaN, but must be finite/);
  });

  it('store the Cholesky factor of the mass matrix M = (M^{-1})^{-1}', () => {
    const metric = denseMetric(inverseMass);
    if (metric.kind !== 'dense') throw new Error('expected a dense metric');
    const mass = inverseSymmetricPositiveDefinite(Float64Array.from(inverseMass));
    const [l00, , l10, l11] = metric.massCholesky;
    expect(l00! * l00!).toBeCloseTo(mass[0]!, 13);
    expect(l10! * l00!).toBeCloseTo(mass[2]!, 13);
    expect(l10! * l10! + l11! * l11!).toBeCloseTo(mass[3]!, 13);
    expect(metricDim(metric)).toBe(2);
    expect(metricDim(identityMetric(3))).toBe(3);
  });
});

describe('kinetic energy', () => {
  it('is p^T M^{-1} p / 2 with gradient M^{-1} p', () => {
    const p = Float64Array.from([0.7, -1.3]);
    const metric = denseMetric(inverseMass);
    const expectedGrad = [2 * 0.7 + 0.6 * -1.3, 0.6 * 0.7 + 0.5 * -1.3];
    const grad = kineticEnergyGrad(metric, p, new Float64Array(2));
    expect(grad[0]).toBeCloseTo(expectedGrad[0]!, 14);
    expect(grad[1]).toBeCloseTo(expectedGrad[1]!, 14);
    expect(kineticEnergy(metric, p)).toBeCloseTo(0.5 * (0.7 * expectedGrad[0]! - 1.3 * expectedGrad[1]!), 14);
    expect(kineticEnergy(diagMetric([2, 0.5]), p)).toBeCloseTo(0.5 * (2 * 0.49 + 0.5 * 1.69), 14);
  });

  it('agrees between a diagonal metric and the same matrix stored dense', () => {
    const diag = diagMetric([0.25, 4, 1.5]);
    const dense = denseMetric([0.25, 0, 0, 0, 4, 0, 0, 0, 1.5]);
    const p = Float64Array.from([1.1, -0.2, 0.9]);
    expect(kineticEnergy(dense, p)).toBeCloseTo(kineticEnergy(diag, p), 14);
    const fromDiag = sampleMomentum(makeRng(5), diag, new Float64Array(3));
    const fromDense = sampleMomentum(makeRng(5), dense, new Float64Array(3));
    fromDiag.forEach((value, i) => expect(fromDense[i]).toBeCloseTo(value, 14));
  });
});

describe('sampleMomentum', () => {
  // A statistical property: a function of the seed in metric.checks.ts (swept by `npm run sweep`).
  it('draws p ~ N(0, M): sample covariance within its standard-error bound of M', () => expectCheckPasses(momentumCovariance));
});
