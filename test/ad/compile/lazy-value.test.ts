import { afterEach, describe, expect, it } from 'vitest';
import { configure, settings } from '../../../src/ad/codegen/make-function.js';
import { compileSpec } from '../../../src/language/json/compile.js';

// The compiled gradient's value-only function (src/ad/compile/compiled-gradient.ts) is made at
// the first logDensity, not with the gradient: it must give the value the gradient function
// gives (to rounding: not always bit for bit, a difference of the last digit was seen here),
// before and after the gradient ran, and where it can no longer be made (code generation
// switched off after the gradient was compiled) the value comes from the compiled gradient.

const spec = {
  data: { N: { type: 'int' }, y: { type: 'vector', size: 'N' }, s: { type: 'vector', size: 'N', lower: 0 } },
  parameters: { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, z: { type: 'vector', size: 'N' } },
  model: [
    { sample: 'z', distribution: 'normal', args: ['0', '1'] },
    { local: 'total', type: 'real', value: '0' },
    { for: 'n', from: 1, to: 'N', body: [{ assign: 'total', value: 'total + log_sum_exp(mu + z[n], tau * y[n])' }] },
    { target: 'total' },
    { sample: 'y', distribution: 'normal', args: ['mu + tau * z', 's'] },
  ],
};
const data = { N: 6, y: [1.5, -2, 0.25, 3, -0.5, 0.7], s: [0.5, 1, 2, 0.1, 3, 1.2] };

const points = (dim: number, count: number): Float64Array[] =>
  Array.from({ length: count }, (_, k) => Float64Array.from({ length: dim }, (_, i) => Math.sin(3.1 * k + 1.7 * i + 0.4)));

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

const compiledFlag = (model: ReturnType<typeof compileSpec>): boolean | undefined =>
  (model as { replayStatus?: () => { compiled?: boolean } | null }).replayStatus?.()?.compiled;

describe.skipIf(settings().jitless)('the compiled value-only function, made at the first logDensity', () => {
  afterEach(() => configure({ jitless: false }));

  it('gives the gradient function’s value, whichever is asked first', () => {
    const gradientFirst = compileSpec(spec, data);
    const valueFirst = compileSpec(spec, data);
    const reference = compileSpec(spec, data, { compile: false });
    points(gradientFirst.dim, 5).forEach((theta, k) => {
      const gradient = new Float64Array(theta.length);
      const withGradient = gradientFirst.logDensityAndGradientInto!(theta, gradient);
      expect(compiledFlag(gradientFirst)).toBe(true);
      expect(close(gradientFirst.logDensity(theta), withGradient)).toBe(true);
      // A model asked for values first records and compiles there; its gradient's value agrees afterwards.
      const value = valueFirst.logDensity(theta);
      expect(close(valueFirst.logDensityAndGradientInto!(theta, new Float64Array(theta.length)), value)).toBe(true);
      expect(close(value, reference.logDensity(theta))).toBe(true);
      // After the first (a recording's replay), both run the same generated value function.
      if (k > 0) expect(value).toBe(gradientFirst.logDensity(theta));
    });
    expect(compiledFlag(valueFirst)).toBe(true);
  });

  it('falls back to the compiled gradient’s value, bit for bit, when code generation was switched off after compiling', () => {
    const model = compileSpec(spec, data);
    const [first, ...others] = points(model.dim, 4);
    model.logDensityAndGradientInto!(first!, new Float64Array(model.dim));
    const expected = others.map((theta) => model.logDensityAndGradientInto!(theta, new Float64Array(model.dim)));
    configure({ jitless: true });
    others.forEach((theta, k) => expect(Object.is(model.logDensity(theta), expected[k])).toBe(true));
  });
});
