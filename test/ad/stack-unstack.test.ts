import { describe, expect, it } from 'vitest';
import { checkGrad } from '../../src/ad/check.js';
import { grad, jacobian, jvp } from '../../src/ad/grad.js';
import { add, mul, sub } from '../../src/ad/ops/arithmetic.js';
import { sum } from '../../src/ad/ops/reduce.js';
import { at, stack, unstack } from '../../src/ad/ops/shape.js';
import { sin, sqrt, square } from '../../src/ad/ops/unary.js';
import { Tensor, tensor } from '../../src/ad/tensor.js';
import { primal, type Value } from '../../src/ad/trace.js';

const vector = (...values: number[]): Tensor => new Tensor(Float64Array.from(values), [values.length]);
const ramp = (n: number): Tensor => new Tensor(Float64Array.from({ length: n }, (_, i) => 0.3 + 0.1 * Math.cos(i)), [n]);

/** A GARCH(1, 1)-style scalar recursion over x = [alpha0, alpha1, beta1], stacked at the end. */
function garchLike(x: Value): Value {
  const [alpha0, alpha1, beta1] = unstack(x);
  const y = [0.3, -0.2, 0.5, 0.1, -0.4, 0.25];
  let sigma: Value = 0.5;
  const sigmas: Value[] = [sigma];
  for (let t = 1; t < y.length; t++) {
    sigma = sqrt(add(add(alpha0!, mul(alpha1!, square(y[t - 1]!))), mul(beta1!, square(sigma))));
    sigmas.push(sigma);
  }
  return sum(mul(sin(stack(sigmas)), ramp(y.length)));
}

describe('stack', () => {
  it('joins numbers into a vector and vectors into a matrix, row by row', () => {
    expect(primal(stack([1, 2, 3]))).toEqual(vector(1, 2, 3));
    const m = primal(stack([vector(1, 2), vector(3, 4), vector(5, 6)])) as Tensor;
    expect(m.shape).toEqual([3, 2]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((primal(stack([vector(7)])) as Tensor).shape).toEqual([1, 1]);
  });

  it('has first and second derivatives through a scalar recursion (reverse, forward, finite differences)', () => {
    expect(checkGrad(garchLike, vector(0.2, 0.3, 0.4), { order: 2 })).toBeLessThan(1e-6);
  });

  it('has first and second derivatives when stacking vectors and mixing constants', () => {
    const f = (x: Value): Value => {
      const m = stack([mul(x, x), vector(1, -1, 2), sin(x)]);
      return sum(mul(sin(m), new Tensor(Float64Array.from({ length: 9 }, (_, k) => k - 4), [3, 3])));
    };
    expect(checkGrad(f, vector(0.4, -0.7, 1.1), { order: 2 })).toBeLessThan(1e-6);
  });

  it('gives each stacked part its own row of the cotangent', () => {
    // d/dx Σ_i w_i x_i² with x stacked from its elements: 2 w_i x_i.
    const w = vector(1, 2, 3, 4);
    const g = grad((x: Value) => sum(mul(w, square(stack(unstack(x))))))(vector(1, -1, 0.5, 2)) as Tensor;
    expect(Array.from(g.data)).toEqual([2, -4, 3, 16]);
  });

  it('is the identity through unstack, in both modes (Jacobian and tangent)', () => {
    const x = ramp(11);
    const identity = (v: Value): Value => stack(unstack(v));
    const J = primal(jacobian(identity)(x)) as Tensor;
    expect(J.shape).toEqual([11, 11]);
    J.data.forEach((v, k) => expect(v).toBe(k % 12 === 0 ? 1 : 0));
    const tangent = ramp(11);
    expect(primal(jvp(identity, x, tangent).tangent as Value)).toEqual(tangent);
  });

  it('names the offending value when shapes differ, and refuses nothing', () => {
    expect(() => stack([])).toThrow('stack: nothing to stack');
    expect(() => stack([vector(1, 2), vector(1, 2, 3)])).toThrow(
      'stack: value 1 has shape [3], but value 0 has shape [2]; stacked values must share one shape',
    );
    expect(() => stack([1, vector(1)])).toThrow('stack: value 1 has shape [1]');
  });
});

describe('unstack', () => {
  // 5 elements are read by `at` directly; 37 are read through the halving tree (leaves of ≤ 16).
  for (const n of [5, 37]) {
    it(`has first and second derivatives for a vector of ${n} (reverse, forward, finite differences)`, () => {
      const f = (x: Value): Value => {
        const u = unstack(x);
        let s: Value = 0;
        for (let i = 1; i < n; i++) s = add(s, mul(sin(u[i]!), sub(u[i - 1]!, 0.1 * i)));
        return s;
      };
      expect(checkGrad(f, ramp(n), { order: 2, directions: 2 })).toBeLessThan(1e-6);
    });
  }

  it('returns the elements in order, as plain numbers for an untraced vector', () => {
    const x = ramp(23);
    expect(unstack(x)).toEqual(Array.from(x.data));
    // Traced: the same values, and each element's gradient lands at its own index.
    const g = grad((v: Value) => {
      const u = unstack(v);
      expect(u.map((e) => primal(e))).toEqual(Array.from(x.data));
      return u.reduce((s: Value, e, i) => add(s, mul(e, i)), 0);
    })(x) as Tensor;
    expect(Array.from(g.data)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('agrees with at, element by element', () => {
    const x = ramp(17);
    const viaAt = grad((v: Value) => sum(stack(Array.from({ length: 17 }, (_, i) => square(at(v, i))))))(x) as Tensor;
    const viaUnstack = grad((v: Value) => sum(stack(unstack(v).map((e) => square(e)))))(x) as Tensor;
    expect(Array.from(viaUnstack.data)).toEqual(Array.from(viaAt.data));
  });

  it('reads a matrix element by element through the tree, to second order', () => {
    // 5 × 6 = 30 elements: more than one leaf of the tree over the flattened matrix.
    const f = (x: Value): Value => {
      let s: Value = 0;
      for (let i = 0; i < 5; i++) for (let j = 0; j < 6; j++) s = add(s, mul(sin(at(x, i, j)), 0.1 * (i - j)));
      return mul(s, at(x, 4, 5));
    };
    const x = new Tensor(Float64Array.from({ length: 30 }, (_, k) => 0.2 + 0.05 * k), [5, 6]);
    expect(checkGrad(f, x, { order: 2, directions: 2 })).toBeLessThan(1e-6);
  });

  it('counts both uses of an element read twice', () => {
    const g = grad((v: Value) => add(at(v, 30), at(v, 30)))(ramp(40)) as Tensor;
    expect(Array.from(g.data)).toEqual(Array.from({ length: 40 }, (_, i) => (i === 30 ? 2 : 0)));
  });

  it('differentiates a vector captured from an outer grad (nested traces)', () => {
    // d/dx_k of [d/dy (y · Σ x_i²)] = 2 x_k, with x read inside the inner grad.
    const outer = (x: Value): Value =>
      grad((y: Value) => mul(y, unstack(x).reduce((s: Value, e) => add(s, square(e)), 0)))(1) as Value;
    const x = ramp(25);
    const g = grad(outer)(x) as Tensor;
    g.data.forEach((v, k) => expect(v).toBeCloseTo(2 * x.data[k]!, 12));
  });

  it('refuses a vector whose grad has returned, naming at', () => {
    let escaped: Value = 0;
    grad((v: Value) => {
      escaped = v;
      return at(v, 0);
    })(ramp(40));
    expect(() => at(escaped, 35)).toThrow(/'at' was given a value traced by a grad\/jvp call that has already returned/);
  });

  it('expects a vector', () => {
    expect(() => unstack(new Tensor(new Float64Array(4), [2, 2]))).toThrow('unstack: expects a vector, got shape [2, 2]');
  });
});

describe('at: one-element cotangents added in place', () => {
  it('gives the same gradient as a dense reduction, for every element read in a loop', () => {
    const x = ramp(300);
    const loop = grad((v: Value) => unstack(v).reduce((s: Value, e, i) => add(s, mul(i % 7, square(e))), 0))(x) as Tensor;
    x.data.forEach((xk, k) => expect(loop.data[k]).toBeCloseTo(2 * (k % 7) * xk, 12));
  });

  it('mixes with dense contributions to the same adjoint, and leaves the dense ones unchanged', () => {
    const x = ramp(20);
    const dense = tensor(Float64Array.from({ length: 20 }, (_, i) => i / 10));
    const g = grad((v: Value) => add(sum(mul(v, dense)), add(at(v, 3), mul(2, at(v, 3)))))(x) as Tensor;
    expect(g.data[3]).toBeCloseTo(0.3 + 3, 14);
    expect(g.data[4]).toBeCloseTo(0.4, 14);
    expect(dense.data[3]).toBe(0.3);
  });
});
