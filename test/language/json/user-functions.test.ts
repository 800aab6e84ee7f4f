import { describe, expect, it } from 'vitest';
import { settings } from '../../../src/ad/codegen/make-function.js';
import { checkGrad } from '../../../src/ad/check.js';
import type { Value } from '../../../src/ad/trace.js';
import { DEFAULT_LIMITS } from '../../../src/models/api/limits.js';
import { LogDensityAccumulator } from '../../../src/models/api/target.js';
import { checkSpec } from '../../../src/language/json/check.js';
import { checked, compileSpec } from '../../../src/language/json/compile.js';
import { frameFor, type LoweredProgram } from '../../../src/language/json/program.js';
import { runAll } from '../../../src/language/json/statements.js';
import { makeRng } from '../../../src/random/rng.js';

// User-defined functions in JSON specs: each snippet's model against the same model
// written inline (log density and gradient at random points), checkGrad of the model block
// through the calls, recursion, densities with ~, _rng functions' draws, and the errors.

type Json = Record<string, any>;

const points = (dim: number, count: number, seed: number): Float64Array[] => {
  const rng = makeRng(seed, 0);
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => 3 * rng.uniform() - 1.5));
};

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** The model block as a function of the (constrained) parameters, for checkGrad. */
function modelBlock(program: LoweredProgram): (values: Record<string, Value>) => Value {
  return (values) => {
    const target = new LogDensityAccumulator();
    runAll(program.model, frameFor(program, values, { target }), target);
    return target.total;
  };
}

const fn = (args: [string, string, number?, boolean?][], returns: Json | string, body: Json[]): Json => ({
  args: args.map(([name, type, array, data]) => ({ name, type, ...(array === undefined ? {} : { array }), ...(data === undefined ? {} : { data }) })),
  returns,
  body,
});

const data = { N: 3, x: [0.5, -1.2, 2.0], A: [[2, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 3]], n: [2, 0, 5] };
const dataDeclarations = {
  N: { type: 'int' },
  x: { type: 'vector', size: 'N' },
  A: { type: 'matrix', rows: 'N', cols: 'N' },
  n: { type: 'int_array', size: 'N' },
};
const parameters = { mu: { type: 'real' }, sigma: { type: 'real', lower: 0 }, v: { type: 'vector', size: 'N' }, r: { type: 'real', array: ['N'] } };

interface Snippet {
  readonly name: string;
  readonly functions: Json;
  readonly model: Json[];
  readonly inline: Json[];
}

const snippets: Snippet[] = [
  {
    name: 'a scalar function',
    functions: { sq: fn([['t', 'real']], 'real', [{ return: 't * t' }]) },
    model: [{ target: '-0.5 * sq(mu) - sq(sigma)' }],
    inline: [{ target: '-0.5 * mu * mu - sigma * sigma' }],
  },
  {
    name: 'a vector built in a loop, with a local sized by an argument',
    functions: {
      scale: fn([['w', 'vector'], ['s', 'real']], 'vector', [
        { declare: 'out', type: 'vector', size: 'rows(w)' },
        { for: 'i', from: 1, to: 'rows(w)', body: [{ assign: 'out[i]', value: 'w[i] * s' }] },
        { return: 'out' },
      ]),
    },
    model: [{ sample: 'x', distribution: 'normal', args: ['scale(v, mu)', 'sigma'] }],
    inline: [{ sample: 'x', distribution: 'normal', args: ['v * mu', 'sigma'] }],
  },
  {
    name: 'a matrix argument declared data, and a row vector',
    functions: { quad: fn([['M', 'matrix', undefined, true], ['w', 'vector']], 'real', [{ declare: 'wt', type: 'row_vector', size: 'rows(w)', value: "w'" }, { return: 'wt * M * w' }]) },
    model: [{ target: '-0.5 * quad(A, v)' }],
    inline: [{ target: "-0.5 * v' * A * v" }],
  },
  {
    name: 'an array argument read with foreach',
    functions: { total: fn([['xs', 'real', 1]], 'real', [{ declare: 's', value: '0.0' }, { for: 'e', in: 'xs', body: [{ assign: 's', op: '+=', value: 'e' }] }, { return: 's' }]) },
    model: [{ sample: 'total(r)', distribution: 'normal', args: ['mu', '1'] }],
    inline: [{ sample: 'sum(r)', distribution: 'normal', args: ['mu', '1'] }],
  },
  {
    name: 'an array of vectors returned',
    functions: {
      pair: fn([['w', 'vector']], { type: 'vector', array: 1 }, [{ return: '{w, 2 * w}' }]),
      first_sum: fn([['ws', 'vector', 1]], 'real', [{ return: 'sum(ws[1]) + sum(ws[2])' }]),
    },
    model: [{ target: '-first_sum(pair(v)) ^ 2' }],
    inline: [{ target: '-(3 * sum(v)) ^ 2' }],
  },
  {
    name: 'a branch on a parameter (both sides taken across the points)',
    functions: { soft: fn([['t', 'real']], 'real', [{ if: 't > 0', then: [{ return: '-t' }], else: [{ return: '0.5 * t' }] }]) },
    model: [{ target: 'soft(mu) + soft(v[1]) + soft(v[2])' }, { sample: 'v', distribution: 'normal', args: ['0', '2'] }],
    inline: [{ target: '(mu > 0 ? -mu : 0.5 * mu) + (v[1] > 0 ? -v[1] : 0.5 * v[1]) + (v[2] > 0 ? -v[2] : 0.5 * v[2])' }, { sample: 'v', distribution: 'normal', args: ['0', '2'] }],
  },
  {
    name: 'a recursive sum over a parameter array',
    functions: { rsum: fn([['xs', 'real', 1], ['k', 'int']], 'real', [{ if: 'k == 0', then: [{ return: '0' }] }, { return: 'xs[k] + rsum(xs, k - 1)' }]) },
    model: [{ target: '-square(rsum(r, N) - mu)' }],
    inline: [{ target: '-square(sum(r) - mu)' }],
  },
  {
    name: 'a user density with ~, with target += f_lpdf(y | ...) and f_lupdf',
    functions: { my_normal_lpdf: fn([['y', 'vector'], ['m', 'real'], ['s', 'real']], 'real', [{ return: 'normal_lpdf(y | m, s)' }]) },
    model: [{ sample: 'x', distribution: 'my_normal', args: ['mu', 'sigma'] }, { target: 'my_normal_lpdf(v | 0, 1)' }, { target: 'my_normal_lupdf(x | v[1], 2)' }],
    inline: [{ sample: 'x', distribution: 'normal', args: ['mu', 'sigma'] }, { target: 'normal_lpdf(v | 0, 1)' }, { target: 'normal_lpdf(x | v[1], 2)' }],
  },
  {
    name: 'a user mass function with ~ on int data',
    functions: { my_poisson_lpmf: fn([['k', 'int', 1], ['lambda', 'real']], 'real', [{ return: 'poisson_lpmf(k | lambda)' }]) },
    model: [{ sample: 'n', distribution: 'my_poisson', args: ['sigma'] }],
    inline: [{ sample: 'n', distribution: 'poisson', args: ['sigma'] }],
  },
  {
    name: 'an _lp function: ~ and target += inside, called as a statement and in an expression',
    functions: {
      prior_lp: fn([['t', 'real'], ['s', 'real']], 'void', [{ sample: 't', distribution: 'normal', args: ['0', 's'] }, { return: null }]),
      shift_lp: fn([['t', 'real']], 'real', [{ target: '-t * t' }, { return: '2 * t' }]),
    },
    model: [{ call: 'prior_lp(mu, 3)' }, { target: 'shift_lp(sigma)' }],
    inline: [{ sample: 'mu', distribution: 'normal', args: ['0', '3'] }, { target: '-sigma * sigma' }, { target: '2 * sigma' }],
  },
  {
    name: 'functions calling functions, with a while loop and an early return',
    functions: {
      first_above: fn([['w', 'vector'], ['t', 'real']], 'int', [{ declare: 'i', value: '1' }, { while: 'i <= rows(w)', body: [{ if: 'w[i] > t', then: [{ return: 'i' }] }, { assign: 'i', op: '+=', value: '1' }] }, { return: '0' }]),
      pick: fn([['w', 'vector']], 'real', [{ declare: 'k', value: 'first_above(w, 0)' }, { return: 'k == 0 ? 0 : w[k]' }]),
    },
    model: [{ target: 'pick(x) * mu - mu * mu' }],
    inline: [{ target: '0.5 * mu - mu * mu' }],
  },
  {
    name: 'reduce_sum over a user _lpmf (one call over the whole array), with shared arguments',
    functions: {
      partial_lpmf: fn([['slice', 'int', 1], ['start', 'int'], ['end', 'int'], ['rates', 'real', 1]], 'real', [{ return: 'poisson_log_lpmf(slice | to_vector(rates[start:end]))' }]),
    },
    model: [{ target: 'reduce_sum(partial_lupmf, n, 1, r)' }, { target: 'reduce_sum_static(partial_lpmf, n, 2, r)' }, { sample: 'r', distribution: 'normal', args: ['0', '1'] }],
    inline: [{ target: '2 * poisson_log_lpmf(n | to_vector(r))' }, { sample: 'r', distribution: 'normal', args: ['0', '1'] }],
  },
  {
    name: 'overloads, picked by argument types (a user density among them, with ~)',
    functions: {
      total: [fn([['t', 'real']], 'real', [{ return: 't' }]), fn([['w', 'vector']], 'real', [{ return: 'sum(w)' }]), fn([['xs', 'real', 1]], 'real', [{ return: '-sum(xs)' }])],
      wide_lpdf: [fn([['y', 'real'], ['m', 'real']], 'real', [{ return: 'normal_lpdf(y | m, 3)' }]), fn([['y', 'vector'], ['m', 'real']], 'real', [{ return: 'normal_lpdf(y | m, 4)' }])],
    },
    model: [{ target: '-square(total(mu)) - square(total(v)) + total(r)' }, { sample: 'mu', distribution: 'wide', args: ['0'] }, { sample: 'x', distribution: 'wide', args: ['mu'] }],
    inline: [{ target: '-square(mu) - square(sum(v)) - sum(r)' }, { sample: 'mu', distribution: 'normal', args: ['0', '3'] }, { sample: 'x', distribution: 'normal', args: ['mu', '4'] }],
  },
];

const cdfs = (family: string, outcome: string, args: [string, string][]): Json => {
  const names = args.map(([name]) => name).join(', ');
  const density = family === 'poisson' ? 'lpmf' : 'lpdf';
  return {
    [`my_${family}_${density}`]: fn([['y', outcome], ...args], 'real', [{ return: `${family}_${density}(y | ${names})` }]),
    [`my_${family}_lcdf`]: fn([['y', outcome], ...args], 'real', [{ return: `${family}_lcdf(y | ${names})` }]),
    [`my_${family}_lccdf`]: fn([['y', outcome], ...args], 'real', [{ return: `${family}_lccdf(y | ${names})` }]),
  };
};
const loop = (over: string, distribution: string, args: string[], truncate: Json): Json => ({ for: 'i', from: 1, to: 3, body: [{ sample: `${over}[i]`, distribution, args, truncate }] });
const normalCdfs = cdfs('normal', 'real', [['m', 'real'], ['s', 'real']]);
const poissonCdfs = cdfs('poisson', 'int', [['lambda', 'real']]);
for (const [bounds, truncate] of [
  ['T[L, U]', { lower: -2, upper: 'mu + 5' }],
  ['T[L, ]', { lower: -1.5 }],
  ['T[, U]', { upper: 2.5 }],
] as const) {
  snippets.push({
    name: `a truncated user density with its user CDFs, ${bounds}`,
    functions: normalCdfs,
    model: [loop('x', 'my_normal', ['mu', 'sigma'], truncate)],
    inline: [loop('x', 'normal', ['mu', 'sigma'], truncate)],
  });
}
for (const [bounds, truncate] of [
  ['T[L, U]', { lower: 2, upper: 6 }],
  ['T[L, ]', { lower: 2 }],
  ['T[, U]', { upper: 7 }],
] as const) {
  snippets.push({
    name: `a truncated user mass function with its user CDFs (P(Y ≥ L) counts L), ${bounds}`,
    functions: poissonCdfs,
    model: [{ for: 'i', from: 1, to: 3, body: [{ sample: '{2, 3, 5}[i]', distribution: 'my_poisson', args: ['sigma'], truncate }] }],
    inline: [{ for: 'i', from: 1, to: 3, body: [{ sample: '{2, 3, 5}[i]', distribution: 'poisson', args: ['sigma'], truncate }] }],
  });
}

const specOf = (functions: Json, model: Json[]): Json => ({ functions, data: dataDeclarations, parameters, model });

describe('user-defined functions against the same model written inline', () => {
  it.each(snippets)('$name', ({ functions, model, inline }) => {
    const [withFunctions, written] = [compileSpec(specOf(functions, model), data), compileSpec(specOf({}, inline), data)];
    expect(withFunctions.dim).toBe(written.dim);
    // Twice over the same points: the second pass runs the recorded (replayed) evaluation.
    for (const pass of [0, 1]) {
      for (const theta of points(withFunctions.dim, 6, 11)) {
        const [a, b] = [withFunctions.logDensityAndGradient(theta), written.logDensityAndGradient(theta)];
        expect(relative(a.logDensity, b.logDensity), `log density, pass ${pass}`).toBeLessThan(1e-12);
        a.gradient.forEach((g, i) => expect(relative(g, b.gradient[i]!), `gradient[${i}], pass ${pass}`).toBeLessThan(1e-12));
      }
    }
  });

  it.each(snippets)('checkGrad through the calls: $name', ({ functions, model }) => {
    const spec = specOf(functions, model);
    const program = checked(spec, data, DEFAULT_LIMITS) as LoweredProgram;
    const instance = compileSpec(spec, data);
    for (const theta of points(instance.dim, 2, 5)) {
      const values = instance.constrain(theta) as Record<string, Value>;
      expect(checkGrad(modelBlock(program), values, { order: 2 })).toBeLessThan(1e-6);
    }
  });
});

describe('truncated user densities', () => {
  it('a value outside the bounds makes the point impossible, as with a built-in density', () => {
    const truncate = { lower: 'mu - 0.5', upper: 'mu + 0.5' };
    const [user, builtIn] = [compileSpec(specOf(normalCdfs, [loop('x', 'my_normal', ['mu', 'sigma'], truncate)]), data), compileSpec(specOf({}, [loop('x', 'normal', ['mu', 'sigma'], truncate)]), data)];
    const theta = new Float64Array(user.dim);
    expect(user.logDensity(theta)).toBe(-Infinity);
    expect(builtIn.logDensity(theta)).toBe(-Infinity);
  });
});

describe('recursion', () => {
  const fact = fn([['k', 'int']], 'int', [{ if: 'k <= 1', then: [{ return: '1' }] }, { return: 'k * fact(k - 1)' }]);

  it('computes a factorial and a recursive sum in transformed data', () => {
    const spec = {
      functions: { fact, rsum: fn([['xs', 'vector'], ['k', 'int']], 'real', [{ if: 'k == 0', then: [{ return: '0' }] }, { return: 'xs[k] + rsum(xs, k - 1)' }]) },
      data: dataDeclarations,
      transformed_data: [{ declare: 'f10', type: 'int', value: 'fact(10)' }, { declare: 's', type: 'real', value: 'rsum(x, N)' }, { declare: 'deep', type: 'int', value: 'fact(N + 90)  > 0' }],
      parameters: { mu: { type: 'real' } },
      model: [{ target: '-square(mu - s) + f10 * 0' }],
      generated_quantities: { f10_out: { type: 'int', value: 'f10' }, s_out: { type: 'real', value: 's' } },
    };
    const model = compileSpec(spec, data);
    const out = model.outputs(Float64Array.of(0.1), makeRng(1, 0));
    expect(out[1]).toBe(3628800);
    expect(out[2]).toBeCloseTo(0.5 - 1.2 + 2.0, 14);
  });

  it('runs a mutual recursion (each body calls the other function)', () => {
    const spec = {
      functions: {
        is_even: fn([['k', 'int']], 'int', [{ if: 'k == 0', then: [{ return: '1' }] }, { return: 'is_odd(k - 1)' }]),
        is_odd: fn([['k', 'int']], 'int', [{ if: 'k == 0', then: [{ return: '0' }] }, { return: 'is_even(k - 1)' }]),
      },
      parameters: { mu: { type: 'real' } },
      model: [{ target: '-mu^2' }],
      generated_quantities: { even: { type: 'int', array: [4], value: '{is_even(0), is_even(7), is_even(10), is_odd(9)}' } },
    };
    expect(Array.from(compileSpec(spec, {}).outputs(Float64Array.of(0), makeRng(1, 0))).slice(1)).toEqual([1, 0, 1, 1]);
  });

  it('stops a recursion at the depth limit with the function named, never a stack overflow', () => {
    const base = { functions: { fact }, parameters: { mu: { type: 'real' } }, model: [{ target: '-mu^2' }] };
    expect(checkSpec({ ...base, transformed_data: { f: { type: 'real', value: 'fact(100)' } } }, {})).toMatchObject({ ok: true });
    expect(checkSpec({ ...base, transformed_data: { f: { type: 'int', value: 'fact(101)' } } }, {}, { limits: { maxDepth: 50 } })).toEqual({
      ok: false,
      issues: [
        {
          path: ['transformed_data', 'f', 'value'],
          message:
            "functions.fact: calls of user-defined functions nest 51 deep here, above the limit of 50 (a recursion that does not end?); raise it with --limits depth=N (the option limits.maxDepth in code), in \"fact(101)\", at column 1 ('fact(101)')",
        },
      ],
    });
  });
});

describe('_rng functions in generated quantities', () => {
  // An exponential draw by inversion, -log(U) / rate: mean 1/rate, variance 1/rate².
  const spec = {
    functions: { my_exponential_rng: fn([['rate', 'real']], 'real', [{ return: '-log(uniform_rng(0, 1)) / rate' }]) },
    parameters: { rate: { type: 'real', lower: 0 } },
    model: [{ sample: 'rate', distribution: 'gamma', args: ['2', '2'] }],
    generated_quantities: { draw: { type: 'real', value: 'my_exponential_rng(rate)' } },
  };

  it('are reproducible with a seed and have the right mean and variance (4 Monte Carlo standard errors, seeds 1 to 5)', () => {
    const model = compileSpec(spec, {});
    const theta = Float64Array.of(Math.log(2));
    expect(Array.from(model.outputs(theta, makeRng(3, 1)))).toEqual(Array.from(model.outputs(theta, makeRng(3, 1))));
    const draws = 4000;
    for (let seed = 1; seed <= 5; seed++) {
      const rng = makeRng(seed, 0);
      const xs = Array.from({ length: draws }, () => model.outputs(theta, rng)[1]!);
      const mean = xs.reduce((a, b) => a + b, 0) / draws;
      const variance = xs.reduce((a, b) => a + (b - 0.5) ** 2, 0) / draws;
      // Exponential(2): sd of the mean 0.5/√n; of the second central moment √(μ4 − σ⁴)/√n = √(9/16 − 1/16)/√n.
      expect(Math.abs(mean - 0.5), `mean, seed ${seed}`).toBeLessThan((4 * 0.5) / Math.sqrt(draws));
      expect(Math.abs(variance - 0.25), `variance, seed ${seed}`).toBeLessThan((4 * Math.sqrt(0.5)) / Math.sqrt(draws));
    }
  });
});

describe('calls on the tape', () => {
  it('a model whose functions branch on data only is replayed; a branch on a parameter is re-traced, as in the model block', () => {
    const model = compileSpec(specOf(snippets[1]!.functions, snippets[1]!.model), data);
    const branching = compileSpec(specOf(snippets[5]!.functions, snippets[5]!.model), data);
    const inlineBranching = compileSpec(specOf({}, snippets[5]!.inline), data);
    for (const theta of points(model.dim, 3, 2)) {
      model.logDensityAndGradient(theta);
      branching.logDensityAndGradient(theta);
      inlineBranching.logDensityAndGradient(theta);
    }
    expect(model.replayStatus()).toMatchObject({ replayed: true, reason: settings().jitless ? 'code generation is off (jitless) or unavailable' : null });
    expect(branching.replayStatus()).toMatchObject({ replayed: false, reason: 'a traced value was read (primal)' });
    expect(branching.replayStatus()).toEqual(inlineBranching.replayStatus());
  });
});

describe('print, reject and draws inside functions', () => {
  const noisy = fn([['t', 'real']], 'real', [{ print: [{ text: 't = ' }, 't'] }, { if: 't > 1', then: [{ reject: [{ text: 'too large: ' }, 't'] }] }, { return: '-t * t' }]);
  const spec = { functions: { noisy }, parameters: { mu: { type: 'real' } }, model: [{ target: 'noisy(mu)' }] };

  it('print writes at every evaluation, and reject makes the point impossible (log density −∞)', () => {
    const lines: string[] = [];
    const model = compileSpec(spec, {}, { print: (line) => lines.push(line) });
    lines.length = 0;
    expect(model.logDensity(Float64Array.of(0.5))).toBe(-0.25);
    expect(model.logDensity(Float64Array.of(0.25))).toBe(-0.0625);
    expect(lines).toEqual(['t = 0.5', 't = 0.25']);
    expect(model.logDensity(Float64Array.of(2))).toBe(-Infinity);
  });

  it('a function that prints (itself or through a callee) is called at every use, never computed ahead', () => {
    const lines: string[] = [];
    const say = fn([['t', 'real']], 'real', [{ print: [{ text: 'say ' }, 't'] }, { return: 't' }]);
    const relay = fn([['t', 'real']], 'real', [{ return: 'say(t)' }]);
    const loud = {
      functions: { say, relay },
      parameters: { mu: { type: 'real' } },
      model: [{ for: 'i', from: 1, to: 2, body: [{ target: '-square(mu - relay(1.0)) - 0 * say(mu)' }] }],
    };
    const model = compileSpec(loud, {}, { print: (line) => lines.push(line) });
    lines.length = 0;
    model.logDensity(Float64Array.of(0.5));
    expect(lines).toEqual(['say 1', 'say 0.5', 'say 1', 'say 0.5']);
  });

  it('an _rng function in transformed data draws from the seed option: the same seed, the same draw', () => {
    const drawing = {
      functions: { unit_rng: fn([], 'real', [{ return: 'uniform_rng(0, 1)' }]) },
      transformed_data: { u: { type: 'real', value: 'unit_rng()' } },
      parameters: { mu: { type: 'real' } },
      model: [{ target: '-square(mu - u)' }],
      generated_quantities: { u_out: { type: 'real', value: 'u' } },
    };
    const draw = (seed: number): number => compileSpec(drawing, {}, { seed }).outputs(Float64Array.of(0), makeRng(1, 0))[1]!;
    expect(draw(4)).toBe(draw(4));
    expect(draw(4)).not.toBe(draw(5));
    expect(draw(4)).toBeGreaterThan(0);
    expect(draw(4)).toBeLessThan(1);
  });
});

describe('data arguments', () => {
  it('take data, range-loop indices, and data arguments passed on; and everything in generated quantities', () => {
    const inner = fn([['d', 'real', undefined, true], ['t', 'real']], 'real', [{ return: 'd * t' }]);
    const outer = fn([['d', 'vector', undefined, true], ['t', 'real']], 'real', [{ return: 'inner(d[1] + 1, t)' }]);
    const spec = {
      functions: { inner, outer },
      data: dataDeclarations,
      parameters: { mu: { type: 'real' } },
      model: [{ for: 'i', from: 1, to: 'N', body: [{ target: '-square(inner(i * x[i], mu))' }] }, { target: 'outer(x, mu)' }],
      generated_quantities: { g: { type: 'real', value: 'inner(mu, mu)' } },
    };
    const model = compileSpec(spec, data);
    const mu = 0.3;
    const expected = -[1, 2, 3].reduce((s, i) => s + (i * data.x[i - 1]! * mu) ** 2, 0) + (data.x[0]! + 1) * mu;
    expect(relative(model.logDensity(Float64Array.of(mu)), expected)).toBeLessThan(1e-14);
    expect(model.outputs(Float64Array.of(mu), makeRng(1, 0))[1]).toBeCloseTo(mu * mu, 15);
  });
});
