import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { SpecError } from '../../../src/language/json/errors.js';
import { compileSpec } from '../../../src/language/json/compile.js';

// What a mistake with user-defined functions gives: one issue, at the JSON path of the
// piece at fault, with Stan's rule and the fix.

type Json = Record<string, any>;

const sq = { args: [{ name: 'x', type: 'real' }], returns: 'real', body: [{ return: 'x * x' }] };
const real = (name = 'x'): Json => ({ name, type: 'real' });
const base = { data: { v: { type: 'vector', size: 2 } }, parameters: { mu: { type: 'real' } } };
const data = { v: [1, 2] };
const fact = { args: [{ name: 'n', type: 'int' }], returns: 'int', body: [{ if: 'n <= 1', then: [{ return: '1' }] }, { return: 'n * fact(n - 1)' }] };
const mine = { mine_lpdf: { args: [real('y')], returns: 'real', body: [{ return: '-y^2' }] } };

const cases: [string, Json, (string | number)[], string][] = [
  ['a wrong argument type', { functions: { sq }, model: [{ target: 'sq(v)' }] }, ['model', 0, 'target'], "argument 1 of 'sq' ('x') is real, but this is a vector[2], in \"sq(v)\", at column 4 ('v')"],
  [
    'a missing return',
    { functions: { f: { args: [real()], returns: 'real', body: [{ if: 'x > 0', then: [{ return: 'x' }] }] } }, model: [{ target: 'f(mu)' }] },
    ['functions', 'f', 'body'],
    "'f' returns real, but its body can end without a return; end every path with a return statement (Stan's rule)",
  ],
  ['a return type mismatch', { functions: { f: { args: [real()], returns: 'real', body: [{ return: 'rep_vector(x, 2)' }] } }, model: [{ target: 'f(mu)' }] }, ['functions', 'f', 'body', 0, 'return'], "'f' returns real, but this value is a vector[2]"],
  [
    'an _rng function in the model block',
    { functions: { my_rng: { args: [], returns: 'real', body: [{ return: 'normal_rng(0, 1)' }] } }, model: [{ target: 'my_rng() * mu' }] },
    ['model', 0, 'target'],
    "'my_rng' draws random numbers, which only transformed data, generated quantities and _rng functions may do (as in Stan), in \"my_rng() * mu\", at column 1 ('my_rng')",
  ],
  [
    'a recursion too deep, in transformed data',
    { functions: { fact }, transformed_data: { f: { type: 'real', value: 'fact(200)' } }, model: [{ target: '-mu^2' }] },
    ['transformed_data', 'f', 'value'],
    "functions.fact: calls of user-defined functions nest 101 deep here, above the limit of 100 (a recursion that does not end?); raise it with --limits depth=N (the option limits.maxDepth in code), in \"fact(200)\", at column 1 ('fact(200)')",
  ],
  [
    'a recursion that never ends, in the model block',
    { functions: { down: { args: [real()], returns: 'real', body: [{ return: 'down(x + 1)' }] } }, model: [{ target: 'down(mu)' }] },
    ['functions', 'down'],
    'calls of user-defined functions nest 101 deep here, above the limit of 100 (a recursion that does not end?); raise it with --limits depth=N (the option limits.maxDepth in code)',
  ],
  ['a built-in shadowed', { functions: { exp: sq }, model: [{ target: 'exp(mu)' }] }, ['functions', 'exp'], "'exp' is a built-in function, and a user-defined function cannot take a built-in's name (Stan's rule); rename it, e.g. 'my_exp'"],
  ['a built-in density shadowed', { functions: { normal_lpdf: sq }, model: [{ target: '-mu^2' }] }, ['functions', 'normal_lpdf'], "'normal_lpdf' is a built-in function, and a user-defined function cannot take a built-in's name (Stan's rule); rename it, e.g. 'my_normal_lpdf'"],
  ['an undefined function', { functions: { sq }, model: [{ target: 'sqq(mu)' }] }, ['model', 0, 'target'], "unknown function 'sqq' (did you mean 'sq'?), in \"sqq(mu)\", at column 1 ('sqq')"],
  ['a wrong arity', { functions: { sq }, model: [{ target: 'sq(mu, 2)' }] }, ['model', 0, 'target'], "'sq' takes 1 argument, sq(real x), but 2 arguments were given, in \"sq(mu, 2)\", at column 1 ('sq(mu, 2)')"],
  [
    'a parameter given for a data argument',
    { functions: { f: { args: [{ ...real(), data: true }], returns: 'real', body: [{ return: 'x' }] } }, model: [{ target: 'f(mu)' }] },
    ['model', 0, 'target'],
    "argument 1 of 'f' ('x') is declared data, so it may not depend on parameters, in \"f(mu)\", at column 3 ('mu')",
  ],
  [
    'a loop over a parameter\'s elements, given for a data argument',
    { functions: { f: { args: [{ ...real(), data: true }, real('y')], returns: 'real', body: [{ return: 'x * y' }] } }, parameters: { mu: { type: 'real' }, w: { type: 'vector', size: 2 } }, model: [{ for: 'e', in: 'w', body: [{ target: 'f(e + v[1], mu)' }] }] },
    ['model', 0, 'body', 0, 'target'],
    "argument 1 of 'f' ('x') is declared data, so it may not depend on parameters, in \"f(e + v[1], mu)\", at column 3 ('e + v[1]')",
  ],
  [
    'an _lp function outside the model block',
    { functions: { add_lp: { args: [real()], returns: 'void', body: [{ target: 'x' }] } }, model: [{ target: '-mu^2' }], generated_quantities: [{ call: 'add_lp(mu)' }] },
    ['generated_quantities', 0, 'call'],
    "'add_lp' adds to the log density, which only the model block and _lp functions may do (Stan also allows transformed parameters; leapfrog does not yet: call it in the model block), in \"add_lp(mu)\", at column 1 ('add_lp')",
  ],
  ['a void function in an expression', { functions: { nothing: { args: [], returns: 'void', body: [] } }, model: [{ target: 'nothing()' }] }, ['model', 0, 'target'], "'nothing' is a void function: it returns no value, so call it as a statement, in \"nothing()\", at column 1 ('nothing()')"],
  [
    'target += in a function not ending in _lp',
    { functions: { f: { args: [real()], returns: 'void', body: [{ target: 'x' }] } }, model: [{ call: 'f(mu)' }] },
    ['functions', 'f', 'body', 0, 'target'],
    'target += belongs to the model block and to functions whose names end in _lp (as in Stan)',
  ],
  ['return outside a function', { model: [{ return: 'mu' }] }, ['model', 0, 'return'], 'return belongs to the body of a user-defined function (the "functions" section)'],
  ['a misspelled user density', { functions: mine, model: [{ sample: 'mu', distribution: 'mien', args: [] }] }, ['model', 0, 'distribution'], 'unknown distribution "mien" (did you mean \'mine\'?)'],
  [
    'a truncated user density',
    { functions: mine, model: [{ sample: 'mu', distribution: 'mine', args: [], truncate: { lower: 0 } }] },
    ['model', 0, 'truncate'],
    "truncating a user-defined density needs its CDF: define 'mine_lccdf' (as Stan requires)",
  ],
  [
    'a censored user density',
    { functions: mine, model: [{ sample: 'mu', distribution: 'mine', args: [], censor: 'left' }] },
    ['model', 0, 'censor'],
    "'mine' is the user-defined density mine_lpdf: write a censored observation's term with target += mine_lcdf(...) or _lccdf(...)",
  ],
  [
    'a truncated user density of a vector',
    { functions: { vec_lpdf: { args: [{ name: 'y', type: 'vector' }], returns: 'real', body: [{ return: '-dot_self(y)' }] } }, model: [{ sample: 'v * mu', distribution: 'vec', args: [], truncate: { upper: 3 } }] },
    ['model', 0, 'sample'],
    'a truncated user-defined density takes one value at a time (as in Stan), but this is a vector[2]; truncate in a loop',
  ],
  [
    'a non-void function called as a statement',
    { functions: { sq }, model: [{ call: 'sq(mu)' }, { target: '-mu^2' }] },
    ['model', 0, 'call'],
    "'sq' returns real, so its value must be used: assign it (a call as a statement is for void functions, as in Stan)",
  ],
  [
    'data read inside a body',
    { functions: { f: { args: [real()], returns: 'real', body: [{ return: 'x + v[1]' }] } }, model: [{ target: 'f(mu)' }] },
    ['functions', 'f', 'body', 0, 'return'],
    "'v' is data (declared at data.v), which the body of a function cannot see: pass it as an argument, in \"x + v[1]\", at column 5 ('v')",
  ],
  [
    'a mass function of a real outcome',
    { functions: { foo_lpmf: { args: [real('y')], returns: 'real', body: [{ return: 'y' }] } }, model: [{ target: '-mu^2' }] },
    ['functions', 'foo_lpmf', 'args', 0],
    "'foo_lpmf' is a mass function (_lpmf): its outcome must be an int or ints; for a real outcome name it foo_lpdf",
  ],
  [
    'two arguments of one name',
    { functions: { f: { args: [real(), real()], returns: 'real', body: [{ return: 'x' }] } }, model: [{ target: 'f(mu, mu)' }] },
    ['functions', 'f', 'args', 1, 'name'],
    "'x' names two arguments of 'f'; every argument needs its own name",
  ],
  [
    'reduce_sum with a function of the wrong arity',
    { functions: { part: { args: [{ name: 'xs', type: 'real', array: 1 }, { name: 'a', type: 'int' }, { name: 'b', type: 'int' }], returns: 'real', body: [{ return: 'sum(xs)' }] } }, model: [{ target: 'reduce_sum(part, {1.0, 2.0}, 1, mu)' }] },
    ['model', 0, 'target'],
    "reduce_sum: 'part' takes 3 arguments, part(array[] real xs, int a, int b): the slice, its start and end, then 0 more, but 1 is given after the grainsize, in \"reduce_sum(part, {1.0, 2.0}, 1, mu)\", at column 1 ('reduce_sum(part, {1.0, 2.0}, 1, mu)')",
  ],
  [
    'reduce_sum over a vector',
    { functions: { part: { args: [{ name: 'xs', type: 'vector' }, { name: 'a', type: 'int' }, { name: 'b', type: 'int' }], returns: 'real', body: [{ return: 'sum(xs)' }] } }, model: [{ target: 'reduce_sum(part, v, 1) * mu' }] },
    ['model', 0, 'target'],
    "reduce_sum slices an array, but this is a vector[2], in \"reduce_sum(part, v, 1) * mu\", at column 18 ('v')",
  ],
  [
    'reduce_sum with a grainsize below 1',
    { functions: { part: { args: [{ name: 'xs', type: 'real', array: 1 }, { name: 'a', type: 'int' }, { name: 'b', type: 'int' }], returns: 'real', body: [{ return: 'sum(xs)' }] } }, model: [{ target: 'reduce_sum(part, {1.0, 2.0}, 0) * mu' }] },
    ['model', 0, 'target'],
    "reduce_sum: the grainsize is 0, but must be at least 1 (as in Stan), in \"reduce_sum(part, {1.0, 2.0}, 0) * mu\", at column 30 ('0')",
  ],
  [
    'no overload fits',
    { functions: { g: [{ args: [real()], returns: 'real', body: [{ return: 'x' }] }, { args: [{ name: 'x', type: 'vector' }], returns: 'real', body: [{ return: 'sum(x)' }] }] }, model: [{ target: 'g(rep_matrix(mu, 2, 2))' }] },
    ['model', 0, 'target'],
    "no definition of 'g' takes (matrix); its definitions are g(real x), g(vector x), in \"g(rep_matrix(mu, 2, 2))\", at column 1 ('g(rep_matrix(mu, 2, 2))')",
  ],
  [
    'two overloads fit equally well',
    { functions: { g: [{ args: [real(), { name: 'n', type: 'int' }], returns: 'real', body: [{ return: 'x' }] }, { args: [{ name: 'n', type: 'int' }, real()], returns: 'real', body: [{ return: 'x' }] }] }, model: [{ target: 'g(1, 2) * mu' }] },
    ['model', 0, 'target'],
    "the call of 'g' with (int, int) fits g(real x, int n) and g(int n, real x) equally well; convert an argument to choose one, in \"g(1, 2) * mu\", at column 1 ('g(1, 2)')",
  ],
  [
    'two overloads with the same argument types',
    { functions: { g: [{ args: [real()], returns: 'real', body: [{ return: 'x' }] }, { args: [real('y')], returns: 'real', body: [{ return: 'y' }] }] }, model: [{ target: 'g(mu)' }] },
    ['functions', 'g', 1],
    "'g' is defined twice with the argument types (real), at functions.g[0] and here; overloads differ in their argument types",
  ],
  ['an unknown argument type (the schema)', { functions: { f: { args: [{ name: 'x', type: 'simplex' }], returns: 'real', body: [{ return: '1' }] } }, model: [{ target: '-mu^2' }] }, ['functions', 'f', 'args', 0, 'type'], ''],
];

describe('errors of user-defined functions', () => {
  it.each(cases)('%s', (_, spec, path, message) => {
    const result = checkSpec({ ...base, ...spec }, data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toEqual(path);
    if (message !== '') expect(result.issues[0]!.message).toBe(message);
  });

  const at3 = { args: [{ name: 'w', type: 'vector' }], returns: 'real', body: [{ return: 'w[3]' }] };
  const compileError = (spec: Json): SpecError => {
    try {
      compileSpec({ ...base, ...spec }, data);
    } catch (error) {
      if (error instanceof SpecError) return error;
      throw error;
    }
    throw new Error('expected a SpecError');
  };

  it('a run-time error inside a body is placed at the statement of the body', () => {
    expect(compileError({ functions: { at3 }, model: [{ target: 'at3(v * mu)' }] }).issues).toEqual([
      { path: ['functions', 'at3', 'body', 0], message: "'w' (vector[?]): index 3 is out of range; valid indices are 1 to 2 (1-based)" },
    ]);
  });

  it('a call of data only is computed at compile time: its error is placed at the call', () => {
    expect(compileError({ functions: { at3 }, model: [{ target: 'at3(v) * mu' }] }).issues).toEqual([
      {
        path: ['model', 0, 'target'],
        message: "functions.at3.body[0]: 'w' (vector[?]): index 3 is out of range; valid indices are 1 to 2 (1-based), in \"at3(v) * mu\", at column 1 ('at3(v)')",
      },
    ]);
  });
});

describe('a recursion past the JavaScript stack (a raised depth limit)', () => {
  const down = { args: [{ name: 'x', type: 'real' }], returns: 'real', body: [{ return: 'down(x + 1)' }] };
  const limits = { maxDepth: 1e6 };
  const message = /^calls of user-defined functions nest \d+ deep here, deeper than JavaScript's stack holds \(a recursion that does not end\?\); lower --limits depth=N \(the option limits\.maxDepth in code\) to stop it sooner$/;

  it.each([
    ['the model block', { model: [{ target: 'down(mu)' }] }],
    ['transformed data, as statements', { transformed_data: [{ declare: 'a', type: 'real', value: '1' }, { declare: 'f', type: 'real', value: 'down(a)' }], model: [{ target: '-mu^2' }] }],
  ] as const)('is an error naming the function, not a crash: %s', (_, blocks) => {
    const result = checkSpec({ functions: { down }, parameters: { mu: { type: 'real' } }, ...blocks }, {}, { limits });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]!.path).toEqual(['functions', 'down']);
    expect(result.issues[0]!.message.replace(/^transformed data: /, '')).toMatch(message);
  });
});
