import fc from 'fast-check';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { describe, expect, it } from 'vitest';
import { Phi, type Value } from '../../../src/ad/index.js';
import { invPhi, lambertW0, lambertWm1, owensT, tgamma } from '../../../src/ad/ops/special.js';
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

describe("Owen's T", () => {
  const Phi0 = (h: number): number => Phi(h) as number;
  /** Owen's integral by composite Simpson with 20,000 panels: an independent reference. */
  function simpson(h: number, a: number): number {
    const n = 20_000;
    const f = (x: number): number => Math.exp((-h * h * (1 + x * x)) / 2) / (1 + x * x);
    let total = f(0) + f(a);
    for (let i = 1; i < n; i++) total += (i % 2 === 1 ? 4 : 2) * f((a * i) / n);
    return (total * a) / (3 * n) / (2 * Math.PI);
  }
  it('closed forms: T(0, a) = atan(a)/2π, T(h, 1) = Φ(h)(1 − Φ(h))/2, T(h, ∞) = Φ(−|h|)/2, odd in a, even in h', () => {
    for (const a of [0.2, 1, 3.5]) expect(owensT(0, a)).toBeCloseTo(Math.atan(a) / (2 * Math.PI), 15);
    for (const h of [0.3, 1.7, 4]) expect(relative(owensT(h, 1) as number, (Phi0(h) * (1 - Phi0(h))) / 2)).toBeLessThan(1e-13);
    expect(relative(owensT(1.2, Infinity) as number, Phi0(-1.2) / 2)).toBeLessThan(1e-15);
    expect(owensT(0.8, -0.6)).toBe(-(owensT(0.8, 0.6) as number));
    expect(owensT(-0.8, 0.6)).toBe(owensT(0.8, 0.6));
  });
  it('agrees with Simpson integration of its definition, below and above a = 1', () => {
    for (const [h, a] of [[0.5, 0.3], [2, 0.9], [0.1, 2.5], [1.5, 7], [6, 0.5]] as const) {
      expect(Math.abs((owensT(h, a) as number) - simpson(h, a))).toBeLessThan(1e-13);
    }
  });
  it('derivatives match finite differences', () =>
    forAll(fc.tuple(between(-3, 3), between(-4, 4)), ([h, a]) => expectGradientsMatch(([u, v]: Value[]) => owensT(u!, v!), [h, a])));
});
