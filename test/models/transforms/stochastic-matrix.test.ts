import { describe, expect, it } from 'vitest';
import { primal, tensor } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { simplexTransform } from '../../../src/models/transforms/simplex.js';
import { columnStochasticTransform, rowStochasticTransform } from '../../../src/models/transforms/stochastic-matrix.js';
import { entries } from './matrix-support.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

/** Flat indices of all but the last entry of each row (or column) of an N×M matrix. */
function freeIndices(rows: number, columns: number, byColumn: boolean): number[] {
  const out: number[] = [];
  if (byColumn) for (let j = 0; j < columns; j++) for (let i = 0; i < rows - 1; i++) out.push(i * columns + j);
  else for (let i = 0; i < rows; i++) for (let j = 0; j < columns - 1; j++) out.push(i * columns + j);
  return out;
}

const stochastic = (rows: number, columns: number, byColumn: boolean) => (x: Primal, strict: boolean): void => {
  const data = dataOf(x);
  const outer = byColumn ? columns : rows;
  const inner = byColumn ? rows : columns;
  for (let a = 0; a < outer; a++) {
    let total = 0;
    for (let b = 0; b < inner; b++) {
      const v = data[byColumn ? b * columns + a : a * columns + b]!;
      expect(strict ? v > 0 : v >= 0).toBe(true);
      total += v;
    }
    expect(Math.abs(total - 1), `${byColumn ? 'column' : 'row'} ${a}`).toBeLessThan(1e-12);
  }
};

describeTransform('rowStochastic', { transform: rowStochasticTransform, shape: [3, 4], free: entries(freeIndices(3, 4, false)), satisfies: stochastic(3, 4, false) });
describeTransform('columnStochastic', { transform: columnStochasticTransform, shape: [3, 4], free: entries(freeIndices(3, 4, true)), satisfies: stochastic(3, 4, true) });
describeTransform('columnStochastic', { transform: columnStochasticTransform, shape: [2, 2], free: entries(freeIndices(2, 2, true)), satisfies: stochastic(2, 2, true) });

describe('stochastic matrices', () => {
  it('a column-stochastic matrix is the transpose of the row-stochastic one of the transpose, with the same log|J|', () => {
    const y = normalVector(2 * 4, 7);
    const byColumn = columnStochasticTransform.forward(y, [3, 4]);
    const rows = simplexTransform.forward(y, [4, 3]);
    const r = dataOf(rows.value);
    const expected = Array.from({ length: 12 }, (_, k) => r[(k % 4) * 3 + Math.floor(k / 4)]!);
    expectClose(dataOf(byColumn.value), expected, 0, 'transpose');
    expect(primal(byColumn.logAbsDetJacobian)).toBe(primal(rows.logAbsDetJacobian));
    expect(columnStochasticTransform.unconstrainedSize([3, 4])).toBe(8);
    expect(rowStochasticTransform.unconstrainedSize([3, 4])).toBe(9);
  });

  it('names the column or row that is not a simplex', () => {
    expect(() => columnStochasticTransform.inverse(tensor([[0.5, 0.2], [0.5, 0.9]]), [2, 2])).toThrow('simplex');
    expect(() => rowStochasticTransform.inverse(tensor([[0.5, 0.5], [0.5, 0.6]]), [2, 2])).toThrow('the entries of value[1] sum to 1.1');
    expect(() => columnStochasticTransform.unconstrainedSize([3])).toThrow('columnStochastic: shape [3] is not valid');
  });
});
