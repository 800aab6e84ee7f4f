import { describe, expect, it } from 'vitest';
import { grad, tensor, Tensor, unaryOp, type Value } from '../../../src/ad/index.js';
import { between, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

// A user-defined elementwise op: x³, declared by its value per element; its derivatives
// (3x², 6x, 6) follow from the primitives' rules.
const cube = unaryOp('cube', (e, x) => e.mul(x, e.mul(x, x)));

describe('unaryOp', () => {
  it.each(ELEMENTWISE_SHAPES.map((s) => [s]))('defines an op whose derivatives match finite differences on shape %j', (shape) =>
    forAll(valueOf(shape, between(-2, 2)), (x) => expectGradientsMatch(cube, x), runsFor(shape)));

  it('applies the scalar rule elementwise and to numbers, and keeps its name', () => {
    expect((cube(tensor([1, -2])) as Tensor).toArray()).toEqual([1, -8]);
    expect(cube(3)).toBe(27);
    expect(cube.name).toBe('cube');
  });

  it('differentiates as many times as its derivative does', () => {
    expect(grad(grad((x: Value) => cube(x)))(2)).toBe(12);
    expect(grad(grad(grad((x: Value) => cube(x))))(2)).toBe(6);
  });
});
