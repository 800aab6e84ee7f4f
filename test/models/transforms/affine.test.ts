import { describe, expect, it } from 'vitest';
import { add, checkGrad, flatten, mul, primal, sum, tensor, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { affineTransform } from '../../../src/models/transforms/affine.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

const elementwise = (v: Value): Value => (typeof primal(v) === 'number' ? v : flatten(v));
const finite = (x: Primal): void => expect(dataOf(x).every(Number.isFinite)).toBe(true);

describeTransform('affine', { transform: affineTransform(1.5, 2), shape: [], free: elementwise, satisfies: finite, examples: [-3] });
describeTransform('affine', { transform: affineTransform(tensor([0, -1, 2]), tensor([0.5, 1, 3])), shape: [3], free: elementwise, satisfies: finite });
describeTransform('affine', { transform: affineTransform(-2, tensor([1, 2])), shape: [3, 2], free: elementwise, satisfies: finite });

describe('affine (offset, multiplier)', () => {
  it('is x = μ + σ y with log|J| = Σ log σ (closed form), scalar and per-element σ', () => {
    const y = normalVector(3, 4);
    const scalar = affineTransform(1, 3).forward(y, [3]);
    expectClose(dataOf(scalar.value), Array.from(y.data, (v) => 1 + 3 * v), 1e-15, 'scalar');
    expect(primal(scalar.logAbsDetJacobian) as number).toBeCloseTo(3 * Math.log(3), 14);
    const vector = affineTransform(tensor([0, 1, 2]), tensor([0.5, 2, 4])).forward(y, [3]);
    expectClose(dataOf(vector.value), Array.from(y.data, (v, i) => i + [0.5, 2, 4][i]! * v), 1e-15, 'vector');
    expect(primal(vector.logAbsDetJacobian) as number).toBeCloseTo(Math.log(0.5 * 2 * 4), 14);
  });

  it('differentiates with respect to a traced offset and multiplier (a non-centred hierarchy)', () => {
    const y = tensor([0.3, -1.2, 0.8]);
    // θ = (μ, τ): x = μ + τ y; objective Σ x² + log|J| (= 3 log τ).
    const f = (theta: Value): Value => {
      const muScalar = sum(mul(theta, tensor([1, 0])));
      const tau = sum(mul(theta, tensor([0, 1])));
      const { value, logAbsDetJacobian } = affineTransform(muScalar, tau).forward(y, [3]);
      return add(sum(mul(value, value)), logAbsDetJacobian);
    };
    expect(checkGrad(f, tensor([0.4, 1.3]), { order: 2 })).toBeLessThan(1e-6);
  });

  it('refuses a multiplier that is not positive and an offset that is not finite, naming the element', () => {
    expect(() => affineTransform(0, -1)).toThrow('affine: the multiplier is -1, but must be positive and finite');
    expect(() => affineTransform(0, tensor([1, 0]))).toThrow('affine: the multiplier[1] is 0, but must be positive and finite');
    expect(() => affineTransform(Infinity, 1)).toThrow('affine: the offset is Infinity, but must be finite');
  });
});
