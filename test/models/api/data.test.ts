import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/ad/index.js';
import { DataError, defineModel, indexArray, int, intArray, matrix, real, vector } from '../../../src/models/api/index.js';

const regression = defineModel({
  name: 'regression',
  data: {
    N: int({ lower: 1 }),
    J: int({ lower: 1 }),
    x: matrix('N', 2),
    y: vector('N'),
    sigma: vector('J', { lower: 0 }),
    counts: intArray('N', { lower: 0 }),
    group: indexArray('N', { upper: 'J' }),
    scale: real({ lower: 0, upper: 10 }),
  },
  transformedData: (data) => ({ xFirst: data.x.get(0, 0), groupSize: data.group.length }),
  parameters: { mu: real() },
  model: () => {},
});

const valid = {
  N: 3,
  J: 2,
  x: [[1, 2], [3, 4], [5, 6]],
  y: [0.5, 'Inf', -1],
  sigma: [1, 2],
  counts: [0, 3, 1],
  group: [1, 2, 2],
  scale: 2,
  unused: 'ignored',
};

function issuesOf(data: unknown): string[] {
  try {
    regression.compile(data);
  } catch (error) {
    if (error instanceof DataError) return error.issues.map((i) => i.message);
    throw error;
  }
  return [];
}

describe('data checking and conversion', () => {
  it('converts data once: tensors, 0-based index arrays, JSON infinities, transformed data', () => {
    const { data } = regression.compile(valid);
    expect(data.N).toBe(3);
    expect((data.x as Tensor).shape).toEqual([3, 2]);
    expect(Array.from((data.x as Tensor).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from((data.y as Tensor).data)).toEqual([0.5, Infinity, -1]);
    expect(Array.from((data.counts as Tensor).data)).toEqual([0, 3, 1]);
    expect(data.group).toBeInstanceOf(Int32Array);
    expect(Array.from(data.group as Int32Array)).toEqual([0, 1, 1]);
    expect(data.xFirst).toBe(1);
    expect(data.groupSize).toBe(3);
    expect('unused' in data).toBe(false);
  });

  it('accepts tensors and typed arrays, and a number for a vector of size 1', () => {
    const model = regression.compile({
      ...valid,
      N: 1,
      x: new Tensor(Float64Array.of(1, 2), [1, 2]),
      y: Float64Array.of(3),
      counts: 2,
      group: [2],
    });
    expect(Array.from((model.data.y as Tensor).data)).toEqual([3]);
    expect(Array.from((model.data.counts as Tensor).data)).toEqual([2]);
  });

  it('reports every problem with its field, index and rule', () => {
    const issues = issuesOf({
      ...valid,
      J: 2.5,
      y: [1, 2],
      sigma: undefined,
      counts: [0, -1, 1.5],
      x: [[1, 2], [3], [5, 6]],
      scale: 11,
    });
    expect(issues).toEqual([
      'data.J is 2.5, but must be an integer',
      'data.scale is 11, but must be less than or equal to 10',
      'data.x[2] has 1 elements, but the rows of matrix[N, 2] (N = 3) have 2',
      'data.y has 2 elements, but is declared vector[N] (N = 3)',
      'data.sigma is missing (declared vector<lower=0>[J])',
      'data.counts[2] is -1, but must be greater than or equal to 0',
      'data.counts[3] is 1.5, but must be an integer',
    ]);
  });

  it('checks index arrays against the size they index', () => {
    expect(issuesOf({ ...valid, group: [1, 3, 0] })).toEqual([
      'data.group[2] is 3, but must be less than or equal to 2 (J)',
      'data.group[3] is 0, but must be greater than or equal to 1',
    ]);
  });

  it('names matrix elements with 1-based row and column, and says what is wrong with the type', () => {
    expect(issuesOf({ ...valid, x: [[1, 2], [3, 'a'], [5, 6]], y: 'abc' })).toEqual([
      'data.x[2,2] is "a", but must be a number',
      'data.y is "abc", but must be an array of 3 numbers (vector[N] (N = 3))',
    ]);
  });

  it('summarises long runs of bad elements', () => {
    const issues = issuesOf({ ...valid, N: 8, x: Array.from({ length: 8 }, () => [0, 0]), y: new Array(8).fill(0), counts: new Array(8).fill(-1), group: new Array(8).fill(1) });
    expect(issues).toHaveLength(6);
    expect(issues[5]).toBe('data.counts has 3 more elements that break the same rules');
  });

  it('throws a DataError whose message lists the issues and names the model', () => {
    expect(() => regression.compile({ ...valid, N: 0 })).toThrow(/regression\.compile: the data do not match the declarations:\n {2}- data\.N is 0, but must be greater than or equal to 1/);
    expect(() => regression.compile([1, 2])).toThrow(/the data must be an object with the fields N, J, x/);
  });
});
