import { describe, expect, it } from 'vitest';
import {
  add, Box, exp, gather, grad, jvp, matvec, mul, sin, sum, tensor, Tensor, vjp, type Value,
} from '../../src/ad/index.js';

// The user-facing errors of the AD core: each names the place, the value and the rule,
// and suggests the fix where there is one (STYLE.md rule 14).

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an exception');
};

describe('shape errors name the op and both shapes, traced or not', () => {
  it('add of [2] and [3]', () => {
    const expected = 'add: shapes [2] and [3] cannot be broadcast together';
    expect(messageOf(() => add(tensor([1, 2]), tensor([1, 2, 3])))).toBe(expected);
    expect(messageOf(() => grad((x: Value) => sum(add(x, tensor([1, 2, 3]))))(tensor([1, 2])))).toBe(expected);
  });

  it('matvec of [2,3] and [2]', () => {
    const A = tensor([[1, 2, 3], [4, 5, 6]]);
    const expected = 'matvec: shapes [2, 3] and [2] do not fit';
    expect(messageOf(() => matvec(A, tensor([1, 2])))).toBe(expected);
    expect(messageOf(() => grad((x: Value) => sum(matvec(A, x)))(tensor([1, 2])))).toBe(expected);
  });
});

describe('misuse of the transforms is explained', () => {
  it('grad of a non-scalar output says to use jacobian or elementwiseGrad', () => {
    const message = messageOf(() => grad((x: Value) => mul(x, 2))(tensor([1, 2])));
    expect(message).toContain('grad: the function returned shape [2], but grad needs a scalar output');
    expect(message).toContain('jacobian(f)');
    expect(message).toContain('elementwiseGrad(f)');
  });

  it('differentiating with respect to an Int32Array of indices is refused, naming what to do', () => {
    const f = (x: Value, group: Int32Array): Value => sum(gather(x, group));
    const message = messageOf(() => grad(f as (...args: any[]) => Value, 1)(tensor([1, 2]), Int32Array.of(0, 1, 1)));
    expect(message).toBe(
      'grad: argument 1 is an integer index array (Int32Array): indices are not differentiable. ' +
        'Pass it as another argument and differentiate with respect to the real-valued one (grad(f, argIndex)).',
    );
    // As an argument not differentiated, it is fine.
    expect(grad(f)(tensor([1, 2]), Int32Array.of(0, 1, 1))).toEqual(tensor([1, 2]));
    // Inside a record, the path says where it is.
    expect(messageOf(() => grad((p: { x: Value }) => sum(p.x))({ x: tensor([1]), group: Int32Array.of(0) } as never))).toContain(
      'grad: argument 0.group is an integer index array',
    );
  });

  it('a Float64Array, a string or a missing argument is refused with the fix', () => {
    expect(messageOf(() => grad((x: Value) => x)(Float64Array.of(1) as never))).toBe(
      'grad: argument 0 is a Float64Array: wrap it as a tensor first (tensor(data, shape))',
    );
    expect(messageOf(() => grad((x: Value) => x)('1' as never))).toBe(
      'grad: argument 0 is string, but must be a number, a tensor, or an array or record of them',
    );
    expect(messageOf(() => grad((x: Value) => x, 2)(1))).toBe('grad: argIndex is 2, but the function was called with 1 argument(s)');
    expect(messageOf(() => grad((_x: Value) => 'a' as never)(1))).toBe('grad: the function must return a number or a tensor, but returned string');
  });

  it('cotangents and tangents of the wrong shape are refused', () => {
    expect(messageOf(() => vjp((x: Value) => mul(x, 2), tensor([1, 2])).pullback(1))).toBe(
      'vjp: the cotangent has shape [], but the output has shape [2]',
    );
    expect(messageOf(() => jvp((x: Value) => mul(x, 2), tensor([1, 2]), 1))).toBe("jvp: tangent leaf 0 has shape [], but x's has [2]");
  });

  it('a traced tensor used as a JS number says which ops to use instead', () => {
    const message = messageOf(() => grad((x: Value) => ((x as unknown as number) > 0 ? sum(x) : 0))(tensor([1, 2])));
    expect(message).toContain('a traced tensor of shape [2] was used as a number');
    expect(message).toContain('use greater()/less()/where()');
  });
});

describe('the tape is scoped to one call', () => {
  it('a traced value escaping a grad call gives the "already returned" error when used later', () => {
    let leaked: Value = 0;
    expect(grad((x: Value) => {
      leaked = x;
      return mul(x, x);
    })(3)).toBe(6);
    expect(leaked).toBeInstanceOf(Box);
    expect(messageOf(() => exp(leaked))).toBe(
      "'exp' was given a value traced by a grad/jvp call that has already returned " +
        '(it escaped through a closure or a variable); compute with the returned plain values instead',
    );
    expect(messageOf(() => add(leaked, 1))).toContain("'add' was given a value traced by a grad/jvp call that has already returned");
  });

  it('an exception thrown inside f leaves nothing behind', () => {
    let leaked: Value = 0;
    expect(() => grad((x: Value) => {
      leaked = x;
      throw new Error('user code failed');
    })(1)).toThrow('user code failed');
    expect(messageOf(() => sin(leaked))).toContain('already returned');
    expect(grad((x: Value) => mul(x, x))(4)).toBe(8);
    expect(jvp((x: Value) => mul(x, x), 4, 1).tangent).toBe(8);
  });

  it('two interleaved vjp pullbacks do not interfere', () => {
    const first = vjp((x: Value) => mul(x, x), tensor([1, 2]));
    const second = vjp((x: Value) => exp(x), tensor([0, 1]));
    const a1 = first.pullback(tensor([1, 1])) as Tensor;
    const b1 = second.pullback(tensor([1, 2])) as Tensor;
    const a2 = first.pullback(tensor([0, 1])) as Tensor;
    expect(a1.toArray()).toEqual([2, 4]);
    expect(b1.toArray()).toEqual([1, 2 * Math.E]);
    expect(a2.toArray()).toEqual([0, 4]);
    // A pullback called inside another transform's trace still gives plain numbers.
    expect(grad((y: Value) => mul(y, sum(first.pullback(tensor([1, 0])))))(3)).toBe(2);
    // ... and is differentiable in its cotangent: d/dc ⟨Jᵀc, 1⟩ = J·1.
    expect(grad((c: Value) => sum(first.pullback(c)))(tensor([5, 7]))).toEqual(tensor([2, 4]));
  });
});
