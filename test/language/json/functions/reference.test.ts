import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileExpression, elementsOf, tensor, type Inputs } from './compile.js';

// The spec functions against base R (test/fixtures/functions/generate.R writes the
// fixture: special functions, quantiles, solves, inverses, determinants, eigen and singular
// values, the matrix exponential). Matrices are compared column-major, as R stores them.

interface Case {
  readonly expression: string;
  readonly value: number | number[];
}

const cases = JSON.parse(readFileSync(new URL('../../../fixtures/functions/reference.json', import.meta.url), 'utf8')) as Case[];

const B = [
  [0.1, 2, -1],
  [1.5, 0.3, 0.7],
  [-0.4, 1.1, 2.2],
];
const S = B.map((row, i) => B.map((other, j) => row.reduce((t, v, k) => t + v * other[k]!, 0) + (i === j ? 1 : 0)));
const data: Inputs = { B: tensor(B), S: tensor(S), b: tensor([1, -2, 0.5]), x: tensor([0.3, -1.2, 2.5, 0.9, 4.4, -0.7]) };

/** A value's elements column-major (a matrix transposed from leapfrog's row-major storage). */
function columnMajor(source: string): number[] {
  const { fn, type } = compileExpression(source, {}, data);
  const elements = elementsOf(fn({}));
  const match = /^matrix\[(\d+), (\d+)\]$/.exec(type);
  if (match === null) return elementsOf(fn({}));
  const [rows, cols] = [Number(match[1]), Number(match[2])];
  return Array.from({ length: rows * cols }, (_, k) => elements[(k % rows) * cols + Math.floor(k / rows)]!);
}

describe('spec functions against R', () => {
  it.each(cases.map((c) => [c.expression, c.value] as const))('%s', (expression, value) => {
    const wanted = typeof value === 'number' ? [value] : value;
    const actual = columnMajor(expression);
    const tolerance = expression.startsWith('matrix_exp') ? 1e-10 : expression.includes('_inc_beta') || expression.startsWith('gamma_') ? 1e-11 : 1e-12;
    expect(actual).toHaveLength(wanted.length);
    actual.forEach((a, i) => expect(Math.abs(a - wanted[i]!), `element ${i + 1}: ${a} vs R's ${wanted[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(wanted[i]!))));
  });
});
