import { describe, expect, it } from 'vitest';
import { add, checkGrad, matmul, matvec, mul, primal, sum, Tensor, triangularSolve, type Value } from '../../../src/ad/index.js';
import { makeRng } from '../../../src/random/rng.js';

function randomTensor(shape: number[], seed: number): Tensor {
  const rng = makeRng(seed, 0);
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float64Array.from({ length: size }, () => rng.normal()), shape);
}

/** A well-conditioned lower-triangular matrix: the strict lower part of M plus 3 on the diagonal. */
function lowerOf(M: Value, n: number): Value {
  const mask = new Float64Array(n * n);
  const diagonal = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) mask[i * n + j] = 1;
    diagonal[i * n + i] = 3;
  }
  return add(mul(M, new Tensor(mask, [n, n])), new Tensor(diagonal, [n, n]));
}

describe('triangularSolve', () => {
  it('solves L x = b and Lᵀ x = b', () => {
    const n = 4;
    const L = primal(lowerOf(randomTensor([n, n], 1), n)) as Tensor;
    const b = randomTensor([n], 2);
    const x = triangularSolve(L, b) as Tensor;
    const back = matvec(L, x) as Tensor;
    for (let i = 0; i < n; i++) expect(back.data[i]).toBeCloseTo(b.data[i]!, 12);
    const y = triangularSolve(L, b, { transpose: true }) as Tensor;
    const Lt = new Tensor(Float64Array.from({ length: n * n }, (_, k) => L.data[(k % n) * n + Math.floor(k / n)]!), [n, n]);
    const backT = matvec(Lt, y) as Tensor;
    for (let i = 0; i < n; i++) expect(backT.data[i]).toBeCloseTo(b.data[i]!, 12);
  });

  it('names the shapes when they do not fit', () => {
    expect(() => triangularSolve(randomTensor([2, 3], 1), randomTensor([2], 2))).toThrow(/must be square/);
    expect(() => triangularSolve(randomTensor([3, 3], 1), randomTensor([2], 2))).toThrow(/with 3 rows/);
  });

  for (const transpose of [false, true]) {
    for (const rhs of [[4], [4, 3]]) {
      it(`has gradients in both arguments (transpose ${transpose}, right-hand side [${rhs.join(', ')}])`, () => {
        const n = 4;
        const W = randomTensor(rhs, 5);
        const f = (args: Value[]): Value => sum(mul(triangularSolve(lowerOf(args[0]!, n), args[1]!, { transpose }), W));
        const error = checkGrad(f, [randomTensor([n, n], 3), randomTensor(rhs, 4)], { order: 2 });
        expect(error).toBeLessThan(1e-6);
      });
    }
  }

  it('composes: L⁻¹ (L B) = B', () => {
    const n = 3;
    const L = lowerOf(randomTensor([n, n], 8), n);
    const B = randomTensor([n, 2], 9);
    const back = triangularSolve(L, matmul(L, B)) as Tensor;
    for (let k = 0; k < B.size; k++) expect(back.data[k]).toBeCloseTo(B.data[k]!, 12);
  });
});
