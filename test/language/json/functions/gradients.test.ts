import { describe, it } from 'vitest';
import { expectGradientsMatch } from '../../../helpers/gradients.js';
import { compileExpression, tensor, type Inputs } from './compile.js';

// Derivatives of the spec functions, through the whole lowering: each expression is a
// function of the parameters below, checked by checkGrad (central differences, forward =
// reverse, second order) after `project` reduces it to a scalar.

const inputs: Inputs = {
  s: 0.7,
  p: 0.3,
  x: tensor([0.3, -1.2, 2.5, 0.9]),
  y: tensor([1.1, 0.4, -0.6, 2.0]),
  B: tensor([
    [0.1, 2, -1],
    [1.5, 0.3, 0.7],
    [-0.4, 1.1, 2.2],
  ]),
};

/** A symmetric positive-definite matrix and its Cholesky factor, built from B (so both move with it). */
const S = 'add_diag(tcrossprod(B), 1)';
const L = `cholesky_decompose(${S})`;
const v = 'x[1:3]';

const EXPRESSIONS: readonly (string | readonly [string, 1 | 2])[] = [
  'asin(p) + acos(p) * atan(x) + atanh(p)',
  'atan2(x, y + 3) + hypot(x, y) + cbrt(x)',
  'sinh(x) .* cosh(y) + asinh(x) + acosh(s + 1.5)',
  'fmod(x, 3.3) + x .^ 2 + exp(y) .^ s',
  'lmultiply(x .* x, y .* y + 1) + multiply_log(s, p)',
  'log_diff_exp(y + 4, x) + log1m_exp(-exp(x))',
  'fma(x, y, s) + inv_cloglog(x) + Phi_approx(x)',
  'binary_log_loss(1, p) + binary_log_loss(0, inv_logit(x)) + log_inv_logit_diff(x + 3, x)',
  'tgamma(x + 2) + lbeta(exp(x), exp(y)) + beta(s, 2 * s)',
  'lchoose(exp(x) + 5, exp(y)) + falling_factorial(s + 4, 2) + rising_factorial(s, 3)',
  'log_falling_factorial(s + 4, 2) + log_rising_factorial(s, 3) + lmgamma(3, s + 2)',
  'inv_Phi(p) + inv_erfc(p) + lambert_w0(exp(x)) + lambert_wm1(-inv_logit(x) * 0.3)',
  'gamma_p(2.5, exp(x)) + gamma_q(0.7, exp(y)) + inc_beta(2, 3, inv_logit(x)) + inv_inc_beta(2, 0.5, p) + owens_t(x, y)',
  // The shape derivatives of the incomplete functions are differences without derivatives of their own: first order.
  ['gamma_p(exp(y), exp(x)) + gamma_q(s + 1, exp(x)) + inc_beta(exp(x), exp(y), p) + inv_inc_beta(s, exp(y), p)', 1],
  'prod(x) + norm1(x) + norm2(x) + squared_distance(x, y) + distance(x, y)',
  'sort_asc(x) + 2 * sort_desc(y)',
  'columns_dot_product(B, B) + columns_dot_self(B) + rows_dot_product(B, B .* B)\' + rows_dot_self(B)\'',
  `quad_form(${S}, B) + trace_quad_form(${S}, B) + trace_gen_quad_form(B * B', ${S}, B)`,
  `quad_form_sym(${S}, ${v}) + quad_form(B, ${v})`,
  `mdivide_left(B, ${v}) + B \\ B * ${v} + (${v}' / B)' + mdivide_right(B, B) * ${v}`,
  `mdivide_left_spd(${S}, ${v}) + mdivide_right_spd(${v}', ${S})' + mdivide_right_tri_low(${v}', ${L})'`,
  `inverse(B) + inverse_spd(${S}) + chol2inv(${L})`,
  `determinant(B) + log_determinant(B) + log_determinant_spd(${S})`,
  `eigenvalues_sym(${S}) + eigenvectors_sym(${S}) * ${v}`,
  'singular_values(B) * sum(singular_values(block(B, 1, 1, 2, 3)))',
  ['matrix_exp(B) + matrix_exp_multiply(B, B) + scale_matrix_exp_multiply(s, B, B)', 1],
  'matrix_power(B, 3) + symmetrize_from_lower_tri(B)',
  "svd_U(B) * svd_V(B)'",
  'sum(svd_U(block(B, 1, 1, 2, 3)) .* [[1, 2], [3, 4]]) + sum(svd_V(block(B, 1, 1, 2, 3)) .* [[1, 2], [3, 4], [5, 6]])',
  'sum(qr_thin_Q(block(B, 1, 1, 3, 2)) .* [[1, 2], [3, 4], [5, 6]]) + sum(qr_thin_R(block(B, 1, 1, 3, 2)) .* [[1, 2], [3, 4]])',
  'generalized_inverse(B) + sum(generalized_inverse(block(B, 1, 1, 2, 3)) .* [[1, 2], [3, 4], [5, 6]])',
  'gp_exp_quad_cov(x, s, 1.5) + gp_exponential_cov(x, s, 1.5) + gp_matern32_cov(x, y, s, 1.5) .* gp_matern52_cov(x, y, s, 1.5)',
  'gp_periodic_cov(x, s, 1.5, 2.5) + gp_dot_prod_cov(x, y, s) + ldexp(s, 3)',
  'block(B, 2, 1, 2, 2) + to_matrix(x, 2, 2) + to_matrix(x, 2, 2, 0)',
  'sub_col(B, 2, 3, 2) + sub_row(B, 1, 2, 2)\' + to_array_1d(block(B, 1, 1, 2, 1))',
];

describe('spec function derivatives', () => {
  it.each(EXPRESSIONS.map((e) => (typeof e === 'string' ? [e, 2] : e)))('%s', (source, order) => {
    const { fn } = compileExpression(source, inputs);
    expectGradientsMatch(fn, inputs, 1e-6, order as 1 | 2);
  });
});
