import { describe, expect, it } from 'vitest';
import { add, cholesky, customGradient, mul, neg, reshape, stack, sum, tensor, type Value } from '../../../src/ad/index.js';
import { Box, LimitError } from '../../../src/ad/trace.js';
import { defineModel, real, vector } from '../../../src/models/api/index.js';
import type { ModelInstance } from '../../../src/models/api/compile.js';
import { normal } from '../../../src/models/distributions/index.js';

// Issue 12, item 1: four ways a replayed tape disagreed with re-running the model's code.
// Each case is run replayed and define-by-run, and both must give the code's answer.

type Compile = (options: { replay: boolean }) => ModelInstance;

/** Value and gradient at each point, replayed and re-run, against the exact `expected`. */
function expectBothPaths(compile: Compile, points: readonly number[][], expected: (theta: number[]) => { logDensity: number; gradient: number[] }): void {
  for (const replay of [true, false]) {
    const model = compile({ replay });
    for (const point of points) {
      const got = model.logDensityAndGradient(Float64Array.from(point));
      const want = expected(point);
      expect(got.logDensity, `replay ${replay} at ${point}`).toBeCloseTo(want.logDensity, 12);
      expect(Array.from(got.gradient), `replay ${replay} at ${point}`).toEqual(want.gradient.map((g) => expect.closeTo(g, 12) as unknown as number));
    }
  }
}

describe('customGradient under replay', () => {
  // log p(x) = -x²/2 through a custom op whose vjp is g · (-x): the gradient at x is -x.
  const halfSquare = customGradient({
    name: 'negHalfSquare',
    forward: (x) => -0.5 * (x as number) * (x as number),
    vjp: (g, { args }) => [mul(g, neg(args[0]!))],
  });
  const model = defineModel({
    name: 'custom',
    parameters: { x: real() },
    model: (p, _d, target) => target.add(halfSquare(p.x)),
  });

  it('gives each point its own gradient (a cache keyed on the tape node returned the first one)', () => {
    expectBothPaths((o) => model.compile({}, o), [[0.5], [-2], [3], [-2]], ([x]) => ({ logDensity: -0.5 * x! * x!, gradient: [-x!] }));
    const replayed = model.compile({});
    replayed.logDensityAndGradient(Float64Array.of(0.5));
    expect(replayed.replayStatus()?.replayed).toBe(true);
  });
});

describe('traced values are private to the AD core', () => {
  it('a Box has no public field holding its value: code reads it only through accessors that mark a recording', () => {
    let seen: Box | undefined;
    const model = defineModel({
      name: 'peek_inner',
      parameters: { x: real() },
      model: (p, _d, target) => {
        seen = p.x as Box;
        target.sample(p.x, normal(0, 1));
      },
    }).compile({});
    model.logDensityAndGradient(Float64Array.of(0.3));
    expect(seen).toBeInstanceOf(Box);
    expect(Object.keys(seen!)).not.toContain('inner');
    expect((seen as unknown as { inner?: unknown }).inner).toBeUndefined();
  });

  it('a model that branches on a value read through Box.value is re-run, with the code’s answer at each point', () => {
    const compile: Compile = (o) =>
      defineModel({
        name: 'branch_on_value',
        parameters: { x: real() },
        model: (p, _d, target) => {
          const x = p.x as Box;
          // Different densities on each side of 0: a replay of one side would be wrong on the other.
          target.add((x.value as number) > 0 ? mul(-1, mul(p.x, p.x)) : mul(-0.5, mul(p.x, p.x)));
        },
      }).compile({}, o);
    expectBothPaths(compile, [[1], [-1], [2], [-3]], ([x]) => (x! > 0 ? { logDensity: -x! * x!, gradient: [-2 * x!] } : { logDensity: -0.5 * x! * x!, gradient: [-x!] }));
    const model = compile({ replay: true });
    model.logDensityAndGradient(Float64Array.of(1));
    expect(model.replayStatus()).toMatchObject({ replayed: false, reason: expect.stringMatching(/Box\.value/) as unknown as string });
  });
});

describe('an op that throws: replay falls back to the model code', () => {
  // A 2×2 matrix [[1, r], [r, 1]] is positive definite only for |r| < 1. The code catches
  // the failed factorisation and adds a penalty instead.
  const compile: Compile = (o) =>
    defineModel({
      name: 'try_cholesky',
      parameters: { r: real() },
      model: (p, _d, target) => {
        const m = reshape(stack([1, p.r, p.r, 1]), [2, 2]);
        try {
          const l = cholesky(m);
          target.add(sum(l as Value));
        } catch {
          target.add(mul(-1, mul(p.r, p.r)));
        }
      },
    }).compile({}, o);
  // sum(L) for L = [[1, 0], [r, sqrt(1 - r²)]]: 1 + r + sqrt(1 - r²).
  const expected = ([r]: number[]) =>
    Math.abs(r!) < 1
      ? { logDensity: 1 + r! + Math.sqrt(1 - r! * r!), gradient: [1 - r! / Math.sqrt(1 - r! * r!)] }
      : { logDensity: -r! * r!, gradient: [-2 * r!] };

  it('recorded where the factorisation succeeds, evaluated where it fails (and back)', () => {
    expectBothPaths(compile, [[0.5], [2], [-0.3], [-1.5]], expected);
  });

  it('recorded where the factorisation fails: never replayed, since the code caught an error', () => {
    expectBothPaths(compile, [[2], [0.5], [-1.5], [0.2]], expected);
    const model = compile({ replay: true });
    model.logDensityAndGradient(Float64Array.of(2));
    expect(model.replayStatus()).toMatchObject({ replayed: false, reason: expect.stringMatching(/threw/) as unknown as string });
  });
});

describe('data belong to the compiled model', () => {
  const model = defineModel({
    name: 'known_scale',
    data: { y: vector(3), s: vector(3, { lower: 0 }) },
    parameters: { mu: real() },
    model: (p, d, target) => target.sample(d.y, normal(p.mu, d.s)),
  });
  const data = { y: [0.5, -1.2, 2.0], s: [1, 2, 3] };

  it('changing model.data or the caller’s arrays after compile changes nothing, replayed or not', () => {
    for (const replay of [true, false]) {
      const input = { y: Float64Array.from(data.y), s: tensor(data.s) };
      const compiled = model.compile(input, { replay });
      const before = compiled.logDensityAndGradient(Float64Array.of(0.3));
      (compiled.data.s as { data: Float64Array }).data[0] = 100;
      (compiled.data.y as { data: Float64Array }).data[0] = 100;
      input.s.data[1] = 50;
      input.y[1] = 50;
      expect(compiled.logDensityAndGradient(Float64Array.of(0.3))).toEqual(before);
      expect(compiled.data.s).toEqual(tensor(data.s));
    }
  });
});

describe('a bound on the operations of one evaluation', () => {
  const looping = defineModel({
    name: 'scalar_loop',
    parameters: { x: real() },
    model: (p, _d, target) => {
      let total: Value = 0;
      for (let i = 0; i < 5000; i++) total = add(total, mul(-1e-4, mul(p.x, p.x)));
      target.add(total);
    },
  });

  it('stops a tape longer than maxOperations with an error that says so (not a rejection, not −∞)', () => {
    const model = looping.compile({}, { maxOperations: 1000 });
    expect(() => model.logDensityAndGradient(Float64Array.of(0.1))).toThrow(LimitError);
    expect(() => model.logDensityAndGradient(Float64Array.of(0.1))).toThrow(/more than 1000 operations/);
  });

  it('lets the same model run under the default bound', () => {
    expect(looping.compile({}).logDensityAndGradient(Float64Array.of(1)).logDensity).toBeCloseTo(-0.5, 12);
  });
});
