import { describe, expect, it } from 'vitest';
import { checkGrad } from '../../../src/ad/check.js';
import { Tensor, tensor } from '../../../src/ad/tensor.js';
import { primal, type Value } from '../../../src/ad/trace.js';
import { lowerExpression } from '../../../src/language/json/lower-expression.js';
import { parseExpression } from '../../../src/language/json/parse.js';
import { Scope, type Frame } from '../../../src/language/json/scope.js';
import { intArrayType, matrixType, REAL, vectorType, formatType } from '../../../src/language/json/types.js';
import { DEFAULT_LIMITS } from '../../../src/models/api/limits.js';

// Expressions of the spec language evaluated with leapfrog's ops: values against plain
// JavaScript arithmetic, and derivatives through checkGrad (central differences, both
// AD modes) with respect to every input at once.

type Inputs = { readonly x: Tensor; readonly s: number; readonly M: Tensor };

const x = [0.3, -0.7, 1.2];
const s = 0.8;
const M = [
  [2, 0.5, -0.3],
  [0.1, 1.5, 0.4],
  [-0.2, 0.3, 1.8],
];
const idx = [3, 1, 1];

/** An expression as a function of the inputs {x, s, M}, with the int array idx as data. */
function compile(source: string): { fn: (inputs: Inputs) => Value; type: string } {
  const scope = Scope.root(new Map());
  const slots = { x: scope.defineSlot('x', 'parameter', vectorType(3), 'x').slot!, s: scope.defineSlot('s', 'parameter', REAL, 's').slot!, M: scope.defineSlot('M', 'parameter', matrixType(3, 3), 'M').slot! };
  scope.defineConstant('idx', 'data', intArrayType(3), 'idx', tensor(idx));
  const lowered = lowerExpression(parseExpression(source), { scope, foldable: true, allowRng: false, limits: DEFAULT_LIMITS });
  const fn = (inputs: Inputs): Value => {
    const frame = new Array(3);
    frame[slots.x] = inputs.x;
    frame[slots.s] = inputs.s;
    frame[slots.M] = inputs.M;
    return lowered.evaluate({ slots: frame });
  };
  return { fn, type: formatType(lowered.type) };
}

const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
const lse = (v: readonly number[]): number => Math.log(sum(v.map(Math.exp)));
const Mx = M.map((row) => sum(row.map((m, j) => m * x[j]!)));
const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));
const variance = (v: readonly number[]): number => {
  const m = sum(v) / v.length;
  return sum(v.map((a) => (a - m) ** 2)) / (v.length - 1);
};

/** [source, its value by plain arithmetic]. */
const CASES: readonly (readonly [string, number])[] = [
  ['sum(exp(x))', sum(x.map(Math.exp))],
  ['sum(log1p_exp(x))', sum(x.map((t) => Math.log1p(Math.exp(t))))],
  ['log_sum_exp(x)', lse(x)],
  ['log_sum_exp(s, 2 * s)', lse([s, 2 * s])],
  ['dot_product(x, x) + dot_self(x)', 2 * sum(x.map((t) => t * t))],
  ["x' * M * x", sum(x.map((t, i) => t * Mx[i]!))],
  ['sum(M * x)', sum(Mx)],
  ["sum(x' * M)", sum([0, 1, 2].map((j) => sum(x.map((t, i) => t * M[i]![j]!))))],
  ["sum(x * x')", sum(x) ** 2],
  ['sum(M * M)', sum([0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => sum([0, 1, 2].map((k) => M[i]![k]! * M[k]![j]!)))))],
  ['sum(softmax(x) .* x)', sum(x.map((t) => (Math.exp(t) / sum(x.map(Math.exp))) * t))],
  ['sum(log_softmax(x))', sum(x.map((t) => t - lse(x)))],
  ['sum(cumulative_sum(x))', 3 * x[0]! + 2 * x[1]! + x[2]!],
  ['sum(head(x, 2)) + 10 * sum(tail(x, 1)) + 100 * sum(segment(x, 2, 2))', x[0]! + x[1]! + 10 * x[2]! + 100 * (x[1]! + x[2]!)],
  ['sum(append_row(x, s) .* [1, 2, 3, 4])', x[0]! + 2 * x[1]! + 3 * x[2]! + 4 * s],
  ['sum(to_vector(M) .* [1, 2, 3, 4, 5, 6, 7, 8, 9])', sum([0, 1, 2].flatMap((j) => [0, 1, 2].map((i) => M[i]![j]! * (3 * j + i + 1))))],
  ['max(x) + min(x) + max(s, x[1])', Math.max(...x) + Math.min(...x) + Math.max(s, x[0]!)],
  ['mean(x) + sd(x) + variance(x)', sum(x) / 3 + Math.sqrt(variance(x)) + variance(x)],
  ['pow(s, 2.5) + s^3 + square(s)', s ** 2.5 + s ** 3 + s * s],
  ['sum(rep_vector(s, 3) .* x)', s * sum(x)],
  ['sum(x[2:3]) + x[2] * M[2, 3]', x[1]! + x[2]! + x[1]! * M[1]![2]!],
  ['sum(M[2]) + 10 * sum(M[:, 2])', sum(M[1]!) + 10 * sum(M.map((row) => row[1]!))],
  ['sum(x[idx])', x[2]! + 2 * x[0]!],
  ['sum(M[idx, 2])', M[2]![1]! + 2 * M[0]![1]!],
  ['sum(diag_pre_multiply(x, M)) + sum(diag_post_multiply(M, x))', sum(M.map((row, i) => sum(row) * x[i]!)) + sum(M.map((row) => sum(row.map((m, j) => m * x[j]!))))],
  ['log_mix(inv_logit(s), x[1], x[2])', Math.log(sigmoid(s) * Math.exp(x[0]!) + (1 - sigmoid(s)) * Math.exp(x[1]!))],
  ['normal_lpdf(x | s, 2)', sum(x.map((t) => -0.5 * ((t - s) / 2) ** 2 - Math.log(2) - 0.5 * Math.log(2 * Math.PI)))],
  ['s > 0 ? s^2 : -s', s * s],
  ['fmax(s, x[1]) + fmin(s, x[1]) + fabs(x[2])', s + x[0]! + 0.7],
  ['lgamma(s + 2) + log1m(inv_logit(s)) + log_inv_logit(s)', lgammaReference(s + 2) + Math.log(1 - sigmoid(s)) + Math.log(sigmoid(s))],
  ['sum(gp_exp_quad_cov(x, s, 1.5))', sum(x.flatMap((a) => x.map((b) => s * s * Math.exp(-((a - b) ** 2) / (2 * 1.5 * 1.5)))))],
  ["sum(cholesky_decompose(add_diag(M * M', 1.0)) * [1, 1, 1])", choleskyRowSums()],
  ['sum(mdivide_left_tri_low(cholesky_decompose(add_diag(rep_matrix(s, 3, 3), 1)), x))', triangularSolveSum()],
  ["sum(rep_matrix(x, 2)) + sum(rep_matrix(x', 2))", 4 * sum(x)],
  ['sum(to_matrix(x, 3, 1)) + sum(diag_matrix(x)) + trace(M)', 2 * sum(x) + M[0]![0]! + M[1]![1]! + M[2]![2]!],
];

/** log Γ(z) by Lanczos (g = 7, n = 9), for reference values. */
function lgammaReference(z: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const zz = z - 1;
  let a = c[0]!;
  const t = zz + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (zz + i);
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(a);
}

function choleskyOf(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = A[i]![j]!;
      for (let k = 0; k < j; k++) v -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(v) : v / L[j]![j]!;
    }
  }
  return L;
}

function choleskyRowSums(): number {
  const A = M.map((row, i) => M.map((other, j) => sum(row.map((m, k) => m * other[k]!)) + (i === j ? 1 : 0)));
  return sum(choleskyOf(A).flat());
}

function triangularSolveSum(): number {
  const L = choleskyOf([0, 1, 2].map((i) => [0, 1, 2].map((j) => s + (i === j ? 1 : 0))));
  const z: number[] = [];
  for (let i = 0; i < 3; i++) z.push((x[i]! - sum(z.map((zk, k) => L[i]![k]! * zk))) / L[i]![i]!);
  return sum(z);
}

describe('spec expressions: values and derivatives', () => {
  const inputs: Inputs = { x: tensor(x), s, M: tensor(M) };

  it.each(CASES)('%s', (source, expected) => {
    const { fn, type } = compile(source);
    expect(type).toMatch(/^(real|int)$/);
    const value = primal(fn(inputs)) as number;
    expect(Math.abs(value - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
    expect(checkGrad(fn, inputs)).toBeLessThan(1e-5);
  });

  it('types follow Stan: matrix * vector is a vector, a row of a matrix a row vector, x[idx] keeps the axis', () => {
    expect(compile('M * x').type).toBe('vector[3]');
    expect(compile("x' * M").type).toBe('row_vector[3]');
    expect(compile('M[2]').type).toBe('row_vector[3]');
    expect(compile('M[:, 2]').type).toBe('vector[3]');
    expect(compile('M[2:3, idx]').type).toBe('matrix[2, 3]');
    expect(compile('x[idx]').type).toBe('vector[3]');
    expect(compile('idx + 1').type).toBe('array[3] int');
    expect(compile('idx == 1').type).toBe('array[3] int');
    expect(compile('size(x) %/% 2').type).toBe('int');
    expect(compile("x * x'").type).toBe('matrix[3, 3]');
  });

  it('hoists the loop-invariant parts of an expression in a loop, and nothing that uses the loop variable', () => {
    const scope = Scope.root(new Map());
    scope.defineSlot('s', 'parameter', REAL, 's');
    scope.defineSlot('t', 'loop variable', { kind: 'int' }, 't');
    const hoisted: string[] = [];
    let count = 0;
    const hoist = (evaluate: (frame: Frame) => Value): ((frame: Frame) => Value) => {
      hoisted.push(`#${++count}`);
      return evaluate;
    };
    const lowered = lowerExpression(parseExpression('log(s) * t + exp(s) * 2'), { scope, foldable: true, allowRng: false, hoist, limits: DEFAULT_LIMITS });
    expect(lowered.invariant).toBe(false);
    // log(s), exp(s) and exp(s) * 2; not the products with t, nor the sum.
    expect(hoisted).toHaveLength(3);
  });

  it('folds data-only expressions to constants and keeps parameter expressions live', () => {
    const scope = Scope.root(new Map());
    scope.defineConstant('w', 'data', vectorType(2), 'w', tensor([1, 4]));
    const folded = lowerExpression(parseExpression('log(w) * 2'), { scope, foldable: true, allowRng: false, limits: DEFAULT_LIMITS });
    expect(folded.constant).toBe(true);
    expect(Array.from((folded.evaluate({ slots: [] }) as Tensor).data)).toEqual([0, 4 * Math.log(2)]);
  });
});
