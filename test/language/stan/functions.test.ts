import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../src/random/rng.js';
import { StanModelError, StanSyntaxError, compileStan, specToStan, stanToSpec } from '../../../src/language/stan/index.js';

// Stan programs with user-defined functions, run as they are: each against the same program
// with the function written inline (log density, gradient, generated quantities), the
// functions block through the JSON spec and back, and the errors at their line and column.

const program = (name: string): string => readFileSync(fileURLToPath(new URL(`./programs/${name}`, import.meta.url)), 'utf8');

const points = (dim: number, count: number, seed: number): Float64Array[] => {
  const rng = makeRng(seed, 0);
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => 2 * rng.uniform() - 1));
};
const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** Two programs have the same log density and gradient at random points (1e-12), and the same generated quantities for one seed. */
function expectSamePrograms(withFunctions: string, inline: string, data: unknown): void {
  const [a, b] = [compileStan(withFunctions, data), compileStan(inline, data)];
  expect(a.dim).toBe(b.dim);
  for (const theta of points(a.dim, 4, 13)) {
    const [x, y] = [a.logDensityAndGradient(theta), b.logDensityAndGradient(theta)];
    expect(relative(x.logDensity, y.logDensity)).toBeLessThan(1e-12);
    x.gradient.forEach((g, i) => expect(relative(g, y.gradient[i]!), `gradient[${i}]`).toBeLessThan(1e-12));
    expect(Array.from(a.outputs(theta, makeRng(4, 2)))).toEqual(Array.from(b.outputs(theta, makeRng(4, 2))));
  }
}

const series = [0.3, -0.4, 1.9, 2.2, 2.0, -0.1, 0.2, 2.4];

describe('user-defined functions in Stan programs', () => {
  it('a density called with ~ (the pre-2.33 mixture) equals its body written in the model block', () => {
    const source = program('normal_mixture_pre_2_33.stan');
    const inline = source
      .replace(/functions \{[\s\S]*?\n\}\n/, '')
      .replace('    y[n] ~ mixture(log_w, mu, sigma);', '  {\n    vector[K] lp;\n    for (k in 1:K) lp[k] = log_w[k] + normal_lpdf(y[n] | mu[k], sigma[k]);\n    target += log_sum_exp(lp);\n  }');
    expect(inline).not.toContain('mixture(');
    expectSamePrograms(source, inline, { K: 2, N: series.length, y: series, prior_scale: 2 });
  });

  it('the HMM forward algorithm as a _lpdf, gcd recursively with a forward declaration, and a while loop in generated quantities', () => {
    const source = program('hmm_forward.stan');
    const inline = source.replace(
      '  y ~ hmm_forward(log_Gamma, log(rho), mu, sigma);',
      [
        '  {',
        '    vector[K] alpha;',
        '    vector[K] next_alpha;',
        '    for (k in 1:K) alpha[k] = log(rho[k]) + normal_lpdf(y[1] | mu[k], sigma[k]);',
        '    for (t in 2:N) {',
        '      for (k in 1:K) next_alpha[k] = log_sum_exp(alpha + col(log_Gamma, k)) + normal_lpdf(y[t] | mu[k], sigma[k]);',
        '      alpha = next_alpha;',
        '    }',
        '    target += log_sum_exp(alpha);',
        '  }',
      ].join('\n'),
    );
    expectSamePrograms(source, inline, { N: series.length, K: 2, y: series });
    const model = compileStan(source, { N: series.length, K: 2, y: series });
    const path = Array.from(model.outputs(points(model.dim, 1, 3)[0]!, makeRng(1, 0))).slice(-series.length);
    for (const state of path) expect([1, 2]).toContain(state);
  });

  it('a _rng function in generated quantities: the GP predictive draws have the predictive mean (4 Monte Carlo standard errors per input)', () => {
    // The predictive mean and variance of f at x_new written inline (Rasmussen and Williams 2006, eq. 2.25-2.26), beside the draws of gp_pred_rng.
    // (y_new is left out: Stan's vectorised normal_rng gives an array, leapfrog's a vector, which the checker refuses to assign to array[M] real.)
    const source = program('gp_regression.stan').replace(
      '  array[M] real y_new = normal_rng(f_new, sigma);',
      [
        '  vector[M] f_mean;',
        '  vector[M] f_var;',
        '  {',
        '    matrix[N, N] K = gp_exp_quad_cov(x, alpha, rho) + diag_matrix(rep_vector(square(sigma), N));',
        '    matrix[N, M] K_cross = gp_exp_quad_cov(x, x_new, alpha, rho);',
        '    f_mean = K_cross\' * (K \\ y);',
        '    f_var = diagonal(gp_exp_quad_cov(x_new, alpha, rho) - K_cross\' * (K \\ K_cross));',
        '  }',
      ].join('\n'),
    );
    const data = { N: 5, x: [-2, -1, 0, 1, 2], y: [0.1, 0.9, 0.2, -0.8, -0.1], M: 2, x_new: [-0.5, 1.5] };
    const model = compileStan(source, data);
    const theta = Float64Array.of(0, 0, Math.log(0.3));
    const draws = 2000;
    const rng = makeRng(8, 0);
    const sums: [number, number] = [0, 0];
    let first: Float64Array | undefined;
    for (let k = 0; k < draws; k++) {
      const out = model.outputs(theta, rng);
      first ??= out;
      sums[0] += out[3]!;
      sums[1] += out[4]!;
    }
    const names = model.outputNames;
    const at = (name: string): number => first![names.indexOf(name)]!;
    for (const [k, name] of [[0, 'f_new[1]'], [1, 'f_new[2]']] as const) {
      expect(names.indexOf(name)).toBe(3 + k);
      const [mean, variance] = [at(`f_mean[${k + 1}]`), at(`f_var[${k + 1}]`)];
      expect(Math.abs(sums[k]! / draws - mean), name).toBeLessThan(4 * Math.sqrt(variance / draws));
    }
  });

  it("reduce_sum over a partial sum (Stan's users guide, 'Reduce-sum'), against the likelihood in one statement", () => {
    const model = (likelihood: string): string =>
      'functions {\n  real partial_sum_lpmf(array[] int slice, int start, int end, vector x, real alpha, real beta) {\n    return bernoulli_logit_lupmf(slice | alpha + beta * x[start:end]);\n  }\n}\n' +
      `data {\n  int N;\n  array[N] int y;\n  vector[N] x;\n}\nparameters {\n  real alpha;\n  real beta;\n}\nmodel {\n  alpha ~ normal(0, 2);\n  beta ~ normal(0, 2);\n  ${likelihood}\n}\n`;
    const data = { N: 8, y: [0, 1, 1, 0, 1, 1, 0, 1], x: [-1.2, 0.4, 1.1, -0.3, 0.8, 2.0, -2.1, 0.2] };
    expectSamePrograms(model('target += reduce_sum(partial_sum_lupmf, y, 1, x, alpha, beta);'), model('y ~ bernoulli_logit(alpha + beta * x);'), data);
  });

  it('overloads: each call runs the definition its argument types pick (the fewest promotions)', () => {
    const source =
      'functions {\n  real twice(real x) {\n    return 2 * x;\n  }\n  vector twice(vector x) {\n    return 2 * x;\n  }\n  real twice(int n) {\n    return 2.5 * n;\n  }\n}\n' +
      'parameters {\n  real mu;\n  vector[2] v;\n}\nmodel {\n  target += -square(twice(mu)) - dot_self(twice(v)) + twice(2);\n}\n';
    const inline = 'parameters {\n  real mu;\n  vector[2] v;\n}\nmodel {\n  target += -square(2 * mu) - dot_self(2 * v) + 5;\n}\n';
    expectSamePrograms(source, inline, {});
    expect(problem(source.replace('twice(2);', 'sum(twice(rep_matrix(1, 2, 2)));'), {})).toEqual([17, 59, "no definition of 'twice' takes (matrix); its definitions are twice(real x), twice(vector x), twice(int n)"]);
  });

  it('a truncated user density uses the user CDFs, as Stan', () => {
    const program = (distribution: string): string =>
      'functions {\n  real my_normal_lpdf(real y, real m, real s) {\n    return normal_lpdf(y | m, s);\n  }\n  real my_normal_lcdf(real y, real m, real s) {\n    return normal_lcdf(y | m, s);\n  }\n  real my_normal_lccdf(real y, real m, real s) {\n    return normal_lccdf(y | m, s);\n  }\n}\n' +
      `data {\n  int N;\n  array[N] real y;\n}\nparameters {\n  real mu;\n  real<lower=0> sigma;\n}\nmodel {\n  for (n in 1:N) {\n    y[n] ~ ${distribution}(mu, sigma) T[0, ];\n    y[n] ~ ${distribution}(mu, sigma) T[, 10];\n    y[n] ~ ${distribution}(mu, sigma) T[-1, 9];\n  }\n}\n`;
    expectSamePrograms(program('my_normal'), program('normal'), { N: 4, y: [0.2, 1.5, 3.1, 0.7] });
  });

  it('a void function, an _lp function and return in a void function', () => {
    const source =
      'functions {\n  void check_positive(real x) {\n    if (x <= 0) reject("not positive: ", x);\n    return;\n  }\n  void prior_lp(real m) {\n    m ~ normal(0, 2);\n  }\n}\n' +
      'data {\n  real s;\n}\ntransformed data {\n  check_positive(s);\n}\nparameters {\n  real mu;\n}\nmodel {\n  prior_lp(mu);\n  target += -s * mu;\n}\n';
    const inline = 'data {\n  real s;\n}\nparameters {\n  real mu;\n}\nmodel {\n  mu ~ normal(0, 2);\n  target += -s * mu;\n}\n';
    expectSamePrograms(source, inline, { s: 1.5 });
    expect(() => compileStan(source, { s: -1 })).toThrow(/not positive: -1/);
  });
});

describe('the functions block through the JSON spec', () => {
  it('lowers each definition to the spec (forward declarations dropped) and writes it back', () => {
    const spec = stanToSpec(program('hmm_forward.stan')) as { functions: Record<string, unknown> };
    expect(Object.keys(spec.functions)).toEqual(['hmm_forward_lpdf', 'gcd', 'first_argmax']);
    expect(spec.functions['gcd']).toEqual({
      args: [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ],
      returns: 'int',
      body: [{ if: 'b == 0', then: [{ return: 'a' }] }, { return: 'gcd(b, a % b)' }],
    });
    expect(specToStan(spec)).toContain('functions {\n  real hmm_forward_lpdf(vector y, matrix log_Gamma, vector log_rho, vector mu, vector sigma) {\n');
  });

  it('keeps data qualifiers, array argument types and void returns', () => {
    const source = 'functions {\n  array[] real twice(data array[,] real x, vector v) {\n    return to_array_1d(x);\n  }\n  void noop() {\n  }\n}\nparameters {\n  real mu;\n}\nmodel {\n  noop();\n  mu ~ normal(0, 1);\n}\n';
    const spec = stanToSpec(source) as { functions: Record<string, unknown> };
    expect(spec.functions['twice']).toMatchObject({ args: [{ name: 'x', type: 'real', array: 2, data: true }, { name: 'v', type: 'vector' }], returns: { type: 'real', array: 1 } });
    expect(spec.functions['noop']).toEqual({ args: [], returns: 'void', body: [] });
    expect(specToStan(spec)).toContain('  array[] real twice(data array[,] real x, vector v) {\n');
  });
});

/** Function snippets of the parser's table (snippets.test.ts) as the spec's functions, or refused by name. */
const LOWERED: readonly (readonly [string, string, unknown])[] = [
  [
    'data arguments',
    'functions {\n  real foo(real x, data vector y) {\n    return x + sum(y);\n  }\n}',
    { foo: { args: [{ name: 'x', type: 'real' }, { name: 'y', type: 'vector', data: true }], returns: 'real', body: [{ return: 'x + sum(y)' }] } },
  ],
  [
    'a void function with return',
    'functions {\n  void check(real x) {\n    if (x < 0) reject("negative: ", x);\n    return;\n  }\n}',
    { check: { args: [{ name: 'x', type: 'real' }], returns: 'void', body: [{ if: 'x < 0', then: [{ reject: [{ text: 'negative: ' }, 'x'] }] }, { return: null }] } },
  ],
  [
    'array argument types in both syntaxes',
    'functions {\n  array[] real f(array[,] real a, real[] b, vector[] c, int[,] d) { return b; }\n}',
    {
      f: {
        args: [
          { name: 'a', type: 'real', array: 2 },
          { name: 'b', type: 'real', array: 1 },
          { name: 'c', type: 'vector', array: 1 },
          { name: 'd', type: 'int', array: 2 },
        ],
        returns: { type: 'real', array: 1 },
        body: [{ return: 'b' }],
      },
    },
  ],
  [
    'forward declaration and recursion',
    'functions {\n  int fib(int n);\n  int fib(int n) {\n    if (n < 2) return n;\n    return fib(n - 1) + fib(n - 2);\n  }\n}',
    { fib: { args: [{ name: 'n', type: 'int' }], returns: 'int', body: [{ if: 'n < 2', then: [{ return: 'n' }] }, { return: 'fib(n - 1) + fib(n - 2)' }] } },
  ],
  [
    'an _lp function with ~ and target +=',
    'functions {\n  void prior_lp(real x) { target += -x; x ~ normal(0, 1); }\n}',
    { prior_lp: { args: [{ name: 'x', type: 'real' }], returns: 'void', body: [{ target: '-x' }, { sample: 'x', distribution: 'normal', args: ['0', '1'] }] } },
  ],
  ['a _jacobian function', 'functions {\n  real upper_bound_jacobian(real x, real ub) {\n    jacobian += x;\n    return ub - exp(x);\n  }\n}', "'jacobian +=' is not supported yet"],
  [
    'overloads, as the array of the name\'s definitions',
    'functions {\n  real g(real x) { return x; }\n  real g(vector x) { return sum(x); }\n}',
    {
      g: [
        { args: [{ name: 'x', type: 'real' }], returns: 'real', body: [{ return: 'x' }] },
        { args: [{ name: 'x', type: 'vector' }], returns: 'real', body: [{ return: 'sum(x)' }] },
      ],
    },
  ],
];

describe('function snippets of the parser table, lowered', () => {
  it.each(LOWERED)('%s', (_, source, expected) => {
    if (typeof expected === 'string') {
      expect(() => stanToSpec(source)).toThrow(expected);
      return;
    }
    const functions = (stanToSpec(source) as { functions: unknown }).functions;
    expect(JSON.parse(JSON.stringify(functions))).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

/** The first problem compileStan reports: [line, column, message]. */
function problem(source: string, data: unknown): [number, number, string] {
  try {
    compileStan(source, data);
  } catch (error) {
    if (error instanceof StanModelError) return [error.issues[0]!.line, error.issues[0]!.column, error.issues[0]!.detail];
    if (error instanceof StanSyntaxError) return [error.line, error.column, error.detail];
    throw error;
  }
  throw new Error('expected a problem, but the program compiled');
}

const withFunctions = (functions: string, model: string): string => `functions {\n${functions}\n}\ndata {\n  vector[2] v;\n}\nparameters {\n  real mu;\n}\nmodel {\n  ${model}\n}\n`;
const sq = '  real sq(real x) {\n    return x * x;\n  }';

describe('errors of user-defined functions in Stan programs, at their line and column', () => {
  it.each([
    ['a wrong argument type', withFunctions(sq, 'target += sq(v);'), [13, 16, "argument 1 of 'sq' ('x') is real, but this is a vector[2]"]],
    ['a missing return', withFunctions('  real f(real x) {\n    if (x > 0) return x;\n  }', 'target += f(mu);'), [2, 8, "'f' returns real, but its body can end without a return; end every path with a return statement (Stan's rule)"]],
    ['a return type mismatch', withFunctions('  real f(real x) {\n    return rep_vector(x, 2);\n  }', 'target += f(mu);'), [3, 12, "'f' returns real, but this value is a vector[2]"]],
    [
      'an _rng function in the model block',
      withFunctions('  real my_rng() {\n    return normal_rng(0, 1);\n  }', 'target += my_rng() * mu;'),
      [13, 13, "'my_rng' draws random numbers, which Stan allows only in transformed data, generated quantities and functions whose names end in _rng; it is in the model block."],
    ],
    [
      'a recursion too deep',
      withFunctions('  real down(real x) {\n    return down(x + 1);\n  }', 'target += down(mu);'),
      [2, 8, 'calls of user-defined functions nest 101 deep here, above the limit of 100 (a recursion that does not end?); raise it with --limits depth=N (the option limits.maxDepth in code)'],
    ],
    ['a built-in shadowed', withFunctions('  real exp(real x) {\n    return x;\n  }', 'target += exp(mu);'), [2, 8, "'exp' is a built-in function, and a user-defined function cannot take a built-in's name (Stan's rule); rename it, e.g. 'my_exp'"]],
    ['an undefined function', withFunctions(sq, 'target += sqq(mu);'), [13, 13, "unknown function 'sqq' (did you mean 'sq'?)"]],
    ['a wrong arity', withFunctions(sq, 'target += sq(mu, 2);'), [13, 13, "'sq' takes 1 argument, sq(real x), but 2 arguments were given"]],
    ['a parameter for a data argument', withFunctions('  real f(data real x) {\n    return x;\n  }', 'target += f(mu);'), [13, 15, "argument 1 of 'f' ('x') is declared data, so it may not depend on parameters"]],
    ['data read in a body', withFunctions('  real f(real x) {\n    return x + v[1];\n  }', 'target += f(mu);'), [3, 16, "'v' is data (declared at data.v), which the body of a function cannot see: pass it as an argument"]],
    ['a non-void call as a statement', withFunctions(sq, 'sq(mu);\n  target += -mu^2;'), [13, 3, "'sq' returns real, so its value must be used: assign it (a call as a statement is for void functions, as in Stan)"]],
  ] as const)('%s', (_, source, expected) => {
    expect(problem(source, { v: [1, 2] })).toEqual(expected);
  });
});
