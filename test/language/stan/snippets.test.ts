import { describe, expect, it } from 'vitest';
import { parseStan } from '../../../src/language/stan/index.js';
import { blockTree, exprTree, reprinted, tree } from './helpers.js';

// The parser's table: each Stan snippet with its expected tree, rendered as an S-expression
// (see src/language/stan/sexpr.ts). Ints print as digits and reals with '.' or 'e', so
// `(* 2.0 x)` says the literal was read as a real. Every snippet is also printed back as
// Stan and parsed again: the tree must come back unchanged.

/** Expressions, read as the value of `target += ...;`. */
const EXPRESSIONS: readonly (readonly [string, string])[] = [
  ['a + b * c', '(+ a (* b c))'],
  ['a - b - c', '(- (- a b) c)'],
  ['-x^2', '(- (^ x 2))'],
  ['2^3^2', '(^ 2 (^ 3 2))'],
  ['2^-1', '(^ 2 (- 1))'],
  ['x .^ 2 + y .^ -0.5', '(+ (.^ x 2) (.^ y (- 0.5)))'],
  ['a .* b ./ c * d / e % f', '(% (/ (* (./ (.* a b) c) d) e) f)'],
  ['A \\ b * c', '(* (\\ A b) c)'],
  ['n %/% 2 * 3', '(* (%/% n 2) 3)'],
  ['n % 2 == 0 && !flag || c != d', '(|| (&& (== (% n 2) 0) (! flag)) (!= c d))'],
  ['a < b == c >= d', '(== (< a b) (>= c d))'],
  ['a <= b && a > b', '(&& (<= a b) (> a b))'],
  ['c ? a : d ? e : f', '(?: c a (?: d e f))'],
  ['c > 0 ? a + 1 : b', '(?: (> c 0) (+ a 1) b)'],
  ["x' * A * x", "(* (* (' x) A) x)"],
  ["(a + b)' * c", "(* (' (+ a b)) c)"],
  ['-(-x) + +y', '(+ (- (- x)) y)'],
  ['2.*x', '(* 2.0 x)'],
  ['x.*y + x./y', '(+ (.* x y) (./ x y))'],
  ['1.5e-3 + .5 + 1. + 1e10 + 2E+3 + 1_000 + 0.25', '(+ (+ (+ (+ (+ (+ 0.0015 0.5) 1.0) 10000000000.0) 2000.0) 1000) 0.25)'],
  ['normal_lpdf(y | mu, sigma)', '(call normal_lpdf y | mu sigma)'],
  ['std_normal_lpdf(z |)', '(call std_normal_lpdf z |)'],
  ['normal_lcdf(y | 0, 1) + normal_lccdf(y | 0, 1) + normal_cdf(y | 0, 1)', '(+ (+ (call normal_lcdf y | 0 1) (call normal_lccdf y | 0 1)) (call normal_cdf y | 0 1))'],
  ['log_sum_exp(a, b) + pi() + e()', '(+ (+ (call log_sum_exp a b) (call pi)) (call e))'],
  ['target() + get_lp()', '(+ (call target) (call target))'],
  ['cov_exp_quad(x, alpha, rho)[1, 1] + fabs(z) + multiply_log(a, b) + binomial_coefficient_log(n, k)', '(+ (+ (+ (index (call gp_exp_quad_cov x alpha rho) 1 1) (call abs z)) (call lmultiply a b)) (call lchoose n k))'],
  ['y[n, :] * X[:, k]', '(* (index y n (: _ _)) (index X (: _ _) k))'],
  ['sum(y[2:]) + sum(y[:3]) + sum(y[2:N - 1])', '(+ (+ (call sum (index y (: 2 _))) (call sum (index y (: _ 3)))) (call sum (index y (: 2 (- N 1)))))'],
  ['sum(y[]) + sum(m[, 1])', '(+ (call sum (index y (: _ _))) (call sum (index m (: _ _) 1)))'],
  ['m[i][j] + y[idx][1] + y[{1, 3}][2]', '(+ (+ (index (index m i) j) (index (index y idx) 1)) (index (index y (array 1 3)) 2))'],
  ['[1, 2] * [3, 4]\'', "(* (row 1 2) (' (row 3 4)))"],
  ['sum([[1, 2], [3, 4]])', '(call sum (row (row 1 2) (row 3 4)))'],
  ['sum({1, 2, 3}) + sum({{1.5, 2}, {3, 4}})', '(+ (call sum (array 1 2 3)) (call sum (array (array 1.5 2) (array 3 4))))'],
  ['f(x)[1]\'', "(' (index (call f x) 1))"],
  ['(a ? b : c)[1]', '(index (?: a b c) 1)'],
];

type Block = Parameters<typeof blockTree>[0];

/** Statements and declarations, in the block named. */
const STATEMENTS: readonly (readonly [string, Block, string, string])[] = [
  ['sampling', 'model', 'y ~ normal(mu, sigma);', '(~ y normal (mu sigma))'],
  ['sampling, no arguments', 'model', 'z ~ std_normal();', '(~ z std_normal ())'],
  ['sampling an expression', 'model', 'log(y) - mu ~ normal(0, 1);', '(~ (- (call log y) mu) normal (0 1))'],
  ['truncation, both bounds', 'model', 'y ~ normal(mu, sigma) T[L, U];', '(~ y normal (mu sigma) (T L U))'],
  ['truncation, lower bound', 'model', 'y ~ normal(mu, sigma) T[0, ];', '(~ y normal (mu sigma) (T 0 _))'],
  ['truncation, upper bound', 'model', 'y ~ normal(mu, sigma) T[, 10.5];', '(~ y normal (mu sigma) (T _ 10.5))'],
  ['T is an ordinary name elsewhere', 'model', 'y[T] ~ normal(T, 1);', '(~ (index y T) normal (T 1))'],
  ['target +=', 'model', 'target += normal_lupdf(y | mu, sigma);', '(target+= (call normal_lupdf y | mu sigma))'],
  ['assignments', 'model', 'x = 1; x += 2; x -= 3; x *= 4; x /= 5; v .*= w; v ./= w;', '(= x 1) (+= x 2) (-= x 3) (*= x 4) (/= x 5) (.*= v w) (./= v w)'],
  ['indexed and sliced assignments', 'model', 'x[i, j] = 1; x[i][j] = 2; v[1:3] = w; m[:, 1] = c;', '(= (index x i j) 1) (= (index (index x i) j) 2) (= (index v (: 1 3)) w) (= (index m (: _ _) 1) c)'],
  ['a comparison with a negative number is not an assignment', 'model', 'if (x<-1) y = 1;', '(if (< x (- 1)) (then (= y 1)))'],
  ['for loop', 'model', 'for (i in 1:N) { y[i] ~ normal(mu, 1); }', '(for i 1 N (~ (index y i) normal (mu 1)))'],
  ['for loop without braces: the same tree', 'model', 'for (i in 1:N) y[i] ~ normal(mu, 1);', '(for i 1 N (~ (index y i) normal (mu 1)))'],
  ['for loop bounds are expressions', 'model', 'for (t in (K + 1):(N - 1)) x += y[t - K];', '(for t (+ K 1) (- N 1) (+= x (index y (- t K))))'],
  ['foreach', 'model', 'for (v in values) total += v;', '(foreach v values (+= total v))'],
  ['while', 'model', 'while (n < 10) { n += 1; }', '(while (< n 10) (+= n 1))'],
  ['if, else if, else', 'model', 'if (a) x = 1; else if (b) { x = 2; } else x = 3;', '(if a (then (= x 1)) (else (if b (then (= x 2)) (else (= x 3)))))'],
  ['dangling else binds to the nearest if', 'model', 'if (a) if (b) x = 1; else x = 2;', '(if a (then (if b (then (= x 1)) (else (= x 2)))))'],
  ['nested block and empty statement', 'model', '{ real z = 1; ; }', '(block (decl z (real) 1) (empty))'],
  ['print, reject, fatal_error', 'model', 'print("x = ", x, " and y"); reject("bad value: ", y); fatal_error("stop");', '(print "x = " x " and y") (reject "bad value: " y) (fatal_error "stop")'],
  ['a string with an escaped quote', 'model', 'print("say \\"hi\\"", x);', '(print "say \\\\\\"hi\\\\\\"" x)'],
  ['jacobian += in transformed parameters; jacobian is a name elsewhere', 'transformed parameters', 'real jac = 1; jacobian += log(sigma); real y = jacobian * 2;',
    '(decl jac (real) 1) (jacobian+= (call log sigma)) (decl y (real) (* jacobian 2))'],
  ['profile', 'model', 'profile("likelihood") { y ~ normal(mu, 1); }', '(profile "likelihood" (~ y normal (mu 1)))'],
  ['break and continue', 'model', 'while (1) { if (a) break; else continue; }', '(while 1 (if a (then (break)) (else (continue))))'],
  ['local declarations', 'model', 'real x; real y = 2.5; vector[N] v = rep_vector(0, N); row_vector[N] r; matrix[N, M] m;', '(decl x (real)) (decl y (real) 2.5) (decl v (vector N) (call rep_vector 0 N)) (decl r (row_vector N)) (decl m (matrix N M))'],
  ['local arrays', 'model', 'array[N] int a; array[N, M] vector[K] b;', '(decl a (array (N) (int))) (decl b (array (N M) (vector K)))'],
  ['several names share a type', 'model', 'real a, b = 2, c;', '(decl a (real)) (decl b (real) 2) (decl c (real))'],
  ['pre-2.33 local arrays', 'model', 'real a[N]; vector[K] th[G]; int y[N, M];', '(decl a (array (N) (real))) (decl th (array (G) (vector K))) (decl y (array (N M) (int)))'],
  ['pre-2.33 arrays, several names', 'model', 'real a[N], b;', '(decl a (array (N) (real))) (decl b (real))'],
  ['data declarations', 'data', 'int<lower=0> N; vector<lower=0>[N] s; row_vector[N] r; matrix<lower=-1, upper=1>[N, M] X;',
    '(decl N (int (lower 0))) (decl s (vector N (lower 0))) (decl r (row_vector N)) (decl X (matrix N M (lower (- 1)) (upper 1)))'],
  ['data arrays, both syntaxes', 'data', 'array[N] int<lower=0, upper=1> y; int<lower=0, upper=1> z[N]; array[N, M] real w;',
    '(decl y (array (N) (int (lower 0) (upper 1)))) (decl z (array (N) (int (lower 0) (upper 1)))) (decl w (array (N M) (real)))'],
  ['bounds in either order', 'data', 'real<upper=1, lower=0> p;', '(decl p (real (lower 0) (upper 1)))'],
  ['offset and multiplier', 'parameters', 'real<offset=mu, multiplier=tau> a; real<multiplier=2> b; vector<multiplier=s, offset=m>[J] c;',
    '(decl a (real (offset mu) (multiplier tau))) (decl b (real (multiplier 2))) (decl c (vector J (offset m) (multiplier s)))'],
  ['vector-valued bounds and bounds over other parameters', 'parameters', 'real<lower=0> a; real<lower=0, upper=(1 - a)> b; vector<lower=L, upper=U>[N] c;',
    '(decl a (real (lower 0))) (decl b (real (lower 0) (upper (- 1 a)))) (decl c (vector N (lower L) (upper U)))'],
  ['constrained vectors', 'parameters', 'simplex[K] theta; unit_vector[3] u; sum_to_zero_vector[K] z; ordered[K] c; positive_ordered[K] p;',
    '(decl theta (simplex K)) (decl u (unit_vector 3)) (decl z (sum_to_zero_vector K)) (decl c (ordered K)) (decl p (positive_ordered K))'],
  ['constrained matrices', 'parameters', 'cholesky_factor_corr[K] L; cholesky_factor_cov[M, N] F; cholesky_factor_cov[M] G; corr_matrix[K] R; cov_matrix[K] S;',
    '(decl L (cholesky_factor_corr K)) (decl F (cholesky_factor_cov M N)) (decl G (cholesky_factor_cov M)) (decl R (corr_matrix K)) (decl S (cov_matrix K))'],
  ['stochastic and zero-sum matrices', 'parameters', 'column_stochastic_matrix[N, M] P; row_stochastic_matrix[N, M] Q; sum_to_zero_matrix[N, M] Z;',
    '(decl P (column_stochastic_matrix N M)) (decl Q (row_stochastic_matrix N M)) (decl Z (sum_to_zero_matrix N M))'],
  ['arrays of constrained parameters, both syntaxes', 'parameters', 'array[G] simplex[K] a; simplex[K] b[G]; array[2, 3] real<lower=0> c;',
    '(decl a (array (G) (simplex K))) (decl b (array (G) (simplex K))) (decl c (array (2 3) (real (lower 0))))'],
  ['transformed parameters with values', 'transformed parameters', 'real<lower=0> s = exp(log_s); vector[J] theta = mu + tau * eta;',
    '(decl s (real (lower 0)) (call exp log_s)) (decl theta (vector J) (+ mu (* tau eta)))'],
  ['statements in transformed data', 'transformed data', 'array[N] int idx; for (n in 1:N) idx[n] = N - n + 1;',
    '(decl idx (array (N) (int))) (for n 1 N (= (index idx n) (+ (- N n) 1)))'],
  ['generated quantities with _rng', 'generated quantities', 'array[N] real y_rep = normal_rng(mu, sigma); real z = bernoulli_logit_rng(0.5);',
    '(decl y_rep (array (N) (real)) (call normal_rng mu sigma)) (decl z (real) (call bernoulli_logit_rng 0.5))'],
  ['lower, upper, offset, multiplier are names outside constraints', 'model', 'real lower = 1; real upper = lower + offset * multiplier;',
    '(decl lower (real) 1) (decl upper (real) (+ lower (* offset multiplier)))'],
];

/** Whole programs. */
const PROGRAMS: readonly (readonly [string, string, string])[] = [
  ['the empty program', '', ''],
  ['empty blocks', 'data { } model { }', '(data)\n(model)'],
  ['all seven blocks, in order', 'functions { } data { } transformed data { } parameters { } transformed parameters { } model { } generated quantities { }',
    '(functions)\n(data)\n(transformed_data)\n(parameters)\n(transformed_parameters)\n(model)\n(generated_quantities)'],
  ['comments of every kind', 'data {\n  int N; // count\n  # old-style comment\n  /* a\n     block */ real y;\n}\n', '(data (decl N (int)) (decl y (real)))'],
  ['comments between the words of a block name', 'transformed /* here */ data { }', '(transformed_data)'],
  ['a function with data arguments', 'functions {\n  real foo(real x, data vector y) {\n    return x + sum(y);\n  }\n}',
    '(functions (function real foo ((real x) (data vector y)) (return (+ x (call sum y)))))'],
  ['a void function and its call statement', 'functions {\n  void check(real x) {\n    if (x < 0) reject("negative: ", x);\n    return;\n  }\n}\nmodel {\n  check(1.5);\n}',
    '(functions (function void check ((real x)) (if (< x 0) (then (reject "negative: " x))) (return)))\n(model (do (call check 1.5)))'],
  ['array argument types in both syntaxes', 'functions {\n  array[] real f(array[,] real a, real[] b, vector[] c, int[,] d) { return b; }\n}',
    '(functions (function array[] real f ((array[,] real a) (array[] real b) (array[] vector c) (array[,] int d)) (return b)))'],
  ['a user density used with ~ and with |', 'functions {\n  real my_lpdf(real y, real mu) { return -square(y - mu); }\n}\nparameters { real y; }\nmodel {\n  y ~ my(0);\n  target += my_lpdf(y | 1);\n}',
    '(functions (function real my_lpdf ((real y) (real mu)) (return (- (call square (- y mu))))))\n(parameters (decl y (real)))\n(model (~ y my (0)) (target+= (call my_lpdf y | 1)))'],
  ['forward declaration and recursion', 'functions {\n  int fib(int n);\n  int fib(int n) {\n    if (n < 2) return n;\n    return fib(n - 1) + fib(n - 2);\n  }\n}',
    '(functions (function int fib ((int n)) forward) (function int fib ((int n)) (if (< n 2) (then (return n))) (return (+ (call fib (- n 1)) (call fib (- n 2))))))'],
  ['an _rng function, called in generated quantities', 'functions {\n  real half_normal_rng(real s) { return abs(normal_rng(0, s)); }\n}\ngenerated quantities {\n  real z = half_normal_rng(2);\n}',
    '(functions (function real half_normal_rng ((real s)) (return (call abs (call normal_rng 0 s)))))\n(generated_quantities (decl z (real) (call half_normal_rng 2)))'],
  ['an _lp function adds to target', 'functions {\n  void prior_lp(real x) { target += -x; x ~ normal(0, 1); }\n}\nparameters { real x; }\nmodel {\n  prior_lp(x);\n}',
    '(functions (function void prior_lp ((real x)) (target+= (- x)) (~ x normal (0 1))))\n(parameters (decl x (real)))\n(model (do (call prior_lp x)))'],
  ['a while loop with break in a function', 'functions {\n  int first_above(vector v, real c) {\n    int i = 1;\n    while (i <= num_elements(v)) {\n      if (v[i] > c) break;\n      i += 1;\n    }\n    return i;\n  }\n}',
    '(functions (function int first_above ((vector v) (real c)) (decl i (int) 1) (while (<= i (call num_elements v)) (if (> (index v i) c) (then (break))) (+= i 1)) (return i)))'],
  ['a _jacobian function called in transformed parameters', 'functions {\n  real upper_bound_jacobian(real x, real ub) {\n    jacobian += x;\n    return ub - exp(x);\n  }\n}\nparameters { real b_raw; }\ntransformed parameters {\n  real b = upper_bound_jacobian(b_raw, 1);\n}',
    '(functions (function real upper_bound_jacobian ((real x) (real ub)) (jacobian+= x) (return (- ub (call exp x)))))\n(parameters (decl b_raw (real)))\n(transformed_parameters (decl b (real) (call upper_bound_jacobian b_raw 1)))'],
  ['overloads are distinct functions', 'functions {\n  real g(real x) { return x; }\n  real g(vector x) { return sum(x); }\n}',
    '(functions (function real g ((real x)) (return x)) (function real g ((vector x)) (return (call sum x))))'],
];

describe('parseStan: expressions', () => {
  it.each(EXPRESSIONS)('%s', (source, expected) => {
    expect(exprTree(source)).toBe(expected);
    const program = parseStan(`model {\n  target += ${source};\n}\n`);
    expect(reprinted(program)).toBe(tree(`model {\n  target += ${source};\n}\n`));
  });
});

describe('parseStan: statements and declarations', () => {
  it.each(STATEMENTS)('%s', (_, block, source, expected) => {
    expect(blockTree(block, source)).toBe(expected);
    const program = parseStan(`${block} {\n${source}\n}\n`);
    expect(reprinted(program)).toBe(tree(`${block} {\n${source}\n}\n`));
  });
});

describe('parseStan: programs', () => {
  it.each(PROGRAMS)('%s', (_, source, expected) => {
    expect(tree(source)).toBe(expected);
    expect(reprinted(parseStan(source))).toBe(expected);
  });

  it('has at least 60 snippets in its table', () => {
    expect(EXPRESSIONS.length + STATEMENTS.length + PROGRAMS.length).toBeGreaterThanOrEqual(60);
  });
});
