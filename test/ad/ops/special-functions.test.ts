import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { describe, expect, it } from 'vitest';
import { Phi, type Value } from '../../../src/ad/index.js';
import { invPhi, lambertW0, lambertWm1, tgamma } from '../../../src/ad/ops/special.js';
import { between, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

// tgamma, inv_Phi and Lambert's W: values against closed forms and an independent
// reference (@stdlib's normal quantile), derivatives against finite differences.

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

describe('special function values', () => {
  it('tgamma: Γ(n) = (n − 1)!, Γ(1/2) = √π, Γ(x + 1) = x Γ(x), Γ(−1/2) = −2√π', () => {
    expect(relative(tgamma(5) as number, 24)).toBeLessThan(1e-15);
    expect(relative(tgamma(0.5) as number, Math.sqrt(Math.PI))).toBeLessThan(1e-15);
    expect(relative(tgamma(-0.5) as number, -2 * Math.sqrt(Math.PI))).toBeLessThan(1e-15);
    for (const x of [0.3, 2.7, 11.2]) expect(relative(tgamma(x + 1) as number, x * (tgamma(x) as number))).toBeLessThan(1e-14);
  });
  it('inv_Phi agrees with @stdlib/stats normal quantile and inverts Phi, into both tails', () => {
    for (const p of [1e-300, 1e-20, 1e-5, 0.025, 0.3, 0.5, 0.8, 0.975, 1 - 1e-9]) {
      expect(relative(invPhi(p) as number, normalQuantile(p, 0, 1)) || 0).toBeLessThan(1e-12);
      if (p > 1e-300) expect(relative(Phi(invPhi(p)) as number, p)).toBeLessThan(2e-12);
    }
    expect([invPhi(0), invPhi(1), invPhi(0.5)]).toEqual([-Infinity, Infinity, 0]);
  });
  it('Lambert W inverts w eʷ on both branches, to the branch point W(−1/e) = −1', () => {
    for (const w of [-0.99, -0.5, 0, 1e-8, 0.3, 1, 7, 120]) expect(Math.abs((lambertW0(w * Math.exp(w)) as number) - w)).toBeLessThan(2e-14 * Math.max(1, Math.abs(w)));
    for (const w of [-1.01, -1.5, -3, -40, -700]) expect(Math.abs((lambertWm1(w * Math.exp(w)) as number) - w)).toBeLessThan(2e-14 * Math.abs(w));
    expect(lambertW0(-1 / Math.E)).toBe(-1);
    expect(lambertWm1(-1 / Math.E)).toBe(-1);
    expect(lambertWm1(0.5)).toBeNaN();
    expect(lambertW0(-1)).toBeNaN();
  });
});

const table: readonly [string, (x: Value) => Value, ReturnType<typeof between>][] = [
  ['tgamma', tgamma, between(0.4, 5)],
  ['inv_Phi', invPhi, between(0.02, 0.98)],
  ['lambert_w0', lambertW0, between(-0.3, 10)],
  ['lambert_wm1', lambertWm1, between(-0.3, -0.01)],
];

describe.each(table)('%s derivatives', (_name, op, domain) => {
  it.each(ELEMENTWISE_SHAPES.map((s) => [s]))('match finite differences on shape %j', (shape) =>
    forAll(valueOf(shape, domain), (x) => expectGradientsMatch(op, x), runsFor(shape)));
});
