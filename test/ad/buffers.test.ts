import { describe, expect, it } from 'vitest';
import { BufferPool, newBuffer, withBufferPool } from '../../src/ad/buffers.js';
import { add, exp, mul, sum, tensor, valueAndGrad, type Value } from '../../src/ad/index.js';
import { primal } from '../../src/ad/trace.js';
import type { Tensor } from '../../src/ad/tensor.js';

// The scoped buffer pool: inside a scope ops reuse the arrays of the previous scope; outside
// one they allocate, so values a caller keeps are never overwritten.

const x = tensor(Float64Array.from({ length: 100 }, (_, i) => Math.sin(i)));
const f = (v: Value): Value => sum(mul(exp(mul(0.1, v)), add(v, 1)));

describe('buffer pool', () => {
  it('gives zero-filled arrays, the same ones again in the next scope', () => {
    const pool = new BufferPool();
    const first = withBufferPool(pool, () => {
      const a = newBuffer(50);
      a.fill(7);
      return a;
    });
    const second = withBufferPool(pool, () => newBuffer(50));
    expect(second).toBe(first);
    expect([...second].every((v) => v === 0)).toBe(true);
  });

  it('never hands out one array twice within a scope', () => {
    const pool = new BufferPool();
    withBufferPool(pool, () => {
      const arrays = Array.from({ length: 5 }, () => newBuffer(20));
      expect(new Set(arrays).size).toBe(5);
    });
  });

  it('leaves small arrays and code outside a scope alone', () => {
    const pool = new BufferPool();
    const small = withBufferPool(pool, () => newBuffer(4));
    expect(withBufferPool(pool, () => newBuffer(4))).not.toBe(small);
    const outside = newBuffer(50);
    expect(newBuffer(50)).not.toBe(outside);
  });

  it('gives gradients equal to unpooled ones, call after call', () => {
    const plain = valueAndGrad(f)(x);
    const expected = (primal(plain.grad as Value) as Tensor).data.slice();
    const pool = new BufferPool();
    for (let call = 0; call < 3; call++) {
      const copy = withBufferPool(pool, () => {
        const { value, grad } = valueAndGrad(f)(x);
        return { value: primal(value) as number, grad: (primal(grad as Value) as Tensor).data.slice() };
      });
      expect(copy.value).toBe(primal(plain.value));
      expect(copy.grad).toEqual(expected);
    }
  });

  it('does not reuse its arrays in a nested scope on the same pool, and restores the outer pool', () => {
    const pool = new BufferPool();
    withBufferPool(pool, () => {
      const outer = newBuffer(30);
      outer.fill(1);
      const inner = withBufferPool(pool, () => newBuffer(30));
      expect(inner).not.toBe(outer);
      expect(outer[0]).toBe(1);
      expect(newBuffer(30)).not.toBe(outer);
    });
  });

  it('releases its arrays when the scope throws', () => {
    const pool = new BufferPool();
    let taken: Float64Array | undefined;
    expect(() =>
      withBufferPool(pool, () => {
        taken = newBuffer(40);
        throw new Error('model threw');
      }),
    ).toThrow('model threw');
    expect(pool.active).toBe(false);
    expect(withBufferPool(pool, () => newBuffer(40))).toBe(taken);
    // And the module is back to plain allocation.
    expect(newBuffer(40)).not.toBe(taken);
  });
});
