import { describe, expect, it } from 'vitest';
import { densityModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import { cholesky, inverseSymmetricPositiveDefinite } from '../../src/samplers/linalg.js';
import { familyFor } from '../../src/vi/families.js';
import type { FamilyKind, VariationalFamily } from '../../src/vi/family.js';
import { reparameterizedGradient } from '../../src/vi/gradient-estimate.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { replayRng } from './support.js';
import { entropyChecks } from './vi.checks.js';

/** A smooth non-Gaussian density on R^3 with coupled coordinates: -Σ x⁴/4 - Σ x²/2 + x1 x2 + sin(x3). */
const quartic = densityModel({
  dim: 3,
  logDensityAndGradient: (x) => ({
    logDensity: -x.reduce((sum, v) => sum + v ** 4 / 4 + v * v / 2, 0) + x[0]! * x[1]! + Math.sin(x[2]!),
    gradient: Float64Array.of(-(x[0]! ** 3) - x[0]! + x[1]!, -(x[1]! ** 3) - x[1]! + x[0]!, -(x[2]! ** 3) - x[2]! + Math.cos(x[2]!)),
  }),
});

/** Fixed, varied variational parameters of each family on R^3 (full-rank with one negative diagonal). */
function someParameters(family: VariationalFamily): Float64Array {
  return Float64Array.from({ length: family.size }, (_, i) => (i < family.dim ? 0.3 * (i - 1) : family.kind === 'meanfield' ? -0.2 * i : [0.9, 0.3, -0.8, 0.1, -0.2, 0.6][i - family.dim]!));
}

/** mu and covariance of the Gaussian a lambda describes, via `describe`'s sd and Cholesky factor. */
function moments(family: VariationalFamily, lambda: Float64Array): { mean: Float64Array; covariance: Float64Array } {
  const approximation = family.describe(lambda);
  const dim = family.dim;
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      if (approximation.kind === 'meanfield') covariance[i * dim + j] = i === j ? approximation.sd[i]! ** 2 : 0;
      else for (let k = 0; k < dim; k++) covariance[i * dim + j]! += approximation.cholesky[i * dim + k]! * approximation.cholesky[j * dim + k]!;
    }
  }
  return { mean: approximation.mean, covariance };
}

/** The multivariate normal log density written from its definition. */
function normalLogDensity(x: Float64Array, mean: Float64Array, covariance: Float64Array): number {
  const dim = x.length;
  const precision = inverseSymmetricPositiveDefinite(covariance);
  const lower = cholesky(covariance);
  let quadratic = 0;
  let logDeterminant = 0;
  for (let i = 0; i < dim; i++) {
    logDeterminant += 2 * Math.log(lower[i * dim + i]!);
    for (let j = 0; j < dim; j++) quadratic += (x[i]! - mean[i]!) * precision[i * dim + j]! * (x[j]! - mean[j]!);
  }
  return -0.5 * quadratic - 0.5 * logDeterminant - 0.5 * dim * Math.log(2 * Math.PI);
}

describe.each<FamilyKind>(['meanfield', 'fullrank'])('%s family', (kind) => {
  const family = familyFor(kind, 3);
  const lambda = someParameters(family);

  it('transforms standard draws to draws whose log density is the Gaussian one', () => {
    const { mean, covariance } = moments(family, lambda);
    const rng = makeRng(1);
    for (let draw = 0; draw < 5; draw++) {
      const standard = Float64Array.from({ length: 3 }, () => rng.normal());
      const zeta = family.transform(lambda, standard, new Float64Array(3));
      expect(family.logDensityOfStandard(lambda, standard)).toBeCloseTo(normalLogDensity(zeta, mean, covariance), 10);
    }
  });

  it('has the entropy -E[log q], checked by Monte Carlo within its standard-error bound', () =>
    expectCheckPasses(entropyChecks.find((check) => check.name === `vi/entropy-${kind}`)!));

  it('estimates the gradient of its own Monte Carlo ELBO (common draws) exactly: chain rule and entropy gradient', () => {
    const draws = Array.from({ length: 4 * 3 }, (_, i) => Math.sin(1.7 * i + 0.3) * 1.4);
    const monteCarloElbo = (at: Float64Array): number => {
      const zeta = new Float64Array(3);
      let sum = 0;
      for (let s = 0; s < 4; s++) sum += quartic.logDensity(family.transform(at, Float64Array.from(draws.slice(3 * s, 3 * s + 3)), zeta));
      return sum / 4 + family.entropy(at);
    };
    const { gradient } = reparameterizedGradient(quartic, family, lambda, replayRng(draws), 4);
    const step = 1e-6;
    for (let i = 0; i < family.size; i++) {
      const plus = Float64Array.from(lambda);
      const minus = Float64Array.from(lambda);
      plus[i]! += step;
      minus[i]! -= step;
      const difference = (monteCarloElbo(plus) - monteCarloElbo(minus)) / (2 * step);
      expect(gradient[i], `∂/∂${family.parameterName(i)}`).toBeCloseTo(difference, 6);
    }
  });

  it('describes its parameters and reads them back', () => {
    const approximation = family.describe(lambda);
    const back = family.describe(family.parametersOf(approximation));
    expect(Array.from(back.mean)).toEqual(Array.from(approximation.mean));
    expect(Array.from(back.sd).map((v, i) => v - approximation.sd[i]!).every((d) => Math.abs(d) < 1e-15)).toBe(true);
    expect(moments(family, family.parametersOf(approximation)).covariance.map((v, i) => v - moments(family, lambda).covariance[i]!).every((d) => Math.abs(d) < 1e-14)).toBe(true);
  });
});

describe('variational families', () => {
  it('start where Stan starts: the given mean with unit scale', () => {
    const position = Float64Array.of(1, -2);
    expect(familyFor('meanfield', 2).describe(familyFor('meanfield', 2).initial(position))).toEqual({ kind: 'meanfield', mean: position, sd: Float64Array.of(1, 1) });
    expect(familyFor('fullrank', 2).describe(familyFor('fullrank', 2).initial(position))).toEqual({
      kind: 'fullrank',
      mean: position,
      cholesky: Float64Array.of(1, 0, 0, 1),
      sd: Float64Array.of(1, 1),
    });
  });

  it('name their parameters as Stan does', () => {
    const fullRank = familyFor('fullrank', 3);
    expect(Array.from({ length: fullRank.size }, (_, i) => fullRank.parameterName(i))).toEqual(['mu[1]', 'mu[2]', 'mu[3]', 'L[1,1]', 'L[2,1]', 'L[2,2]', 'L[3,1]', 'L[3,2]', 'L[3,3]']);
    const meanField = familyFor('meanfield', 2);
    expect(Array.from({ length: meanField.size }, (_, i) => meanField.parameterName(i))).toEqual(['mu[1]', 'mu[2]', 'omega[1]', 'omega[2]']);
  });

  it('reject approximations of another family or size, naming the problem', () => {
    expect(() => familyFor('fullrank', 2).parametersOf({ kind: 'meanfield', mean: new Float64Array(2), sd: Float64Array.of(1, 1) })).toThrow(/'meanfield', but must be 'fullrank'/);
    expect(() => familyFor('meanfield', 2).parametersOf({ kind: 'meanfield', mean: new Float64Array(2), sd: Float64Array.of(1, -1) })).toThrow(/sd\[2\] is -1/);
    expect(() => familyFor('meanfield', 0)).toThrow(/dim is 0/);
  });
});
