import { describe, expect, it } from 'vitest';
import { checkMessage, compileExpression, tensor, type Inputs } from './compile.js';

// Type and shape rules of the spec functions: each mistake is caught when the expression is
// checked (before anything runs), by one message naming the function, the argument and
// the form it expects.

const inputs: Inputs = {
  s: 0.7,
  x: tensor([0.3, -1.2, 2.5, 0.9]),
  r: tensor([1, 2, 3]),
  B: tensor([
    [0.1, 2, -1],
    [1.5, 0.3, 0.7],
    [-0.4, 1.1, 2.2],
  ]),
  W: tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]),
  k: 2,
};
const kinds = { r: 'row_vector', k: 'int' } as const;

const MISTAKES: readonly (readonly [string, string])[] = [
  ['sort_asc(B)', 'sort_asc: argument 1 must be a vector, row vector or array, but is a matrix[3, 3]'],
  ['rank(x)', 'rank takes 2 arguments, but 1 was given'],
  ['rank(x, s)', 'rank: argument 2 must be an int (a size), but is a real'],
  ['choose(s, 2)', 'choose: argument 1 must be an int, but is a real'],
  ['lmgamma(s, 2)', 'lmgamma: argument 1 must be an int (the dimension), but is a real'],
  ['fma(x, r, s)', "'fma' is not defined between a vector[4] and a row_vector[3] (transpose one of them with ')"],
  ['to_matrix(x, 3, 2)', 'to_matrix: 3 × 2 does not hold the 4 elements of a vector[4]'],
  ['to_matrix(x, 2, 2, s)', 'to_matrix: argument 4 must be an int (1: fill by columns, 0: by rows), but is a real'],
  ['to_matrix(s)', 'to_matrix: argument 1 must be a vector, row vector, matrix or array, but is a real'],
  ['columns_dot_product(x, r)', 'columns_dot_product: both arguments must be of one kind (two vectors, two row vectors or two matrices), but are a vector[4] and a row_vector[3]'],
  ['rows_dot_product(B, W)', 'rows_dot_product: the matrices differ in shape (3 × 3 and 2 × 3)'],
  ['quad_form(W, x)', 'quad_form: argument 1 must be a square matrix, but is a matrix[2, 3]'],
  ['quad_form(B, x)', 'quad_form: B has 4 rows, but A is 3 × 3'],
  ['trace_gen_quad_form(B, B, W)', 'trace_gen_quad_form: B has 2 rows, but A is 3 × 3'],
  ['mdivide_left(B, x)', 'mdivide_left: argument 2 has 4 rows, but the matrix is 3 × 3'],
  ['mdivide_left(B, r)', 'mdivide_left: argument 2 must be a vector or matrix, but is a row_vector[3]'],
  ['mdivide_right(x, B)', 'mdivide_right: argument 1 must be a row vector or matrix, but is a vector[4]'],
  ['mdivide_left_spd(W, x)', 'mdivide_left_spd: argument 1 must be a square matrix, but is a matrix[2, 3]'],
  ['inverse(W)', 'inverse: argument 1 must be a square matrix, but is a matrix[2, 3]'],
  ['determinant(x)', 'determinant: argument 1 must be a square matrix, but is a vector[4]'],
  ['eigenvalues_sym(W)', 'eigenvalues_sym: argument 1 must be a square matrix, but is a matrix[2, 3]'],
  ['singular_values(x)', 'singular_values: argument 1 must be a matrix, but is a vector[4]'],
  ['matrix_power(B, s)', 'matrix_power: argument 2 must be an int (a size), but is a real'],
  ['block(x, 1, 1, 2, 2)', 'block: argument 1 must be a matrix, but is a vector[4]'],
  ['sub_row(B, 1, 1)', 'sub_row takes 4 arguments, but 3 were given'],
  ['linspaced_int_array(3, 1.0, 4)', 'linspaced_int_array: argument 2 must be an int, but is a real'],
  ['one_hot_vector(s, 1)', 'one_hot_vector: argument 1 must be an int (a size), but is a real'],
  ['append_array(x, B)', 'append_array: argument 2 must be an array, but is a matrix[3, 3]'],
  ['quantile(B, 0.5)', 'quantile: argument 1 must be a vector, row vector or array, but is a matrix[3, 3]'],
  ['squared_distance(x, r)', 'squared_distance: the vectors have different sizes (4 and 3)'],
  ['is_inf(B)', 'is_inf: argument 1 must be a scalar, vector or array, but is a matrix[3, 3]'],
  ['x .^ r', "'.^' is not defined between a vector[4] and a row_vector[3] (transpose one of them with ')"],
  ['B \\ r', "the right operand of '\\' must be a vector or matrix, but is a row_vector[3]"],
  ['W \\ x', "the left operand of '\\' must be a square matrix (A \\ b solves A x = b), but is a matrix[2, 3]"],
  ['r / W', "the divisor of '/' between matrices must be a square matrix (b / A = b A⁻¹), but is a matrix[2, 3]"],
  ['B ^ 2', "'^' on a matrix is not elementwise in Stan; write A .^ b for elementwise powers, or matrix_power(A, n) for the matrix power"],
  ['gp_matern32_cov(B, 1, 1)', 'gp_matern32_cov: argument 1 must be a vector of points, but is a matrix[3, 3]'],
  ['gp_periodic_cov(x, 1, 1)', 'gp_periodic_cov takes 4 or 5 arguments, but 3 were given'],
  ['svd_U(x)', 'svd_U: argument 1 must be a matrix, but is a vector[4]'],
  ['log2(x, x)', 'log2 takes 0 or 1 arguments, but 2 were given'],
  ['sort_acs(x)', "unknown function 'sort_acs' (did you mean 'sort_asc'?)"],
];

describe('spec function argument checks', () => {
  it.each(MISTAKES)('%s', (source, message) => expect(checkMessage(source, inputs, kinds)).toBe(message));

  it('run-time rules name the function and the values', () => {
    const run = (source: string): string => {
      try {
        compileExpression(source, inputs, {}, kinds).fn(inputs);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(run('block(B, 2, 2, 2, 3)')).toBe('block: rows 2 to 3 and columns 2 to 4 are outside a 3 × 3 matrix (positions are 1-based)');
    expect(run('rank(x, 5)')).toBe('rank: s is 5, but must be between 1 and 4');
    expect(run('linspaced_vector(3, 2, 1)')).toBe('linspaced_vector: upper (1) must be at least lower (2)');
    expect(run('one_hot_int_array(3, 4)')).toBe('one_hot_int_array: k is 4, but must be between 1 and n = 3');
    expect(run('inverse(rep_matrix(1, 2, 2))')).toBe('solve: the matrix is singular');
    expect(run('inverse_spd(B)')).toBe('inverse_spd: the matrix is not symmetric (element [2, 1] is 1.5, but [1, 2] is 2)');
    expect(run('quantile(x, 1.5)')).toBe('quantile: p is 1.5, but must be between 0 and 1');
    expect(run('to_int(positive_infinity())')).toBe('to_int: the result Infinity is not representable as an int (at most 2147483647 in magnitude)');
    expect(run('qr_thin_R(W)')).toBe('qr_thin_R: the matrix is 2 × 3, but needs at least as many rows as columns');
    expect(run('choose(40, 20)')).toMatch(/^choose: the result .* is not representable as an int/);
  });
});
