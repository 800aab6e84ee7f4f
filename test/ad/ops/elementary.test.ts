import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor, type Value } from '../../../src/ad/index.js';
import { ceil, floor, fmod, round, step, trunc } from '../../../src/ad/ops/rounding.js';
import { acos, acosh, asin, asinh, atan, atan2, atanh, cosh, hypot, sinh } from '../../../src/ad/ops/trigonometric.js';
import { grad } from '../../../src/ad/grad.js';
import { awayFromZero, between, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

// Inverse trigonometric and hyperbolic functions, rounding and fmod: values against closed
// forms, derivatives against finite differences (both modes, second order).

const unaryTable: readonly [string, (x: Value) => Value, fc.Arbitrary<number>, (x: number) => number][] = [
  ['asin', asin, between(-0.95, 0.95), (x) => Math.atan(x / Math.sqrt(1 - x * x))],
  ['acos', acos, between(-0.95, 0.95), (x) => Math.PI / 2 - Math.atan(x / Math.sqrt(1 - x * x))],
  ['atan', atan, between(-5, 5), (x) => Math.asin(x / Math.sqrt(1 + x * x))],
  ['sinh', sinh, between(-3, 3), (x) => (Math.exp(x) - Math.exp(-x)) / 2],
  ['cosh', cosh, between(-3, 3), (x) => (Math.exp(x) + Math.exp(-x)) / 2],
  ['asinh', asinh, between(-5, 5), (x) => Math.sign(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1))],
  ['acosh', acosh, between(1.05, 6), (x) => Math.log(x + Math.sqrt(x * x - 1))],
  ['atanh', atanh, between(-0.95, 0.95), (x) => 0.5 * Math.log((1 + x) / (1 - x))],
];

describe.each(unaryTable)('%s', (_name, op, domain, closedForm) => {
  it('equals its closed form', () =>
    forAll(domain, (x) => expect(Math.abs((op(x) as number) - closedForm(x))).toBeLessThanOrEqual(4e-15 * Math.max(1, Math.abs(closedForm(x))))));
  it.each(ELEMENTWISE_SHAPES.map((s) => [s]))('matches finite differences on shape %j', (shape) =>
    forAll(valueOf(shape, domain), (x) => expectGradientsMatch(op, x), runsFor(shape)));
});

describe('binary elementary functions', () => {
  it('atan2 is the angle of (x, y) in every quadrant, hypot the length', () => {
    const cases: [number, number, number][] = [[1, 1, Math.PI / 4], [1, -1, (3 * Math.PI) / 4], [-1, -1, (-3 * Math.PI) / 4], [-1, 1, -Math.PI / 4], [0, -2, Math.PI]];
    for (const [y, x, angle] of cases) expect(atan2(y, x)).toBeCloseTo(angle, 15);
    expect(hypot(3, 4)).toBe(5);
    expect((hypot(3e200, 4e200) as number) / 5e200).toBeCloseTo(1, 15); // no overflow
  });
  it('fmod has the sign of x, as C: fmod(7, 3) = 1, fmod(−7, 3) = −1, fmod(7.5, −2) = 1.5', () => {
    expect([fmod(7, 3), fmod(-7, 3), fmod(7.5, -2), fmod(5.25, 0.5)]).toEqual([1, -1, 1.5, 0.25]);
  });
  it.each([
    // x > 0: away from the branch cut along the negative x axis.
    ['atan2', ([y, x]: Value[]) => atan2(y!, x!), [between(-3, 3), between(0.5, 3)]],
    ['hypot', ([x, y]: Value[]) => hypot(x!, y!), [awayFromZero(0.3, 3), awayFromZero(0.3, 3)]],
    ['fmod', ([x, y]: Value[]) => fmod(x!, y!), [between(0.1, 0.9), between(1.1, 3)]],
  ] as const)('%s matches finite differences', (_name, f, [a, b]) =>
    forAll(fc.tuple(valueOf([3], a), valueOf([3], b)), (args) => expectGradientsMatch(f as (x: Value[]) => Value, args), 10));
  it('fmod: ∂/∂y = −trunc(x/y)', () => {
    expect(grad(([x, y]: number[]) => fmod(x!, y!))([7.5, 2])).toEqual([1, -3]);
  });
});

describe('rounding', () => {
  const points = [-2.5, -1.5, -0.5, -0.49999999999999994, 0, 0.49999999999999994, 0.5, 1.2, 1.5, 2.5, -3.7];
  it.each([
    ['floor', floor, [-3, -2, -1, -1, 0, 0, 0, 1, 1, 2, -4]],
    ['ceil', ceil, [-2, -1, -0, -0, 0, 1, 1, 2, 2, 3, -3]],
    ['trunc', trunc, [-2, -1, -0, -0, 0, 0, 0, 1, 1, 2, -3]],
    // Halves away from zero, as C's round (Math.round would give −2, −1, −0 and 3).
    ['round', round, [-3, -2, -1, -0, 0, 0, 1, 1, 2, 3, -4]],
    ['step', step, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0]],
  ] as const)('%s', (_name, op, expected) => {
    const values = Array.from((op(tensor(points)) as Tensor).data);
    expect(values.map((v) => v + 0)).toEqual(expected.map((v) => v + 0));
  });
  it('has zero derivative, as in Stan', () => {
    for (const op of [floor, ceil, trunc, round, step]) expect(grad((x: number) => op(x))(1.3)).toBe(0);
  });
});
