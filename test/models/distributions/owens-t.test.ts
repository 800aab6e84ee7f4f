import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { checkGrad, type Value } from '../../../src/ad/index.js';
import { applyElementwise, elementwiseOp } from '../../../src/ad/ops/elementwise.js';
import { primal } from '../../../src/ad/trace.js';
import { skewNormal } from '../../../src/models/distributions/index.js';
import { OWENS_T, owensT } from '../../../src/models/distributions/owens-t.js';

// Owen's T against its closed forms at a = 1, h = 0 and a → ∞, and the skew normal's CDF
// (Φ(z) − 2T(z, α)) against Φ(z)² at α = 1 and a numerical integral of the density.

const closeTo = (got: number, want: number, tolerance = 1e-13): boolean => Math.abs(got - want) <= tolerance * Math.max(1e-300, Math.abs(want));
const Phi = (x: number): number => normalCdf(x, 0, 1);

describe("Owen's T", () => {
  it('matches T(h, 1) = Φ(h)(1 − Φ(h))/2, T(0, a) = atan(a)/2π and T(h, ∞) = (1 − Φ(|h|))/2, and its symmetries', () => {
    for (const h of [0, 0.3, -1.2, 2.5, 6, -9]) {
      expect(closeTo(owensT(h, 1), 0.5 * Phi(h) * Phi(-h), 1e-12), `T(${h}, 1)`).toBe(true);
      expect(closeTo(owensT(h, 1e15), 0.5 * Phi(-Math.abs(h)), 1e-12), `T(${h}, ∞)`).toBe(true);
    }
    for (const a of [0.1, 1, 4, 50]) expect(closeTo(owensT(0, a), Math.atan(a) / (2 * Math.PI), 1e-14)).toBe(true);
    expect(owensT(1.3, -0.7)).toBe(-owensT(1.3, 0.7));
    expect(owensT(-1.3, 0.7)).toBe(owensT(1.3, 0.7));
  });

  it('has derivatives that agree with finite differences, to second order', () => {
    const op = elementwiseOp({ name: 'owensT', argNames: ['h', 'a'], value: (e, [h, a]) => e.b.apply(OWENS_T, [h!, a!]) });
    for (const point of [[0.7, 1.3], [-1.5, 0.4], [2.2, -3]]) {
      expect(checkGrad((x: Value[]) => applyElementwise(op, x), point, { order: 2, step: 1e-4 })).toBeLessThan(1e-7);
    }
  });
});

describe('skew_normal log CDF', () => {
  it('is 2 log Φ(z) at α = 1 and log Φ(z) at α = 0', () => {
    for (const y of [-3, -0.4, 0, 1.1, 4]) {
      expect(closeTo(primal(skewNormal(0.5, 2, 1).logCdf!(y)) as number, 2 * Math.log(Phi((y - 0.5) / 2)), 1e-12)).toBe(true);
      expect(closeTo(primal(skewNormal(0.5, 2, 0).logCcdf!(y)) as number, Math.log(1 - Phi((y - 0.5) / 2)), 1e-12)).toBe(true);
    }
  });

  it('equals the integral of the density (Simpson, 20,000 panels)', () => {
    const d = skewNormal(-0.3, 1.4, -3.5);
    const density = (t: number): number => Math.exp(primal(d.logProb(t)) as number);
    for (const y of [-4, -1.5, -0.3, 0.6]) {
      const lower = -15;
      const panels = 20_000;
      const h = (y - lower) / panels;
      let sum = density(lower) + density(y);
      for (let i = 1; i < panels; i++) sum += (i % 2 === 0 ? 2 : 4) * density(lower + i * h);
      const integral = (sum * h) / 3;
      expect(closeTo(primal(d.logCdf!(y)) as number, Math.log(integral), 1e-9), `y = ${y}`).toBe(true);
      expect(closeTo(primal(d.logCcdf!(y)) as number, Math.log1p(-integral), 1e-9), `y = ${y}`).toBe(true);
    }
    expect(checkGrad((p: Value[]) => skewNormal(p[1]!, p[2]!, p[3]!).logCdf!(p[0]!), [0.2, -0.3, 1.4, 2.5], { order: 2 })).toBeLessThan(1e-6);
  });
});
