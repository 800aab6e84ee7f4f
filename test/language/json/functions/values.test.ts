import gammaFn from '@stdlib/math-base-special-gamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import betaln from '@stdlib/math-base-special-betaln';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { compileExpression, elementsOf, tensor, type Inputs } from './compile.js';

// Values of the spec functions against closed forms and @stdlib (the R-generated
// references are in reference.test.ts). Each row: an expression over the inputs below, its
// expected elements, and a relative tolerance.

const x = [0.3, -1.2, 2.5, 0.9];
const y = [1.1, 0.4, -0.6, 2.0];
const B = [
  [0.1, 2, -1],
  [1.5, 0.3, 0.7],
  [-0.4, 1.1, 2.2],
];
const inputs: Inputs = { s: 0.7, x: tensor(x), y: tensor(y), B: tensor(B), p: 0.3 };
const data: Inputs = { n: 4, k: 2, idx: tensor([3, 1, 2]) };

const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));
const lgammaRatio = (a: number, b: number): number => gammaln(a) - gammaln(b);
const s = 0.7;

const CASES: readonly (readonly [string, number | readonly number[], number?])[] = [
  // Elementary
  ['asin(s) + acos(s)', Math.PI / 2],
  ['atan2(1, -1)', (3 * Math.PI) / 4],
  ['sinh(s) + cosh(s)', Math.exp(s)],
  ['asinh(sinh(s)) + acosh(cosh(s)) + atanh(tanh(s))', 3 * s],
  ['{floor(-2.5), ceil(-2.5), round(-2.5), trunc(-2.5), round(2.5)}', [-3, -2, -3, -2, 3]],
  ['fmod(7.5, -2) + fmod(-7, 3)', 1.5 - 1],
  ['step(0) + step(-0.1) + int_step(0) + int_step(2)', 2],
  ['is_inf(positive_infinity()) + is_nan(not_a_number()) + is_inf(1)', 2],
  ['to_int(-3.9) + to_int(3.9)', 0],
  ['sign(x)', [1, -1, 1, 1]],
  ['choose(10, 3) + choose(3, 10)', 120],
  ['log2() + log10() + log2(8)', Math.LN2 + Math.LN10 + 3],
  ['cbrt(-27) + exp2(3) + inv(4) + inv_sqrt(4) + inv_square(2)', -3 + 8 + 0.25 + 0.5 + 0.25],
  ['hypot(3, 4) + fdim(5, 2) + fdim(2, 5)', 8],
  // Composed
  ['lmultiply(0, 0) + multiply_log(2, 3)', 2 * Math.log(3)],
  ['log_diff_exp(2, 1)', Math.log(Math.exp(2) - Math.exp(1))],
  ['log_diff_exp(0, -50)', Math.log1p(-Math.exp(-50))],
  ['log1m_exp(-1e-20)', Math.log(1e-20), 1e-12],
  ['log1m_exp(-50)', -Math.exp(-50), 1e-12],
  ['fma(2, 3, 4)', 10],
  ['inv_cloglog(s)', 1 - Math.exp(-Math.exp(s))],
  ['binary_log_loss(1, 0.8) + binary_log_loss(0, 0.8)', -Math.log(0.8) - Math.log(0.2)],
  ['log_inv_logit_diff(1.5, -0.5)', Math.log(sigmoid(1.5) - sigmoid(-0.5))],
  ['Phi_approx(s)', sigmoid(0.07056 * s ** 3 + 1.5976 * s)],
  // Special
  ['tgamma(4.5)', gammaFn(4.5)],
  ['lbeta(300, 400)', betaln(300, 400), 1e-14],
  ['beta(2, 3)', 1 / 12],
  ['lchoose(10, 3)', Math.log(120)],
  ['falling_factorial(5, 2) + rising_factorial(5, 2) + log_falling_factorial(5, 2) + log_rising_factorial(5, 2)', 20 + 30 + Math.log(20) + Math.log(30)],
  ['lmgamma(3, 2.5)', (3 * 2 * Math.log(Math.PI)) / 4 + gammaln(2.5) + gammaln(2) + gammaln(1.5)],
  ['inv_Phi(Phi(s))', s, 1e-14],
  ['Phi(inv_erfc(0.4) * -sqrt2())', 0.2, 1e-14],
  ['lambert_w0(e()) + lambert_wm1(-log(2) / 2)', 1 - 2 * Math.LN2],
  // Owen's T: T(0, a) = atan(a)/2π, T(h, 1) = Φ(h)(1 − Φ(h))/2, odd in a.
  ['owens_t(0, 0.5) + owens_t(1.7, 1) + owens_t(0.8, -0.6) + owens_t(0.8, 0.6)', Math.atan(0.5) / (2 * Math.PI) + (normalCdf(1.7, 0, 1) * (1 - normalCdf(1.7, 0, 1))) / 2, 1e-13],
  ['lchoose(1000.5, 3.5) + binomial_coefficient_log(7.5, 2.25)', gammaln(1001.5) - gammaln(4.5) - gammaln(998) + gammaln(8.5) - gammaln(3.25) - gammaln(6.25), 1e-12],
  // Reductions and arrays
  ['prod(x)', x.reduce((a, b) => a * b, 1)],
  ['prod(idx)', 6],
  ['norm1(x) + norm2(x)', sum(x.map(Math.abs)) + Math.sqrt(sum(x.map((v) => v * v)))],
  ['squared_distance(x, y) + distance(3, 7)', sum(x.map((v, i) => (v - y[i]!) ** 2)) + 4],
  ['sort_asc(x)', [-1.2, 0.3, 0.9, 2.5]],
  ['sort_desc(x)', [2.5, 0.9, 0.3, -1.2]],
  ['sort_indices_asc(x)', [2, 1, 4, 3]],
  ['sort_indices_desc(x)', [3, 4, 1, 2]],
  ['rank(x, 4)', 2],
  ['dims(B)', [3, 3]],
  ['append_array(idx, {7, 8})', [3, 1, 2, 7, 8]],
  ['quantile(idx, 0.25)', 1.5],
  ['linspaced_vector(5, 0, 1)', [0, 0.25, 0.5, 0.75, 1]],
  ['linspaced_row_vector(1, 2, 3)', [3]],
  ['linspaced_int_array(5, 1, 10)', [1, 3, 5, 7, 9]],
  ['linspaced_int_array(6, 1, 3)', [1, 1, 2, 2, 3, 3]],
  ['one_hot_int_array(4, 2) + ones_int_array(4)', [1, 2, 1, 1]],
  ['zeros_row_vector(2)', [0, 0]],
  ['uniform_simplex(4)', [0.25, 0.25, 0.25, 0.25]],
  // Conversions and slicing
  ['to_matrix(x, 2, 2)', [0.3, 2.5, -1.2, 0.9]],
  ['to_matrix(x, 2, 2, 0)', [0.3, -1.2, 2.5, 0.9]],
  ['to_matrix(x)', x],
  ['to_array_1d(B)', [0.1, 1.5, -0.4, 2, 0.3, 1.1, -1, 0.7, 2.2]],
  ['block(B, 2, 2, 2, 2)', [0.3, 0.7, 1.1, 2.2]],
  ['sub_col(B, 2, 3, 2)', [0.7, 2.2]],
  ['sub_row(B, 1, 2, 2)', [2, -1]],
  // Products
  ['columns_dot_product(B, B)', [0.01 + 2.25 + 0.16, 4 + 0.09 + 1.21, 1 + 0.49 + 4.84]],
  ['rows_dot_self(B)', [0.01 + 4 + 1, 2.25 + 0.09 + 0.49, 0.16 + 1.21 + 4.84]],
  ['columns_dot_product(x, y)', [sum(x.map((v, i) => v * y[i]!))]],
  ['rows_dot_product(x, y)', x.map((v, i) => v * y[i]!)],
  ['quad_form(B, x[1:3]) - x[1:3]\' * B * x[1:3]', 0, 1e-14],
  ['trace_quad_form(B, B) - trace(B\' * B * B)', 0, 1e-14],
  ['symmetrize_from_lower_tri(B)', [0.1, 1.5, -0.4, 1.5, 0.3, 1.1, -0.4, 1.1, 2.2]],
  ['matrix_power(B, 3) - B * B * B', new Array<number>(9).fill(0), 1e-14],
  ['matrix_power(B, 0)', [1, 0, 0, 0, 1, 0, 0, 0, 1]],
  // Operators
  ['x .^ 2', x.map((v) => v * v)],
  ['2 .^ idx', [8, 2, 4]],
  ['B \\ [1, 2, 3]', elementsOf(compileExpression('mdivide_left(B, [1, 2, 3])', inputs).fn(inputs))],
  ["[1, 2, 3]' / B", elementsOf(compileExpression("mdivide_right([1, 2, 3]', B)", inputs).fn(inputs))],
  ['B * (B \\ B) - B', new Array<number>(9).fill(0), 1e-14],
  ['lgamma(s) - lgamma(s + 1)', lgammaRatio(s, s + 1)],
  ['Phi(s)', normalCdf(s, 0, 1)],
];

describe('spec function values', () => {
  it.each(CASES.map(([source, expected, tolerance]) => [source, expected, tolerance ?? 1e-13] as const))('%s', (source, expected, tolerance) => {
    const { fn } = compileExpression(source, inputs, data, { idx: 'int_array', n: 'int', k: 'int' });
    const actual = elementsOf(fn(inputs));
    const wanted = typeof expected === 'number' ? [expected] : expected;
    expect(actual).toHaveLength(wanted.length);
    actual.forEach((a, i) => expect(Math.abs(a - wanted[i]!), `element ${i + 1}: ${a} vs ${wanted[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(wanted[i]!))));
  });

  it('types follow Stan', () => {
    const typeOf = (source: string): string => compileExpression(source, inputs, data, { idx: 'int_array', n: 'int', k: 'int' }).type;
    expect(typeOf('sort_indices_asc(x)')).toBe('int array[4]');
    expect(typeOf('rank(x, 2)')).toBe('int');
    expect(typeOf('columns_dot_product(B, B)')).toBe('row_vector[3]');
    expect(typeOf('rows_dot_product(B, B)')).toBe('vector[3]');
    expect(typeOf('quad_form(B, B)')).toBe('matrix[3, 3]');
    expect(typeOf('quad_form(B, x[1:3])')).toBe('real');
    expect(typeOf('x .^ 2')).toBe('vector[4]');
    expect(typeOf('idx .^ 2')).toBe('vector[3]');
    expect(typeOf('B \\ B')).toBe('matrix[3, 3]');
    expect(typeOf("x[1:3]' / B")).toBe('row_vector[3]');
    expect(typeOf('to_matrix(x, 2, 2)')).toBe('matrix[2, 2]');
    expect(typeOf('to_array_1d(idx)')).toBe('int array[3]');
    expect(typeOf('linspaced_int_array(n, 1, 10)')).toBe('int array[4]');
    expect(typeOf('block(B, 1, 1, 2, 3)')).toBe('matrix[2, 3]');
    expect(typeOf('singular_values(block(B, 1, 1, 2, 3))')).toBe('vector[2]');
    expect(typeOf('is_nan(x)')).toBe('int array[4]');
    expect(typeOf('sign(k)')).toBe('int');
    expect(typeOf('choose(n, k)')).toBe('int');
  });
});
