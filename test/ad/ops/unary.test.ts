import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs, cos, exp, expm1, grad, log, log1p, sin, sqrt, square, tan, tanh, tensor, Tensor, type Value,
} from '../../../src/ad/index.js';
import { awayFromZero, between, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

// Each op on the part of its domain where it is smooth: positive for log and sqrt,
// away from the kink of abs at 0 and the poles of tan at ±π/2.
const table: readonly [string, (x: Value) => Value, (x: number) => number, fc.Arbitrary<number>][] = [
  ['exp', exp, Math.exp, between(-3, 3)],
  ['log', log, Math.log, between(0.1, 5)],
  ['log1p', log1p, Math.log1p, between(-0.7, 5)],
  ['expm1', expm1, Math.expm1, between(-3, 3)],
  ['sqrt', sqrt, Math.sqrt, between(0.1, 5)],
  ['square', square, (x) => x * x, between(-3, 3)],
  ['abs', abs, Math.abs, awayFromZero(0.1, 3)],
  ['sin', sin, Math.sin, between(-5, 5)],
  ['cos', cos, Math.cos, between(-5, 5)],
  ['tan', tan, Math.tan, between(-1.2, 1.2)],
  ['tanh', tanh, Math.tanh, between(-3, 3)],
];

describe.each(table)('%s', (_name, op, reference, domain) => {
  it.each(ELEMENTWISE_SHAPES.map((s) => [s]))('matches finite differences to second order on shape %j', (shape) =>
    forAll(valueOf(shape, domain), (x) => expectGradientsMatch(op, x), runsFor(shape)));

  it('applies the scalar function to every element, keeping the shape', () => {
    const x = tensor([[0.25, 0.5, 0.75], [1, 1.25, 1.5]]);
    const y = op(x) as Tensor;
    expect(y.shape).toEqual([2, 3]);
    y.data.forEach((v, i) => expect(v).toBe(reference(x.data[i]!)));
    expect(op(0.5)).toBe(reference(0.5));
  });
});

describe('unary derivatives in closed form', () => {
  it.each([
    ['exp', exp, (x: number) => Math.exp(x)],
    ['log', log, (x: number) => 1 / x],
    ['log1p', log1p, (x: number) => 1 / (1 + x)],
    ['expm1', expm1, (x: number) => Math.exp(x)],
    ['sqrt', sqrt, (x: number) => 0.5 / Math.sqrt(x)],
    ['square', square, (x: number) => 2 * x],
    ['sin', sin, (x: number) => Math.cos(x)],
    ['cos', cos, (x: number) => -Math.sin(x)],
    ['tan', tan, (x: number) => 1 / Math.cos(x) ** 2],
    ['tanh', tanh, (x: number) => 1 / Math.cosh(x) ** 2],
  ] as const)('%s′ at 0.7', (_name, op, derivative) => {
    expect(grad(op)(0.7)).toBeCloseTo(derivative(0.7), 14);
  });

  it('abs has derivative sign(x), and 0 at the kink (a subgradient, as in JAX)', () => {
    expect(grad(abs)(-2)).toBe(-1);
    expect(grad(abs)(2)).toBe(1);
    expect(grad(abs)(0)).toBe(0);
  });
});
