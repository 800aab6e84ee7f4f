import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../../src/language/json/check.js';
import { formatIssue, formatPath } from '../../../../src/language/json/errors.js';

// Argument mistakes in calls of the function library, as `leapfrog check` reports them:
// each at the JSON path of the expression, naming the function, the argument and the form
// it expects, before anything runs.

type Json = Record<string, any>;

const spec = (statement: Json): Json => ({
  data: {
    N: { type: 'int', lower: 1 },
    y: { type: 'vector', size: 'N' },
    X: { type: 'matrix', rows: 'N', cols: 3 },
    group: { type: 'int_array', size: 'N' },
  },
  parameters: { beta: { type: 'vector', size: 3 }, sigma: { type: 'real', lower: 0 }, S: { type: 'cholesky_factor_cov', size: 3 } },
  model: [statement, { sample: 'y', distribution: 'normal', args: ['X * beta', 'sigma'] }],
});

const data = {
  N: 4,
  y: [0.1, -0.3, 1.2, 0.4],
  X: [
    [1, 0.2, -1],
    [1, -0.5, 0.3],
    [1, 1.1, 0.8],
    [1, 0.4, -0.2],
  ],
  group: [1, 2, 2, 1],
};

const MISTAKES: readonly (readonly [string, Json, string, string])[] = [
  ['a solve with a non-square matrix', { target: 'sum(mdivide_left(X, y))' }, 'model[0].target', 'mdivide_left: argument 1 must be a square matrix, but is a matrix[4, 3]'],
  ['left division by a non-square matrix', { target: 'sum(X \\ y)' }, 'model[0].target', "the left operand of '\\' must be a square matrix"],
  ['a right-hand side of the wrong size', { target: 'sum(S \\ y)' }, 'model[0].target', "'\\': the matrix is 3 × 3, but the right operand has 4 rows"],
  ['the determinant of a vector', { target: 'log_determinant(beta)' }, 'model[0].target', 'log_determinant: argument 1 must be a square matrix, but is a vector[3]'],
  ['a quadratic form of mismatched sizes', { target: 'quad_form(S, y)' }, 'model[0].target', 'quad_form: B has 4 rows, but A is 3 × 3'],
  ['sorting a matrix', { target: 'sum(sort_asc(X))' }, 'model[0].target', 'sort_asc: argument 1 must be a vector, row vector or array, but is a matrix[4, 3]'],
  ['a rank without its position', { target: 'rank(y)' }, 'model[0].target', 'rank takes 2 arguments, but 1 was given'],
  ['to_matrix with sizes that do not hold the elements', { local: 'M', value: 'to_matrix(y, 3, 3)' }, 'model[0].value', 'to_matrix: 3 × 3 does not hold the 4 elements of a vector[4]'],
  ['columns_dot_product of a vector and a matrix', { target: 'sum(columns_dot_product(y, X))' }, 'model[0].target', 'columns_dot_product: both arguments must be of one kind'],
  ['elementwise power of mismatched vectors', { target: 'sum(y .^ beta)' }, 'model[0].target', "'.^' needs operands of one shape, but their sizes differ: 4 and 3"],
  ['a real where choose needs an int', { target: 'choose(sigma, 2)' }, 'model[0].target', 'choose: argument 1 must be an int, but is a real'],
  ['a real size for linspaced_vector', { local: 'grid', value: 'linspaced_vector(sigma, 0, 1)' }, 'model[0].value', 'linspaced_vector: argument 1 must be an int (a size), but is a real'],
  ['a matrix where a GP covariance takes points', { local: 'K', value: 'gp_matern32_cov(X, sigma, 1)' }, 'model[0].value', 'gp_matern32_cov: argument 1 must be a vector of points, but is a matrix[4, 3]'],
  ['inc_beta of a vector and a matrix', { target: 'sum(inc_beta(2, y, X))' }, 'model[0].target', "'inc_beta' is not defined between a vector[4] and a matrix[4, 3]"],
  ['a block argument of the wrong type', { local: 'B', value: 'block(y, 1, 1, 2, 2)' }, 'model[0].value', 'block: argument 1 must be a matrix, but is a vector[4]'],
  ['an int array where append_array takes arrays of one kind', { local: 'a', value: 'append_array(group, X)' }, 'model[0].value', 'append_array: argument 2 must be an array, but is a matrix[4, 3]'],
  ['a misspelt function, with the nearest name', { target: 'lmultipy(sigma, 2)' }, 'model[0].target', "unknown function 'lmultipy' (did you mean 'lmultiply'?)"],
];

describe('function-library mistakes in specs: path, function, argument and form', () => {
  it.each(MISTAKES)('%s', (_mistake, statement, path, message) => {
    const result = checkSpec(spec(statement), data);
    if (result.ok) throw new Error('the spec was accepted');
    const all = result.issues.map(formatIssue).join('\n');
    const found = result.issues.find((i) => formatPath(i.path) === path);
    expect(found, `no issue at ${path}; issues:\n${all}`).toBeDefined();
    expect(found!.message, all).toContain(message);
  });

  it('accepts the same calls written right', () => {
    const right = spec({ target: "sum(mdivide_left(crossprod(X), X' * y)) + log_determinant(S) + quad_form(crossprod(X), beta) + sum(y .^ 2) * 0" });
    const result = checkSpec(right, data);
    expect(result.ok, result.ok ? '' : result.issues.map(formatIssue).join('\n')).toBe(true);
  });
});
