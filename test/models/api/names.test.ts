import { describe, expect, it } from 'vitest';
import { elementNames } from '../../../src/models/api/index.js';

describe('elementNames', () => {
  it('names scalars, vectors and matrices Stan-style, 1-based and row-major', () => {
    expect(elementNames('mu', [])).toEqual(['mu']);
    expect(elementNames('theta', [3])).toEqual(['theta[1]', 'theta[2]', 'theta[3]']);
    expect(elementNames('L', [2, 3])).toEqual(['L[1,1]', 'L[1,2]', 'L[1,3]', 'L[2,1]', 'L[2,2]', 'L[2,3]']);
    expect(elementNames('a', [2, 1, 2])).toEqual(['a[1,1,1]', 'a[1,1,2]', 'a[2,1,1]', 'a[2,1,2]']);
    expect(elementNames('empty', [0])).toEqual([]);
  });
});
