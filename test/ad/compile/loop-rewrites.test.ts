import { describe, expect, it } from 'vitest';
import { ExprBuilder } from '../../../src/ad/scalar/expr.js';
import { exprKit } from '../../../src/ad/scalar/primitives.js';
import { nonFiniteFollows } from '../../../src/ad/compile/finite-checks.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { settings } from '../../../src/ad/codegen/make-function.js';

// The compiled gradient's loop rewrites (src/ad/compile/finite-checks.ts, products.ts): the
// finiteness checks a loop's sum proves run only when that sum is not finite, signs move
// outward and data factors of products are gathered. The compiled model must give the
// interpreter's value and gradient (to 1e-12 relative) at random points, and −∞ exactly
// where a checked argument is not finite.

describe('nonFiniteFollows', () => {
  const e = exprKit(new ExprBuilder());
  const x = e.b.input(0);
  const c = e.b.input(1);
  it('follows sums, products, quotients by it, negation, log and sqrt', () => {
    expect(nonFiniteFollows(e.mul(e.mul(e.sub(x, 2), c), e.mul(e.sub(x, 2), c)), x)).toBe(true);
    expect(nonFiniteFollows(e.add(e.log(e.sqrt(e.neg(x))), c), x)).toBe(true);
    expect(nonFiniteFollows(e.div(x, c), x)).toBe(true);
  });
  it('does not follow where ∞ can map to a finite number', () => {
    expect(nonFiniteFollows(e.exp(e.neg(x)), x)).toBe(false);
    expect(nonFiniteFollows(e.div(c, x), x)).toBe(false);
    expect(nonFiniteFollows(c, x)).toBe(false);
  });
});

const spec = {
  data: { N: { type: 'int' }, y: { type: 'vector', size: 'N' }, s: { type: 'vector', size: 'N', lower: 0 } },
  parameters: { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, z: { type: 'vector', size: 'N' } },
  model: [
    { sample: 'z', distribution: 'normal', args: ['0', 's'] },
    { sample: 'y', distribution: 'normal', args: ['mu + tau * z', 's'] },
    { sample: 'z', distribution: 'normal', args: ['mu', 'tau'] },
  ],
};
const data = { N: 5, y: [1.5, -2, 0.25, 3, -0.5], s: [0.5, 1, 2, 0.1, 3] };

function points(seed: number, count: number, dim: number): Float64Array[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => 4 * next() - 2));
}

const close = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

describe.skipIf(settings().jitless)('compiled loops with deferred checks and gathered data factors', () => {
  const compiled = compileSpec(spec, data);
  const interpreted = compileSpec(spec, data, { compile: false });
  const dim = compiled.dim;

  it('equals the interpreter at random points, value and gradient', () => {
    for (const theta of points(7, 25, dim)) {
      const a = compiled.logDensityAndGradient(theta);
      const b = interpreted.logDensityAndGradient(theta);
      expect(close(a.logDensity, b.logDensity), `${a.logDensity} vs ${b.logDensity}`).toBe(true);
      a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!), `gradient[${i}]: ${g} vs ${b.gradient[i]}`).toBe(true));
    }
    expect(compiled.replayStatus()).toMatchObject({ compiled: true });
    const source = compiled.compiledSource()!;
    // The checks run after the loop, only where its sum is not finite.
    expect(source).toMatch(/if \(!Number\.isFinite\(s\d+\)\)/);
  });

  it('is −∞ where a checked argument is not finite, as the interpreter', () => {
    for (const bad of [Infinity, -Infinity, NaN]) {
      for (const at of [0, 2, dim - 1]) {
        const theta = Float64Array.from({ length: dim }, (_, i) => 0.1 * (i + 1));
        theta[at] = bad;
        const a = compiled.logDensity(theta);
        const b = interpreted.logDensity(theta);
        expect(a).toBe(b);
        const g = compiled.logDensityAndGradient(theta);
        expect(g.logDensity).toBe(interpreted.logDensityAndGradient(theta).logDensity);
      }
    }
  });
});
