import { describe, expect, it } from 'vitest';
import { type CompiledModel, densityModel } from '../../../src/models/model.js';
import { makeRng } from '../../../src/random/rng.js';
import { initialPosition } from '../../../src/samplers/run/init.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';

/** A model whose likelihood term is -Infinity everywhere, and that says so by name. */
const impossibleModel: CompiledModel = {
  ...densityModel({ dim: 2, logDensityAndGradient: () => ({ logDensity: -Infinity, gradient: new Float64Array(2) }) }),
  nonFiniteTerms: () => ['y ~ normal(mu, sigma)'],
};

/** Finite only where both coordinates are positive (a quarter of the (-2, 2) box). */
const positiveQuadrant = densityModel({
  dim: 2,
  logDensityAndGradient: (theta) =>
    theta[0]! > 0 && theta[1]! > 0
      ? { logDensity: -theta[0]! - theta[1]!, gradient: Float64Array.of(-1, -1) }
      : { logDensity: -Infinity, gradient: new Float64Array(2) },
});

describe('initialPosition', () => {
  it('draws uniformly from (-2, 2) and retries until the density is finite', () => {
    const position = initialPosition(positiveQuadrant, makeRng(1));
    expect(position[0]).toBeGreaterThan(0);
    expect(position[1]).toBeGreaterThan(0);
    const spread = Array.from({ length: 200 }, (_, seed) => initialPosition(gaussianModel({ scales: [1] }), makeRng(seed))[0]!);
    expect(Math.max(...spread)).toBeLessThan(2);
    expect(Math.min(...spread)).toBeGreaterThan(-2);
    expect(Math.max(...spread)).toBeGreaterThan(1.8);
  });

  it('uses the radius, and the origin for radius 0', () => {
    const position = initialPosition(gaussianModel({ scales: [1, 1, 1] }), makeRng(2), { radius: 0.1 });
    expect(position.every((value) => Math.abs(value) < 0.1)).toBe(true);
    expect(Array.from(initialPosition(gaussianModel({ scales: [1, 1] }), makeRng(2), { radius: 0 }))).toEqual([0, 0]);
  });

  it('names the non-finite log-density terms when every try fails', () => {
    expect(() => initialPosition(impossibleModel, makeRng(3))).toThrow(
      /rejected 100 initial values drawn uniformly from \(-2, 2\).*y ~ normal\(mu, sigma\) \(in 100 of 100 tries\)/,
    );
  });

  it('names the non-finite gradient coordinates when the model cannot name terms', () => {
    const nanGradient = densityModel({
      dim: 3,
      logDensityAndGradient: () => ({ logDensity: 0, gradient: Float64Array.of(0, NaN, 0) }),
    });
    expect(() => initialPosition(nanGradient, makeRng(4), { maxTries: 5 })).toThrow(/gradient\[2\] \(NaN\) \(in 5 of 5 tries\)/);
    // Metropolis needs only a finite log density.
    expect(initialPosition(nanGradient, makeRng(4), { requireGradient: false })).toHaveLength(3);
  });

  it('checks user-given initial values once', () => {
    const model = gaussianModel({ scales: [1, 1] });
    expect(Array.from(initialPosition(model, makeRng(5), { position: Float64Array.of(0.5, -0.5) }))).toEqual([0.5, -0.5]);
    expect(() => initialPosition(model, makeRng(5), { position: Float64Array.of(1) })).toThrow(/length 1, but the model has 2/);
    expect(() => initialPosition(positiveQuadrant, makeRng(5), { position: Float64Array.of(-1, 1) })).toThrow(
      /not finite at the given initial values; non-finite: log density \(-Infinity\)/,
    );
  });

  it('surfaces the failure from sample', () => {
    expect(() => sample(impossibleModel, { chains: 1, warmup: 10, draws: 10 })).toThrow(/y ~ normal\(mu, sigma\)/);
  });
});
