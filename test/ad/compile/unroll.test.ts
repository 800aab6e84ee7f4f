import { describe, expect, it } from 'vitest';
import { loopStatements, sumsDeclared, unrollable } from '../../../src/ad/compile/unroll.js';
import { ExprBuilder, type ScalarExpr } from '../../../src/ad/scalar/expr.js';
import { exprKit } from '../../../src/ad/scalar/primitives.js';
import { settings } from '../../../src/ad/codegen/make-function.js';
import { compileSpec } from '../../../src/language/json/compile.js';

// Loops adding into running sums run two iterations per pass with a sum each
// (src/ad/compile/unroll.ts). The statements must run every element once, in order, and
// leave each sum its total; a compiled model must equal the interpreter for every size
// (even, odd, below the smallest unrolled).

/** Runs loop statements with `x` as data: returns the sums and the writes of out[j]. */
function run(lines: readonly string[], sums: readonly string[], x: Float64Array): { sums: number[]; out: number[]; order: number[] } {
  const body = `${sums.map((s) => `let ${s} = 0;`).join('\n')}\nconst out = []; const order = [];\n${lines.join('\n')}\nreturn { sums: [${sums.join(', ')}], out, order };`;
  // A test's own template, run to check the statements' semantics (the rule on generated
  // code concerns src/; this string holds only the test's literals).
  return new Function('x', body)(x) as { sums: number[]; out: number[]; order: number[] };
}

describe('loopStatements', () => {
  const body = ['const t0 = x[j] * x[j];', 's0 += t0;', 'q0 += x[j];', 'out[j] = -t0;', 'order.push(j);'];
  for (const size of [1, 3, 4, 5, 8, 9, 24]) {
    it(`runs every element once, in order, and sums them (size ${size})`, () => {
      const x = Float64Array.from({ length: size }, (_, i) => Math.sin(i + 1));
      const lines = loopStatements(size, body, ['s0', 'q0'], true);
      const result = run(lines, ['s0', 'q0'], x);
      expect(result.order).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(result.out).toEqual(Array.from(x, (v) => -v * v));
      const squares = Array.from(x, (v) => v * v).reduce((a, b) => a + b, 0);
      const total = Array.from(x).reduce((a, b) => a + b, 0);
      expect(result.sums[0]).toBeCloseTo(squares, 14);
      expect(result.sums[1]).toBeCloseTo(total, 14);
      expect(lines.some((l) => l.startsWith('for (let pair'))).toBe(size >= 4);
    });
  }

  it('keeps a sum the body reads in one chain (a running total)', () => {
    const running = ['s0 += x[j];', 'out[j] = s0;', 'order.push(j);'];
    const lines = loopStatements(6, running, ['s0'], true);
    expect(lines.join('\n')).not.toContain('s0u');
    const result = run(lines, ['s0'], Float64Array.of(1, 2, 3, 4, 5, 6));
    expect(result.out).toEqual([1, 3, 6, 10, 15, 21]);
  });

  it('leaves loops without sums, or not to be unrolled, as plain loops', () => {
    expect(loopStatements(100, ['out[j] = x[j];'], ['s0'], true)[0]).toBe('for (let j = 0; j < 100; j++) {');
    expect(loopStatements(100, ['s0 += x[j];'], ['s0'], false)[0]).toBe('for (let j = 0; j < 100; j++) {');
  });

  it('unrolls loops of few forward operations and at least 4 elements', () => {
    const e = exprKit(new ExprBuilder());
    const x = e.b.input(0);
    const short = e.mul(e.add(x, 1), x);
    let long: ScalarExpr = x;
    for (let k = 0; k < 30; k++) long = e.add(e.mul(long, x), k + 2);
    expect(unrollable(100, [short])).toBe(true);
    expect(unrollable(3, [short])).toBe(false);
    expect(unrollable(100, [long])).toBe(false);
  });

  it('finds the sums declared as `let NAME = 0;`', () => {
    expect(sumsDeclared(['let s0 = 0;', 'let q12 = 0;', 'let valid = true;', 'const t0 = 1;'])).toEqual(['s0', 'q12']);
  });
});

const close = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

describe.skipIf(settings().jitless)('compiled models with unrolled sums', () => {
  const spec = {
    data: { N: { type: 'int' }, y: { type: 'vector', size: 'N' }, s: { type: 'vector', size: 'N', lower: 0 } },
    parameters: { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, z: { type: 'vector', size: 'N' } },
    model: [
      { sample: 'z', distribution: 'normal', args: ['0', 's'] },
      { sample: 'y', distribution: 'normal', args: ['mu + tau * z', 's'] },
    ],
  };
  for (const N of [1, 2, 3, 4, 5, 8, 11]) {
    it(`equals the interpreter at random points (N = ${N})`, () => {
      const data = { N, y: Array.from({ length: N }, (_, i) => Math.cos(3 * i)), s: Array.from({ length: N }, (_, i) => 0.5 + (i % 3)) };
      const compiled = compileSpec(spec, data);
      const interpreted = compileSpec(spec, data, { compile: false });
      let state = 17 + N;
      const next = (): number => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return 4 * (state / 2147483648) - 2;
      };
      for (let k = 0; k < 20; k++) {
        const theta = Float64Array.from({ length: compiled.dim }, next);
        const a = compiled.logDensityAndGradient(theta);
        const b = interpreted.logDensityAndGradient(theta);
        expect(close(a.logDensity, b.logDensity), `${a.logDensity} vs ${b.logDensity}`).toBe(true);
        a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!), `gradient[${i}]: ${g} vs ${b.gradient[i]}`).toBe(true));
      }
      expect(compiled.replayStatus()).toMatchObject({ compiled: true });
      expect(compiled.compiledSource()!.includes('for (let pair')).toBe(N >= 4);
    });
  }
});
