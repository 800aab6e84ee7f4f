import { describe, expect, it } from 'vitest';
import { flatten, primal, tensor, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { identityTransform } from '../../../src/models/transforms/identity.js';
import { dataOf, describeTransform } from './support.js';

const elementwise = (v: Value): Value => (typeof primal(v) === 'number' ? v : flatten(v));
const finite = (x: Primal): void => {
  expect(dataOf(x).every(Number.isFinite)).toBe(true);
};

describeTransform('identity', { transform: identityTransform, shape: [], free: elementwise, satisfies: finite, examples: [-3.5] });
describeTransform('identity', { transform: identityTransform, shape: [2, 3], free: elementwise, satisfies: finite });

describe('identity', () => {
  it('has a zero log-Jacobian and rejects non-finite values', () => {
    expect(identityTransform.forward(tensor([1, 2]), [2]).logAbsDetJacobian).toBe(0);
    expect(() => identityTransform.inverse(tensor([1, Infinity]), [2])).toThrow('identity: value[1] is Infinity, but must be finite');
    expect(() => identityTransform.inverse(tensor([1, 2]), [3])).toThrow("identity: the value has shape [2], but the parameter's shape is [3]");
    expect(() => identityTransform.forward(tensor([1, 2]), [3])).toThrow(
      'identity: the unconstrained input has shape [2], but a value of shape [3] needs a vector of 3 unconstrained real(s)',
    );
  });
});
