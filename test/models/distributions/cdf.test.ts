import { settings } from '../../../src/ad/codegen/make-function.js';
import gammainc from '@stdlib/math-base-special-gammainc';
import exponentialLogcdf from '@stdlib/stats-base-dists-exponential-logcdf';
import gammaLogcdf from '@stdlib/stats-base-dists-gamma-logcdf';
import lognormalLogcdf from '@stdlib/stats-base-dists-lognormal-logcdf';
import normalLogcdf from '@stdlib/stats-base-dists-normal-logcdf';
import weibullLogcdf from '@stdlib/stats-base-dists-weibull-logcdf';
import { describe, expect, it } from 'vitest';
import { checkGrad, grad, tensor, type Value } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import * as d from '../../../src/models/distributions/index.js';
import type { DistributionFamily } from '../../../src/models/distributions/index.js';
import { defineModel, real, vector } from '../../../src/models/api/index.js';

// Log CDFs and log CCDFs (for censored data) against stdlib's CDFs, in the log, to 1e-10
// relative; the CCDFs against closed forms or the reflected CDF, and both in the far tails.

const closeTo = (got: number, want: number, tolerance = 1e-10): boolean =>
  got === want || Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

interface CdfCase {
  readonly family: DistributionFamily;
  readonly params: readonly (readonly number[])[];
  readonly values: readonly number[];
  readonly logCdf: (y: number, p: readonly number[]) => number;
  readonly logCcdf: (y: number, p: readonly number[]) => number;
  /** Interior point for gradient checks, and whether second derivatives exist in every argument. */
  readonly interior: readonly number[];
  readonly secondOrder: boolean;
}

const cases: readonly CdfCase[] = [
  {
    family: d.normalFamily,
    params: [[0, 1], [2, 0.5], [-1, 30]],
    values: [-8, -1, 0, 0.5, 3, 8],
    logCdf: (y, [mu, sigma]) => normalLogcdf(y, mu!, sigma!),
    logCcdf: (y, [mu, sigma]) => normalLogcdf(2 * mu! - y, mu!, sigma!),
    interior: [0.4, 0.3, 1.7],
    secondOrder: true,
  },
  {
    family: d.exponentialFamily,
    params: [[1], [0.1], [25]],
    values: [0, 1e-4, 0.5, 3, 40],
    logCdf: (y, [beta]) => exponentialLogcdf(y, beta!),
    logCcdf: (y, [beta]) => -beta! * y,
    interior: [0.4, 1.7],
    secondOrder: true,
  },
  {
    family: d.weibullFamily,
    params: [[1, 1], [2, 3], [0.5, 2]],
    values: [0, 1e-3, 0.5, 3, 10],
    logCdf: (y, [alpha, sigma]) => weibullLogcdf(y, alpha!, sigma!),
    logCcdf: (y, [alpha, sigma]) => -Math.pow(y / sigma!, alpha!),
    interior: [0.4, 2.5, 1.7],
    secondOrder: true,
  },
  {
    family: d.gammaFamily,
    params: [[1, 1], [0.5, 2], [3, 0.5], [30, 10]],
    values: [1e-3, 0.5, 2, 5, 12],
    logCdf: (y, [alpha, beta]) => gammaLogcdf(y, alpha!, beta!),
    logCcdf: (y, [alpha, beta]) => Math.log(gammainc(beta! * y, alpha!, true, true)),
    interior: [0.9, 2.5, 1.7],
    secondOrder: false,
  },
  {
    family: d.lognormalFamily,
    params: [[0, 1], [1, 0.2], [-2, 3]],
    values: [1e-4, 0.5, 1, 3, 20],
    logCdf: (y, [mu, sigma]) => lognormalLogcdf(y, mu!, sigma!),
    logCcdf: (y, [mu, sigma]) => normalLogcdf(2 * mu! - Math.log(y), mu!, sigma!),
    interior: [0.9, 0.3, 1.7],
    secondOrder: true,
  },
];

describe.each(cases.map((c) => [c.family.name, c] as const))('%s log CDF and log CCDF', (_name, c) => {
  it('match the references at every point and sum over vectors', () => {
    const failures: string[] = [];
    for (const p of c.params) {
      const distribution = c.family.make(...p);
      for (const y of c.values) {
        for (const [kind, got, want] of [
          ['lcdf', primal(distribution.logCdf!(y)) as number, c.logCdf(y, p)],
          ['lccdf', primal(distribution.logCcdf!(y)) as number, c.logCcdf(y, p)],
        ] as const) {
          if (!closeTo(got, want)) failures.push(`${kind} y=${y}, params=[${p.join(', ')}]: got ${got}, want ${want}`);
        }
      }
      const summed = primal(distribution.logCdf!(tensor(c.values))) as number;
      const want = c.values.reduce((s, y) => s + c.logCdf(y, p), 0);
      if (!closeTo(summed, want)) failures.push(`vector lcdf params=[${p.join(', ')}]: got ${summed}, want ${want}`);
    }
    expect(failures).toEqual([]);
  });

  it('differentiate correctly in the value and every parameter', () => {
    const [y, ...params] = c.interior;
    const order = c.secondOrder ? 2 : 1;
    for (const method of ['logCdf', 'logCcdf'] as const) {
      const f = (x: Value[]): Value => c.family.make(...x.slice(1))[method]!(x[0]!);
      expect(checkGrad(f, [y!, ...params], { order }), method).toBeLessThan(1e-6);
    }
  });
});

describe('tails', () => {
  it('normal log CDF and CCDF keep their digits far out (log Φ(−40) by its asymptotic series)', () => {
    const x = -40;
    const series = -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6 + 105 / x ** 8);
    expect(closeTo(primal(d.normal(0, 1).logCdf!(x)) as number, series, 1e-12)).toBe(true);
    expect(closeTo(primal(d.normal(0, 1).logCcdf!(-x)) as number, series, 1e-12)).toBe(true);
    expect(closeTo(primal(d.normal(0, 1).logCcdf!(-40)) as number, -Math.exp(series), 1e-12)).toBe(true);
  });

  it('gamma log CDF second derivatives in the scale and value work; in the shape they are not defined', () => {
    const inScale = (x: Value[]): Value => d.gamma(2.5, x[1]!).logCdf!(x[0]!);
    expect(checkGrad(inScale, [0.9, 1.7], { order: 2 })).toBeLessThan(1e-6);
    const inShape = (alpha: Value): Value => d.gamma(alpha, 1.7).logCdf!(0.9);
    expect(() => grad(grad(inShape))(2.5)).toThrow("vjp of 'logGammaP shape derivative'");
  });
});

describe('log CDFs replay like densities', () => {
  // Censored survival (issue 17): weibull_lccdf of censored times with traced shape and
  // scale. The CDFs are fused densities declared per element, so the recorded gradient
  // replays, bit for bit against re-running the code, and a traced scale that turns
  // negative after recording gives −∞ as the code does.
  const model = defineModel({
    name: 'censored_weibull',
    data: { observed: vector(3), censored: vector(2) },
    parameters: { alpha: real(), sigma: real() },
    model: (p, data, target) => {
      target.sample(data.observed, d.weibull(p.alpha, p.sigma));
      target.add(d.weibull(p.alpha, p.sigma).logCcdf!(data.censored));
      target.add(d.normal(p.alpha, p.sigma).logCdf!(data.censored));
      target.add(d.gamma(p.alpha, p.sigma).logCcdf!(data.observed));
    },
  });
  const data = { observed: [0.5, 1.2, 2.0], censored: [2.5, 3.1] };

  it('replayed bit for bit and compiled to rounding against re-running the code, −∞ where a traced argument leaves its domain', () => {
    const replayed = model.compile(data, { compile: false });
    const compiled = model.compile(data);
    const rerun = model.compile(data, { replay: false });
    for (const [alpha, sigma] of [[1.5, 2], [0.7, 1.1], [2.5, -0.3], [3, 0.4], [-1, 2]] as const) {
      const theta = Float64Array.of(alpha, sigma);
      const a = replayed.logDensityAndGradient(theta);
      const b = rerun.logDensityAndGradient(theta);
      const c = compiled.logDensityAndGradient(theta);
      expect(Object.is(a.logDensity, b.logDensity), `(${alpha}, ${sigma}): ${a.logDensity} vs ${b.logDensity}`).toBe(true);
      if (Number.isFinite(b.logDensity)) {
        expect(Array.from(a.gradient)).toEqual(Array.from(b.gradient));
        expect(c.logDensity).toBeCloseTo(b.logDensity, 10);
        Array.from(c.gradient).forEach((g, i) => expect(Math.abs(g - b.gradient[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(g))));
      } else expect(c.logDensity).toBe(b.logDensity);
      // At −∞ the gradient carries nothing (compiled code gives zeros, the code the finite terms').
      if (sigma < 0 || alpha < 0) expect(a.logDensity).toBe(-Infinity);
    }
    expect(compiled.replayStatus()).toMatchObject({ replayed: true, reason: settings().jitless ? 'code generation is off (jitless) or unavailable' : null });
    // The log CDFs and CCDFs are declared per element: they replay, and the compiler inlines them as it does densities.
    expect(replayed.replayStatus()).toMatchObject({ replayed: true, reason: null });
    if (!settings().jitless) expect(compiled.replayStatus()).toMatchObject({ compiled: true });
  });
});
