import { describe, expect, it } from 'vitest';
import { parseStan, StanSyntaxError } from '../../../src/language/stan/index.js';
import { parseError } from './helpers.js';

// Errors as Stan users know them: the file, line and column (1-based), the source line with
// a caret under the place, and a message that names what was expected and the fix.

type Row = readonly [description: string, source: string, kind: StanSyntaxError['kind'], line: number, column: number, detail: string];

const SYNTAX: readonly Row[] = [
  ['missing semicolon: the caret is where it belongs', 'data {\n  real mu;\n}\nmodel {\n  y ~ normal(mu, 1)\n}\n', 'syntax', 5, 20, "Expected ';' after the sampling statement, found '}' on a following line."],
  ['missing semicolon on one line', 'model {\n  x = 1 y = 2;\n}', 'syntax', 2, 9, "Expected ';' after the assignment, found 'y'."],
  ['the removed <- assignment', 'model {\n  mu <- 1;\n}', 'syntax', 2, 6, "The assignment operator '<-' was removed in Stan 2.33: write '=' instead."],
  ['increment_log_prob', 'model {\n  increment_log_prob(-x^2);\n}', 'syntax', 2, 3, "increment_log_prob(...) was removed in Stan 2.33: write 'target += ...;' instead."],
  ['a removed _log density', 'model {\n  target += normal_log(y, 0, 1);\n}', 'syntax', 2, 13, "'normal_log' was removed in Stan 2.33: write normal_lpdf(y | ...), with '|' after the first argument."],
  ['a removed _cdf_log function of a discrete family', 'model {\n  target += poisson_cdf_log(n, 3);\n}', 'syntax', 2, 13, "'poisson_cdf_log' was removed in Stan 2.33: write poisson_lcdf(y | ...), with '|' after the first argument."],
  ['if_else', 'model {\n  x = if_else(a, b, c);\n}', 'syntax', 2, 7, 'if_else(c, a, b) was removed in Stan 2.33: write the conditional operator, c ? a : b.'],
  ['misspelled block name', 'data {\n}\nparamters {\n  real mu;\n}', 'syntax', 3, 1, "Unknown block 'paramters': did you mean 'parameters'?"],
  ['block name with an underscore', 'transformed_data {\n}', 'syntax', 1, 1, "Unknown block 'transformed_data': did you mean 'transformed data'?"],
  ['misspelled two-word block name', 'generated quantites {\n}', 'syntax', 1, 1, "Unknown block 'generated quantites': did you mean 'generated quantities'?"],
  ['blocks out of order', 'model {\n}\ndata {\n}', 'syntax', 3, 1, "The data block must come before the model block. Stan's blocks come in this order: functions, data, transformed data, parameters, transformed parameters, model, generated quantities."],
  ['a block given twice', 'data {\n}\ndata {\n}', 'syntax', 3, 1, 'The data block is given twice: a program has each block at most once.'],
  ['a missing closing brace', 'data {\n  int N;\nparameters {\n  real mu;\n}', 'syntax', 2, 9, "Expected '}' to close the data block, found 'parameters' on a following line."],
  ['the end of the file inside a block', 'model {\n  x = 1;\n', 'syntax', 2, 9, "Expected '}' to close the model block, found the end of the file."],
  ['a statement in the data block', 'data {\n  int N;\n  N = 3;\n}', 'syntax', 3, 3, 'Only declarations can be in the data block: put statements in the transformed data block.'],
  ['a value in the data block', 'data {\n  int N = 3;\n}', 'syntax', 2, 9, 'A variable of the data block cannot be given a value: compute it in transformed data.'],
  ['_lpdf after ~', 'model {\n  y ~ normal_lpdf(0, 1);\n}', 'syntax', 2, 7, "After '~' write the distribution without its _lpdf suffix: ... ~ normal(...)."],
  ["'|' in a sampling statement", 'model {\n  y ~ normal(0 | 1);\n}', 'syntax', 2, 16, "A sampling statement takes the distribution's parameters without '|': ... ~ normal(a, b)."],
  ['misspelled type', 'model {\n  vectr[3] x;\n}', 'syntax', 2, 3, "Unknown type 'vectr' (did you mean 'vector'?)."],
  ['a constraint on a local variable', 'model {\n  real<lower=0> x;\n}', 'syntax', 2, 7, 'A local variable cannot have a constraint: constraints belong to the top level of a block (data, parameters, transformed data, transformed parameters, generated quantities).'],
  ['a constrained type for a local variable', 'model {\n  simplex[3] s;\n}', 'syntax', 2, 3, "A local variable cannot have the constrained type 'simplex': declare it with an unconstrained type (vector), or in a block's top level."],
  ['a misspelled constraint', 'data {\n  vector<lowr=0>[N] x;\n}', 'syntax', 2, 10, "Expected 'lower', 'upper', 'offset' or 'multiplier' in the constraint (did you mean 'lower'?), found 'lowr'."],
  ['a comparison inside a bound needs parentheses', 'parameters {\n  real<upper=a > b> x;\n}', 'syntax', 2, 19, "A comparison or conditional inside a constraint needs parentheses, as in <upper=(a > b ? a : b)>: a bare '>' closes the constraint."],
  ['a missing comma in a constraint', 'parameters {\n  real<lower=0 upper=1> x;\n}', 'syntax', 2, 16, "Expected ',' or '>' to close the constraint, found 'upper'."],
  ['bounds and offset together', 'parameters {\n  real<lower=0, offset=1> x;\n}', 'syntax', 2, 7, 'A declaration takes either <lower=..., upper=...> or <offset=..., multiplier=...>, not both.'],
  ['the wrong number of sizes', 'data {\n  matrix[3] m;\n}', 'syntax', 2, 9, "'matrix' takes 2 sizes, but 1 was given."],
  ['both array syntaxes at once', 'model {\n  array[N] real x[M];\n}', 'syntax', 2, 18, "'x' has array sizes both before and after its name: write array[...] once, before the type."],
  ['a missing parenthesis in a loop', 'model {\n  for (i in 1:N {\n  }\n}', 'syntax', 2, 17, "Expected ')' to close the loop range, found '{'."],
  ["'=' in a condition", 'model {\n  if (x = 1) y = 2;\n}', 'syntax', 2, 9, "'=' assigns; to compare, write '=='."],
  ['else without if', 'model {\n  else x = 1;\n}', 'syntax', 2, 3, "'else' without an 'if' before it (is a '}' or ';' misplaced?)."],
  ['a declaration as a loop body', 'model {\n  for (i in 1:N) real x = 1;\n}', 'syntax', 2, 18, 'A declaration cannot be the whole body of a for loop: put it in braces { }.'],
  ['an incomplete expression', 'model {\n  x = 1 +;\n}', 'syntax', 2, 10, "Expected an expression, found ';'."],
  ['a missing argument separator', 'model {\n  y ~ normal(mu sigma);\n}', 'syntax', 2, 17, "Expected ',' or ')' in the arguments of 'normal', found 'sigma'."],
  ['an expression that is not a statement', 'model {\n  x + 1;\n}', 'syntax', 2, 3, 'This expression is not a statement: assign it (x = ...), add it to target (target += ...), or use it in a sampling statement (... ~ ...).'],
  ['assigning to a call', 'model {\n  f(x) = 3;\n}', 'syntax', 2, 3, "Only a variable or an indexed variable can be assigned to with '='."],
  ['bare target', 'model {\n  x = target;\n}', 'syntax', 2, 7, "'target' is not a value: read the log density so far with target(), or add to it with 'target += ...;'."],
  ['a reserved word as a name', 'data {\n  int for;\n}', 'syntax', 2, 7, "'for' is a reserved word in Stan and cannot be the name of a variable."],
  ['a name ending in __', 'model {\n  real x__;\n}', 'syntax', 2, 8, "'x__' cannot be the name of a variable: names ending in '__' are reserved for Stan's own variables."],
  ['a name starting with _', 'model {\n  real _x;\n}', 'syntax', 2, 8, "'_x' is not a valid name: Stan names start with a letter."],
  ['an int literal out of range', 'model {\n  int n = 3000000000;\n}', 'syntax', 2, 11, "The integer 3000000000 is too large: Stan's ints are 32-bit (at most 2147483647). Write it as a real, 3000000000.0, if that is what you mean."],
  ['an unclosed comment', 'model {\n  /* unclosed\n}', 'syntax', 2, 3, "This comment is not closed: '/*' needs a matching '*/'."],
  ['an unclosed string', 'model {\n  print("hello);\n}', 'syntax', 2, 9, 'This string is not closed: a string ends with \'"\' on the same line.'],
  ['a stray character', 'model {\n  x = 1 @ 2;\n}', 'syntax', 2, 9, "Unexpected character '@'."],
  ['an empty truncation', 'model {\n  y ~ normal(0, 1) T[,];\n}', 'syntax', 2, 20, 'T[, ] truncates nothing: give a lower bound, an upper bound or both.'],
  ['a declaration outside a block', 'real x;\nmodel {\n}', 'syntax', 1, 1, 'Declarations and statements must be inside a block, such as data { ... } or model { ... }.'],
  ['an empty row vector', 'model {\n  x = [];\n}', 'syntax', 2, 7, "An empty row vector '[]' has no size: use rep_row_vector(0, 0)."],
  ['a sized function argument', 'functions {\n  real f(vector[3] x) { return 1; }\n}', 'syntax', 2, 17, "The type of an argument of 'f' has no sizes: write array[] real, or array[,] real for two dimensions."],
];

const SEMANTIC: readonly Row[] = [
  ['_rng in the model block', 'model {\n  real z = normal_rng(0, 1);\n}', 'semantic', 2, 12, "'normal_rng' draws random numbers, which Stan allows only in transformed data, generated quantities and functions whose names end in _rng; it is in the model block."],
  ['_rng in transformed parameters', 'transformed parameters {\n  real z = uniform_rng(0, 1);\n}', 'semantic', 2, 12, "'uniform_rng' draws random numbers, which Stan allows only in transformed data, generated quantities and functions whose names end in _rng; it is in the transformed parameters block."],
  ['_rng in a function not named _rng', 'functions {\n  real draw(real s) { return normal_rng(0, s); }\n}', 'semantic', 2, 30, "'normal_rng' draws random numbers, which Stan allows only in transformed data, generated quantities and functions whose names end in _rng; it is in the function 'draw'."],
  ['target += outside the model block', 'generated quantities {\n  target += 1;\n}', 'semantic', 2, 3, "'target +=' can appear only in the model block and in functions whose names end in _lp; this one is in the generated quantities block."],
  ['~ in a function not named _lp', 'functions {\n  void f(real x) { x ~ normal(0, 1); }\n}', 'semantic', 2, 20, "A sampling statement ('~') can appear only in the model block and in functions whose names end in _lp; this one is in the function 'f'."],
  ['target() outside the model block', 'generated quantities {\n  real lp = target();\n}', 'semantic', 2, 13, 'target() can be read only in the model block and in functions whose names end in _lp; it is in the generated quantities block.'],
  ['an _lp function in generated quantities', 'functions {\n  void p_lp(real x) { target += x; }\n}\ngenerated quantities {\n  p_lp(1);\n}', 'semantic', 5, 3, "'p_lp' adds to the log density, so Stan allows it only in the model and transformed parameters blocks and in functions whose names end in _lp; it is in the generated quantities block."],
  ['_lupdf outside the model block', 'generated quantities {\n  real lp = normal_lupdf(1 | 0, 1);\n}', 'semantic', 2, 13, "'normal_lupdf' (an unnormalised density) can be used only in the model block and in _lpdf, _lpmf and _lp functions; use normal_lpdf here."],
  ['a density call without |', 'model {\n  target += normal_lpdf(y, 0, 1);\n}', 'semantic', 2, 13, "'normal_lpdf' takes '|' after its first argument: normal_lpdf(y | ...)."],
  ['| in an ordinary call', 'model {\n  target += log_sum_exp(a | b);\n}', 'semantic', 2, 13, "'|' separates the outcome of a density function such as normal_lpdf(y | mu, sigma); 'log_sum_exp' takes its arguments separated by commas."],
  ['jacobian += outside transformed parameters', 'model {\n  jacobian += 1;\n}', 'semantic', 2, 3, "'jacobian +=' can appear only in the transformed parameters block and in functions whose names end in _jacobian; this one is in the model block."],
  ['a _jacobian function in the model block', 'functions {\n  real f_jacobian(real x) { jacobian += x; return x; }\n}\nmodel {\n  real y = f_jacobian(1);\n}', 'semantic', 5, 12, "'f_jacobian' adds to the Jacobian, so Stan allows it only in the transformed parameters block and in functions whose names end in _jacobian; it is in the model block."],
  ['break outside a loop', 'model {\n  break;\n}', 'semantic', 2, 3, "'break' can appear only inside a loop."],
  ['return outside a function', 'model {\n  return;\n}', 'semantic', 2, 3, 'return can appear only in the body of a function.'],
  ['a value returned from a void function', 'functions {\n  void f() { return 1; }\n}', 'semantic', 2, 14, "'f' is declared void, so its return takes no value."],
  ['no value returned from a real function', 'functions {\n  real f() { return; }\n}', 'semantic', 2, 14, "'f' returns real: give the value, return ...;."],
  ['a forward declaration never defined', 'functions {\n  real f(real x);\n}', 'semantic', 2, 8, 'The function f(real) is declared but never defined: give its body.'],
  ['a function defined twice', 'functions {\n  real f(real x) { return x; }\n  real f(real y) { return y; }\n}', 'semantic', 3, 8, 'The function f(real) is defined twice.'],
  ['an integer parameter', 'parameters {\n  int K;\n}', 'semantic', 2, 3, "'K' cannot be an int: (transformed) parameters are continuous in Stan. Marginalise a discrete parameter out, or compute it in generated quantities."],
  ['a pre-2.33 user density used with ~', 'functions {\n  real my_log(real y) { return -y; }\n}\nparameters { real y; }\nmodel {\n  y ~ my();\n}', 'semantic', 6, 7, "'~ my' would use the function 'my_log', but Stan 2.33 removed the _log suffix of densities: rename it my_lpdf (or my_lpmf for an int outcome)."],
];

const UNSUPPORTED: readonly Row[] = [
  ['an ODE solver', 'model {\n  array[2] vector[3] y = ode_rk45(rhs, y0, t0, ts);\n}', 'unsupported', 2, 26, "'ode_rk45': ODE solvers are not supported by leapfrog yet."],
  ['the removed ODE interface', 'model {\n  x = integrate_ode_bdf(f, y0, t0, ts, theta, x_r, x_i);\n}', 'unsupported', 2, 7, "'integrate_ode_bdf': ODE solvers are not supported by leapfrog yet (and integrate_ode_bdf was removed in Stan 2.33: its successors are the ode_* functions)."],
  ['an algebraic solver', 'transformed data {\n  vector[2] x = solve_newton(f, guess);\n}', 'unsupported', 2, 17, "'solve_newton': algebraic equation solvers are not supported by leapfrog."],
  ['algebra_solver', 'transformed data {\n  vector[2] x = algebra_solver(f, guess, theta, x_r, x_i);\n}', 'unsupported', 2, 17, "'algebra_solver': algebraic equation solvers are not supported by leapfrog."],
  ['integrate_1d', 'model {\n  x = integrate_1d(f, 0, 1, theta, x_r, x_i);\n}', 'unsupported', 2, 7, "'integrate_1d': one-dimensional numerical integration (integrate_1d) is not supported by leapfrog."],
  ['map_rect', 'model {\n  target += sum(map_rect(f, phi, theta, x_r, x_i));\n}', 'unsupported', 2, 17, "'map_rect': map_rect (parallel map over shards) is not supported by leapfrog: write the loop it stands for."],
  ['dae', 'model {\n  target += sum(dae(residual, y0, yp0, t0, ts));\n}', 'unsupported', 2, 17, "'dae': differential-algebraic equation solvers are not supported by leapfrog."],
  ['a complex type', 'parameters {\n  complex z;\n}', 'unsupported', 2, 3, "The type 'complex' is not supported: complex numbers are not supported by leapfrog."],
  ['a complex matrix', 'transformed data {\n  complex_matrix[2, 2] z;\n}', 'unsupported', 2, 3, "The type 'complex_matrix' is not supported: complex numbers are not supported by leapfrog."],
  ['an imaginary literal', 'model {\n  x = 2.5i;\n}', 'unsupported', 2, 7, "The imaginary literal '2.5i' is not supported: leapfrog has no complex numbers."],
  ['a complex function', 'model {\n  x = get_real(z);\n}', 'unsupported', 2, 7, "'get_real': complex numbers are not supported by leapfrog."],
  ['a tuple type', 'data {\n  tuple(real, int) t;\n}', 'unsupported', 2, 3, "Tuples ('tuple(...)') are not supported by leapfrog."],
  ['a tuple expression', 'model {\n  x = (1, 2);\n}', 'unsupported', 2, 7, 'Tuples are not supported by leapfrog: a parenthesis holds one expression.'],
  ['tuple indexing', 'model {\n  x = t.1;\n}', 'unsupported', 2, 8, 'Tuples are not supported (tuple indexing with .1, .2, ...).'],
  ['#include', '#include "common.stan"\nmodel {\n}', 'unsupported', 1, 1, "'#include' is not supported: paste the included file's text into the program (leapfrog reads one file)."],
];

describe('Stan errors: line, column and message', () => {
  it.each([...SYNTAX, ...SEMANTIC, ...UNSUPPORTED])('%s', (_, source, kind, line, column, detail) => {
    const error = parseError(source);
    expect({ kind: error.kind, line: error.line, column: error.column, detail: error.detail }).toEqual({ kind, line, column, detail });
    expect(error.message.split('\n')[0]).toBe(`${{ syntax: 'Syntax error', semantic: 'Semantic error', unsupported: 'Unsupported feature' }[kind]} in 'model.stan', line ${line}, column ${column}:`);
    expect(error.message.endsWith(`\n\n${detail}`)).toBe(true);
  });

  it('has at least 20 syntax errors in its table', () => {
    expect(SYNTAX.length).toBeGreaterThanOrEqual(20);
  });
});

describe('Stan errors: the rendered message', () => {
  it('names the file, shows the lines around the place and a caret under it', () => {
    const error = parseError('data {\n  int N;\n  vector[N] y;\n}\nmodel {\n  y ~ normal(0, 1)\n}\n', 'eight.stan');
    expect(error.message).toBe(
      [
        "Syntax error in 'eight.stan', line 6, column 19:",
        '   -------------------------------------------------',
        '   4:  }',
        '   5:  model {',
        '   6:    y ~ normal(0, 1)',
        '                         ^',
        '   7:  }',
        '   -------------------------------------------------',
        '',
        "Expected ';' after the sampling statement, found '}' on a following line.",
      ].join('\n'),
    );
    expect(error.name).toBe('StanSyntaxError');
    expect(error.fileName).toBe('eight.stan');
  });

  it('keeps tabs in the caret line so that the caret lines up', () => {
    const error = parseError('model {\n\tx = 1 +;\n}');
    expect(error.message.split('\n').slice(3, 5)).toEqual(['   2:  \tx = 1 +;', '       \t       ^']);
  });

  it('widens the line-number gutter for long programs', () => {
    const error = parseError(`model {\n${'  x = 1;\n'.repeat(9)}  x = ;\n}`);
    expect(error.line).toBe(11);
    expect(error.message.split('\n').slice(2, 6)).toEqual(['    9:    x = 1;', '   10:    x = 1;', '   11:    x = ;', '              ^']);
  });

  it('refuses input nested too deeply, and huge programs, with a message rather than a crash', () => {
    const deep = parseError(`model {\n  x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n}`);
    expect(deep.detail).toMatch(/nested more than 200 levels/);
    const blocks = parseError(`model {\n${'{'.repeat(5000)}${'}'.repeat(5000)}\n}`);
    expect(blocks.detail).toMatch(/nested more than 200 levels/);
    expect(() => parseStan(' '.repeat(16 * 1024 * 1024 + 1))).toThrow(/at most 16777216/);
  });

  it('is thrown for every malformed prefix of a valid program, never a raw exception', () => {
    const program = 'functions {\n  real f(real x) { return x^2; }\n}\ndata {\n  int<lower=0> N;\n  array[N] real y;\n}\nparameters {\n  real mu;\n  real<lower=0> sigma;\n}\nmodel {\n  y ~ normal(mu, sigma) T[0, ];\n  target += f(mu);\n}\n';
    for (let end = 1; end < program.length; end++) {
      const prefix = program.slice(0, end);
      try {
        parseStan(prefix);
      } catch (error) {
        expect(error).toBeInstanceOf(StanSyntaxError);
      }
    }
  });
});
