import { describe, expect, it } from 'vitest';
import { settings } from '../../../src/ad/codegen/make-function.js';
import { compileSpec } from '../../../src/language/json/compile.js';

// multi_normal of one vector with a data covariance, written out by compiled gradients
// (src/models/distributions/multi-normal-rows.ts): the compiled model must give the
// interpreter's value and gradient (1e-12 relative) at random points, with y or μ the
// parameter, for K = 1..8, keep the kernel above, and be −∞ where a parameter is not finite.

function spdCovariance(k: number): number[][] {
  // A = B Bᵀ + k I with B fixed entries: symmetric positive definite, correlated.
  const b = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => Math.sin(3 * i + 7 * j + 1)));
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => b[i]!.reduce((s, v, m) => s + v * b[j]![m]!, 0) + (i === j ? 0.5 : 0)));
}

function points(seed: number, count: number, dim: number): Float64Array[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 4 * (state / 2147483648) - 2;
  };
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, next));
}

const close = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

function models(k: number, parameter: 'y' | 'mu') {
  const data = { K: k, S: spdCovariance(k), v: Array.from({ length: k }, (_, i) => Math.cos(i + 0.5)) };
  const spec = {
    data: { K: { type: 'int' }, S: { type: 'cov_matrix', size: 'K' }, v: { type: 'vector', size: 'K' } },
    parameters: { x: { type: 'vector', size: 'K' } },
    model: [parameter === 'y' ? { sample: 'x', distribution: 'multi_normal', args: ['v', 'S'] } : { sample: 'v', distribution: 'multi_normal', args: ['x', 'S'] }],
  };
  return { compiled: compileSpec(spec, data), interpreted: compileSpec(spec, data, { compile: false }) };
}

describe.skipIf(settings().jitless)('multi_normal with a data covariance, written out', () => {
  for (const parameter of ['y', 'mu'] as const) {
    for (const k of [1, 2, 3, 5, 8, 9]) {
      it(`equals the interpreter (${parameter} the parameter, K = ${k})`, () => {
        const { compiled, interpreted } = models(k, parameter);
        // The first evaluation records the tape (its value is the recording's); compiled from then on.
        compiled.logDensityAndGradient(new Float64Array(k));
        for (const theta of points(11 + k, 15, k)) {
          const a = compiled.logDensityAndGradient(theta);
          const b = interpreted.logDensityAndGradient(theta);
          expect(close(a.logDensity, b.logDensity), `${a.logDensity} vs ${b.logDensity}`).toBe(true);
          a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!), `gradient[${i}]: ${g} vs ${b.gradient[i]}`).toBe(true));
          expect(compiled.logDensity(theta)).toBe(a.logDensity);
        }
        expect(compiled.replayStatus()).toMatchObject({ compiled: true });
        // Written out up to K = 8: no kernel call; the kernel above.
        expect(compiled.compiledSource()!.includes('R.forward')).toBe(k > 8);
      });
    }
  }

  it('is −∞ where the parameter is not finite, as the interpreter', () => {
    const { compiled, interpreted } = models(3, 'y');
    for (const bad of [Infinity, -Infinity, Number.NaN]) {
      const theta = Float64Array.of(0.1, bad, -0.3);
      expect(compiled.logDensityAndGradient(theta).logDensity).toBe(interpreted.logDensityAndGradient(theta).logDensity);
      expect(compiled.logDensity(theta)).toBe(-Infinity);
    }
  });
});
