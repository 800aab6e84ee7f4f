import { describe, expect, it } from 'vitest';
import { grad, tensor, type Tensor, type Value } from '../../../src/ad/index.js';
import { dot } from '../../../src/ad/ops/linalg.js';
import { argsort, sort } from '../../../src/ad/ops/sort.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

const x = tensor([0.3, -1.2, 2.5, 0.3, -0.1]);

describe('sort', () => {
  it('sorts ascending and descending, ties in their original order', () => {
    expect(Array.from((sort(x) as Tensor).data)).toEqual([-1.2, -0.1, 0.3, 0.3, 2.5]);
    expect(Array.from((sort(x, { descending: true }) as Tensor).data)).toEqual([2.5, 0.3, 0.3, -0.1, -1.2]);
    expect(Array.from(argsort(x))).toEqual([1, 4, 0, 3, 2]);
    expect(Array.from(argsort(x, { descending: true }))).toEqual([2, 0, 3, 4, 1]);
  });
  it('routes each derivative back to the element it came from', () => {
    const weights = tensor([1, 10, 100, 1000, 10000]);
    const g = grad((v: Value) => dot(sort(v), weights))(x) as Tensor;
    expect(Array.from(g.data)).toEqual([100, 1, 10000, 1000, 10]);
  });
  it('matches finite differences away from ties', () => {
    const distinct = tensor([0.3, -1.2, 2.5, 0.9, -0.1]);
    expectGradientsMatch((v: Value) => sort(v), distinct);
    expectGradientsMatch((v: Value) => sort(v, { descending: true }), distinct);
  });
  it('refuses NaN, as Stan does', () => {
    expect(() => sort(tensor([1, NaN]))).toThrow('sort: element 2 is NaN');
  });
});
