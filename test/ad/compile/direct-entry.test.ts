import { describe, expect, it } from 'vitest';
import { directEntry, type GradientInto } from '../../../src/ad/compile/direct-entry.js';
import { settings } from '../../../src/ad/codegen/make-function.js';
import { compileSpec } from '../../../src/language/json/compile.js';

// A compiled model's own logDensityAndGradientInto (src/ad/compile/direct-entry.ts): the
// generated gradient called straight when it may run alone, the general path otherwise.

describe.skipIf(settings().jitless)('directEntry', () => {
  const calls: string[] = [];
  const general: GradientInto = (theta) => {
    calls.push('general');
    return theta.length;
  };
  const recover: GradientInto = () => {
    calls.push('recover');
    return -7;
  };

  it('calls the generated gradient when it is there and the lengths fit; NaN becomes −∞', () => {
    const source: { direct: GradientInto | null } = { direct: (theta, grad) => (grad[0] = theta[0]! * 2) };
    const entry = directEntry(2, source, general, recover)!;
    calls.length = 0;
    const grad = new Float64Array(2);
    expect(entry(Float64Array.of(1.5, 0), grad)).toBe(3);
    expect(grad[0]).toBe(3);
    expect(entry(Float64Array.of(Number.NaN, 0), grad)).toBe(-Infinity);
    expect(calls).toEqual([]);
  });

  it('takes the general path without a generated gradient or with wrong lengths', () => {
    const source: { direct: GradientInto | null } = { direct: null };
    const entry = directEntry(2, source, general, recover)!;
    calls.length = 0;
    expect(entry(new Float64Array(2), new Float64Array(2))).toBe(2);
    source.direct = () => 1;
    expect(entry(new Float64Array(3), new Float64Array(2))).toBe(3);
    expect(entry(new Float64Array(2), new Float64Array(5))).toBe(2);
    expect(entry(new Float64Array(2), new Float64Array(2))).toBe(1);
    expect(calls).toEqual(['general', 'general', 'general']);
  });

  it('recovers through the model code when the generated gradient throws', () => {
    const entry = directEntry(1, { direct: () => { throw new RangeError('generated'); } }, general, recover)!;
    calls.length = 0;
    expect(entry(new Float64Array(1), new Float64Array(1))).toBe(-7);
    expect(calls).toEqual(['recover']);
  });
});

describe.skipIf(settings().jitless)('a compiled model without check mode', () => {
  const spec = {
    data: { N: { type: 'int' }, y: { type: 'vector', size: 'N' } },
    parameters: { mu: { type: 'real' }, sigma: { type: 'real', lower: 0 } },
    model: [
      { sample: 'mu', distribution: 'normal', args: ['0', '5'] },
      { sample: 'y', distribution: 'normal', args: ['mu', 'sigma'] },
    ],
  };
  const data = { N: 6, y: [0.5, -1, 2, 0.25, 1.5, -0.75] };

  it('gives the interpreter\'s value and gradient through its own entry, and its errors', () => {
    const compiled = compileSpec(spec, data, { checkCompiled: false });
    const interpreted = compileSpec(spec, data, { compile: false });
    expect(compiled.logDensityAndGradientInto!.toString()).toContain('S.direct');
    const gradient = new Float64Array(2);
    const expected = new Float64Array(2);
    for (const theta of [Float64Array.of(0.3, -0.2), Float64Array.of(-1.5, 0.7), Float64Array.of(2, 1)]) {
      const value = compiled.logDensityAndGradientInto!(theta, gradient);
      const reference = interpreted.logDensityAndGradientInto!(theta, expected);
      expect(value).toBeCloseTo(reference, 12);
      gradient.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
    }
    expect(compiled.replayStatus()).toMatchObject({ compiled: true });
    expect(compiled.logDensityAndGradientInto!(Float64Array.of(Number.NaN, 0), gradient)).toBe(-Infinity);
    expect(() => compiled.logDensityAndGradientInto!(new Float64Array(3), gradient)).toThrow(/θ has length 3, but the model has 2 unconstrained coordinates/);
  });
});
