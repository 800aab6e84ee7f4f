import { describe, expect, it } from 'vitest';
import { fill, linspace, ones, sizeOf, tensor, Tensor, zeros } from '../../src/ad/index.js';

describe('tensor()', () => {
  it('infers the shape of nested arrays, row-major', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(tensor([[[1], [2]], [[3], [4]]]).shape).toEqual([2, 2, 1]);
  });

  it('takes flat data with a shape, or a Float64Array as a vector without copying', () => {
    expect(tensor([1, 2, 3, 4], [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
    const data = Float64Array.of(1, 2, 3);
    const t = tensor(data);
    expect(t.shape).toEqual([3]);
    expect(t.data).toBe(data);
    expect(tensor(Float64Array.of(1, 2, 3, 4), [4, 1]).shape).toEqual([4, 1]);
  });

  it('makes empty tensors', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[]]).shape).toEqual([1, 0]);
  });

  it('refuses ragged input, saying where', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array at values[1]: expected 2 entries');
    expect(() => tensor([[1, 2], 3] as never)).toThrow('tensor: ragged nested array at values[1]: expected 2 entries');
    expect(() => tensor([1, [2]] as never)).toThrow('tensor: value at values[1] is not a number');
    expect(() => tensor([[1, 2], [3, 'x']] as never)).toThrow('tensor: value at values[1][1] is not a number');
  });

  it('refuses a shape that does not hold the data, and scalars', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('Tensor: shape [2, 2] holds 4 values, but 3 were given');
    expect(() => new Tensor(Float64Array.of(1), [])).toThrow('Tensor: a tensor needs at least one dimension; use a number for scalars');
    expect(() => new Tensor(new Float64Array(0), [2, -1])).toThrow('Tensor: shape [2, -1] has -1, but dimensions must be non-negative integers');
  });
});

describe('constructors', () => {
  it('zeros, ones and fill', () => {
    expect(zeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(fill([1, 2], 7).toArray()).toEqual([[7, 7]]);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
  });

  it('linspace includes both ends', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(-7, 7, 200).get(199)).toBe(7);
    expect(linspace(3, 9, 1).toArray()).toEqual([3]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });
});

describe('reading values', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);

  it('get reads by multi-index', () => {
    expect(t.get(0, 0)).toBe(1);
    expect(t.get(1, 2)).toBe(6);
    expect(tensor([9]).get(0)).toBe(9);
  });

  it('get refuses a wrong number of indices or an index out of range', () => {
    expect(() => t.get(1)).toThrow('Tensor.get: 1 indices for a tensor of shape [2, 3]');
    expect(() => t.get(2, 0)).toThrow('Tensor.get: index 0 is 2, but must be an integer in [0, 1]');
    expect(() => t.get(0, 1.5)).toThrow('Tensor.get: index 1 is 1.5, but must be an integer in [0, 2]');
  });

  it('toArray and toString give nested arrays', () => {
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([[[1, 2]], [[3, 4]]]).toArray()).toEqual([[[1, 2]], [[3, 4]]]);
    expect(t.toString()).toBe('Tensor([[1,2,3],[4,5,6]], shape [2, 3])');
  });
});
