import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import gammaln from '@stdlib/math-base-special-gammaln';
import digammaReference from '@stdlib/math-base-special-digamma';
import erfReference from '@stdlib/math-base-special-erf';
import erfcReference from '@stdlib/math-base-special-erfc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import {
  digamma, erf, erfc, grad, jvp, lgamma, linspace, Phi, Tensor, trigamma, type Value,
} from '../../../src/ad/index.js';
import { between, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

const EULER_GAMMA = 0.5772156649015329;

const relativeClose = (actual: Value, expected: number, tolerance = 1e-14): void => {
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), Number.MIN_VALUE));
};

// digamma differentiates once (its derivative, trigamma, has no rule), so it is checked
// to first order; the others to second order.
const table: readonly [string, (x: Value) => Value, fc.Arbitrary<number>, 1 | 2][] = [
  ['lgamma', lgamma, between(0.5, 8), 2],
  ['digamma', digamma, between(0.5, 8), 1],
  ['erf', erf, between(-2.5, 2.5), 2],
  ['erfc', erfc, between(-2.5, 2.5), 2],
  ['Phi', Phi, between(-4, 4), 2],
];

describe.each(table)('%s', (_name, op, domain, order) => {
  it.each(ELEMENTWISE_SHAPES.map((s) => [s]))('matches finite differences on shape %j', (shape) =>
    forAll(valueOf(shape, domain), (x) => expectGradientsMatch(op, x, 1e-6, order), runsFor(shape)));
});

describe('special function values', () => {
  const points = linspace(0.1, 9.9, 50);

  it('lgamma, digamma, erf and erfc agree with @stdlib/math elementwise', () => {
    const pairs: [(x: Value) => Value, (x: number) => number][] = [
      [lgamma, gammaln], [digamma, digammaReference], [erf, erfReference], [erfc, erfcReference],
    ];
    for (const [op, reference] of pairs) {
      (op(points) as Tensor).data.forEach((v, i) => expect(v).toBe(reference(points.data[i]!)));
    }
  });

  it('lgamma at known points: log √π, log 4!, 0, and log |Γ(−1/2)| = log 2√π', () => {
    relativeClose(lgamma(0.5), 0.5 * Math.log(Math.PI));
    relativeClose(lgamma(5), Math.log(24));
    expect(lgamma(1)).toBe(0);
    relativeClose(lgamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)));
  });

  it('digamma: ψ(1) = −γ, ψ(1/2) = −γ − 2 log 2, ψ(x + 1) = ψ(x) + 1/x', () => {
    relativeClose(digamma(1), -EULER_GAMMA);
    relativeClose(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2);
    for (const x of [0.3, 1.7, 6.2]) relativeClose(digamma(x + 1), (digamma(x) as number) + 1 / x, 1e-13);
  });

  it('trigamma: ψ₁(1) = π²/6, ψ₁(1/2) = π²/2', () => {
    relativeClose(trigamma(1), Math.PI ** 2 / 6);
    relativeClose(trigamma(0.5), Math.PI ** 2 / 2);
  });

  it('erf and erfc: erf(1), odd symmetry, and erfc accurate where erf is near 1', () => {
    relativeClose(erf(1), 0.8427007929497149);
    expect(erf(-0.7)).toBe(-(erf(0.7) as number));
    relativeClose(erfc(5), 1.5374597944280351e-12, 1e-13);
  });

  it('Phi agrees with the normal CDF of @stdlib/stats, including its lower tail', () => {
    for (const x of [-30, -10, -3, -1, 0, 0.5, 1.959963984540054, 4]) relativeClose(Phi(x), normalCdf(x, 0, 1), 1e-13);
    relativeClose(Phi(1.959963984540054), 0.975, 1e-15);
    relativeClose(Phi(-10), 7.619853024160527e-24, 1e-13);
    expect(Phi(0)).toBe(0.5);
  });
});

describe('derivatives of the special functions', () => {
  it("lgamma′ = digamma and lgamma″ = trigamma", () => {
    for (const x of [0.4, 2.5, 9]) {
      relativeClose(grad(lgamma)(x), digamma(x) as number);
      relativeClose(grad(grad(lgamma))(x), trigamma(x) as number);
      relativeClose(grad(digamma)(x), trigamma(x) as number);
    }
  });

  it("erf′, erfc′ and Phi′ in closed form", () => {
    const x = 0.8;
    relativeClose(grad(erf)(x), (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
    relativeClose(grad(erfc)(x), (-2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
    relativeClose(grad(Phi)(x), Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI));
  });

  it('trigamma is not differentiable, and says so in both modes', () => {
    expect(() => grad(trigamma)(1.5)).toThrow("vjp of 'trigamma' w.r.t. argument 0 (x) is not defined");
    expect(() => jvp(trigamma, 1.5, 1)).toThrow("jvp of 'trigamma' w.r.t. argument 0 (x) is not defined");
  });

  it("lgamma's third derivative is refused with that message", () => {
    expect(() => grad(grad(grad(lgamma)))(2.5)).toThrow("vjp of 'trigamma' w.r.t. argument 0 (x) is not defined");
    expect(() => grad(grad(digamma))(2.5)).toThrow("vjp of 'trigamma'");
  });
});
