import { describe, expect, it } from 'vitest';
import {
  add, checkGrad, customGradient, div, dot, elementwiseGrad, exp, grad, hessian, hessianVectorProduct, jacobian, jvp,
  matvec, mul, pow, primal, sin, square, stack, stopGradient, sub, sum, tanh, tensor, Tensor, unstack, valueAndGrad, vjp,
  type Value,
} from '../../src/ad/index.js';
import { expectGradientsMatch } from '../helpers/gradients.js';

const closeTo = (actual: Value, expected: number, tolerance = 1e-12): void => {
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
};
const arrayOf = (v: Value): unknown => (primal(v) as Tensor).toArray();

describe('grad and valueAndGrad', () => {
  const f = (x: Value, y: Value, z: Value): Value => add(mul(x, square(y)), mul(3, z));

  it('differentiates with respect to the argument named by argIndex', () => {
    expect(grad(f)(2, 3, 4)).toBe(9);
    expect(grad(f, 1)(2, 3, 4)).toBe(12);
    expect(grad(f, 2)(2, 3, 4)).toBe(3);
  });

  it('gives the gradient of an array or record argument in the same structure', () => {
    const g = grad((p: { mu: Value; theta: Value[] }) => add(square(p.mu), sum(mul(p.theta[0]!, p.theta[1]!))))({ mu: 1.5, theta: [2, tensor([1, 3])] });
    expect(Object.keys(g)).toEqual(['mu', 'theta']);
    expect(g.mu).toBe(3);
    expect(g.theta[0]).toBe(4);
    expect(g.theta[1]).toEqual(tensor([2, 2]));
  });

  it('gives zeros of the right shape for inputs the output does not depend on', () => {
    const g = grad((p: { used: Value; unused: Value }) => square(p.used))({ used: 3, unused: tensor([1, 2]) });
    expect(g).toEqual({ used: 6, unused: tensor([0, 0]) });
    expect(grad((_x: Value) => 7)(tensor([1, 2]))).toEqual(tensor([0, 0]));
  });

  it('valueAndGrad returns both from one pass', () => {
    const { value, grad: g } = valueAndGrad((x: Value) => sum(exp(x)))(tensor([0, Math.LN2]));
    expect(value).toBe(3);
    expect(arrayOf(g as Value)).toEqual([1, 2]);
  });
});

describe('vjp and jvp', () => {
  const f = (x: Value): Value => mul(x, sin(x)); // elementwise: the Jacobian is diagonal

  it('a pullback can be called many times with different cotangents', () => {
    const x = tensor([0.5, 1.5]);
    const { value, pullback } = vjp(f, x);
    expect(arrayOf(value)).toEqual([0.5 * Math.sin(0.5), 1.5 * Math.sin(1.5)]);
    const d = (t: number): number => Math.sin(t) + t * Math.cos(t);
    const first = pullback(tensor([1, 0])) as Tensor;
    const second = pullback(tensor([0, 2])) as Tensor;
    closeTo(first.data[0]!, d(0.5));
    expect(first.data[1]).toBe(0);
    expect(second.data[0]).toBe(0);
    closeTo(second.data[1]!, 2 * d(1.5));
    expect(pullback(tensor([1, 0]))).toEqual(first);
  });

  it('jvp carries tangents through records', () => {
    const g = (p: { a: Value; b: Value }): Value => add(mul(p.a, p.b), exp(p.b));
    const { value, tangent } = jvp(g, { a: 2, b: 0 }, { a: 1, b: 0 });
    expect(value).toBe(1);
    expect(tangent).toBe(0);
    expect(jvp(g, { a: 2, b: 0 }, { a: 0, b: 1 }).tangent).toBe(3);
  });

  it('jvp and vjp agree: ⟨ȳ, J t⟩ = ⟨Jᵀȳ, t⟩', () => {
    const A = tensor([[1, 2], [3, -4], [0.5, 1]]);
    const h = (x: Value): Value => tanh(matvec(A, x));
    const x = tensor([0.3, -0.2]);
    const t = tensor([1, 2]);
    const cotangent = tensor([0.5, -1, 2]);
    const forward = dot(cotangent, jvp(h, x, t).tangent as Value) as number;
    const reverse = dot(vjp(h, x).pullback(cotangent), t) as number;
    closeTo(forward, reverse, 1e-14);
  });
});

describe('higher derivatives', () => {
  it('grad of grad of grad of x⁵ is 60x²', () => {
    const d3 = grad(grad(grad((x: Value) => pow(x, 5))));
    closeTo(d3(1.5), 60 * 1.5 ** 2);
    closeTo(d3(-2), 240);
  });

  it('nested elementwiseGrad gives the derivatives of sin elementwise', () => {
    const x = tensor([0, 0.5, 1]);
    const d4 = elementwiseGrad(elementwiseGrad(elementwiseGrad(elementwiseGrad(sin))));
    (primal(d4(x)) as Tensor).data.forEach((v, i) => closeTo(v, Math.sin(x.data[i]!)));
    const d1 = elementwiseGrad(sin)(x) as Tensor;
    d1.data.forEach((v, i) => closeTo(v, Math.cos(x.data[i]!)));
  });

  it('jacobian has shape [...out, ...in] and the entries worked by hand', () => {
    // f(x) = [x0 x1, x0 + 2 x1, x1²]: J = [[x1, x0], [1, 2], [0, 2 x1]]
    const f = (x: Value): Value => {
      const [x0, x1] = unstack(x) as [Value, Value];
      return stack([mul(x0, x1), add(x0, mul(2, x1)), square(x1)]);
    };
    const J = jacobian(f)(tensor([3, 5])) as Tensor;
    expect(J.shape).toEqual([3, 2]);
    expect(J.toArray()).toEqual([[5, 3], [1, 2], [0, 10]]);
    const M = jacobian((x: Value) => mul(2, x))(tensor([[1, 2], [3, 4]])) as Tensor;
    expect(M.shape).toEqual([2, 2, 2, 2]);
    expect(M.get(1, 0, 1, 0)).toBe(2);
    expect(M.get(1, 0, 0, 1)).toBe(0);
    expect(jacobian((x: Value) => mul(x, x))(3)).toBe(6);
    expect(arrayOf(jacobian((x: Value) => stack([x, square(x)]))(3))).toEqual([1, 6]);
  });

  it('the Hessian of the quadratic form xᵀAx is A + Aᵀ', () => {
    const A = tensor([[1, 2, 0], [-1, 3, 4], [5, 0.5, -2]]);
    const H = hessian((x: Value) => dot(x, matvec(A, x)))(tensor([0.3, -1, 2])) as Tensor;
    expect(H.toArray()).toEqual([[2, 1, 5], [1, 6, 4.5], [5, 4.5, -4]]);
  });

  it('hessianVectorProduct equals the Hessian times v, without forming it', () => {
    const f = (x: Value): Value => sum(mul(exp(x), sin(dot(x, tensor([1, 2, 3])))));
    const x = tensor([0.2, -0.4, 0.7]);
    const v = tensor([1, -2, 0.5]);
    const H = hessian(f)(x) as Tensor;
    const Hv = hessianVectorProduct(f)(x, v) as Tensor;
    Hv.data.forEach((value, i) => closeTo(value, dot(tensor(H.data.slice(3 * i, 3 * i + 3)), v) as number, 1e-13));
  });
});

describe('nesting and define-by-run', () => {
  it('avoids perturbation confusion: d/dx [d/dy (x·y)] at y = 1 is 1 (Siskind & Pearlmutter 2005)', () => {
    expect(grad((x: Value) => grad((y: Value) => mul(x, y))(1))(2)).toBe(1);
    // The same through forward mode outside and reverse inside.
    expect(jvp((x: Value) => grad((y: Value) => mul(x, y))(1), 2, 1).tangent).toBe(1);
    // d/dx [x · d/dy (x + y)] = d/dx [x] = 1, not 2.
    expect(grad((x: Value) => mul(x, grad((y: Value) => add(x, y))(1)))(2)).toBe(1);
  });

  it('differentiates through closures, recursion and JS branches on traced scalars', () => {
    const scale = 3;
    const closure = (x: Value): Value => mul(scale, x);
    expect(grad(closure)(1)).toBe(3);
    const power = (x: Value, n: number): Value => (n === 0 ? 1 : mul(x, power(x, n - 1)));
    expect(grad((x: Value) => power(x, 4))(2)).toBe(32);
    // A traced scalar compares as its value (Box.valueOf); TypeScript wants Number() or a cast.
    const leakyRelu = (x: Value): Value => (Number(x) > 0 ? x : mul(0.01, x));
    expect(grad(leakyRelu)(2)).toBe(1);
    expect(grad(leakyRelu)(-2)).toBe(0.01);
    const step = (x: Value): Value => ((x as number) > 0 ? mul(2, x) : mul(3, x));
    expect(grad(grad((x: Value) => mul(x, step(x))))(1)).toBe(4);
    expect(grad(grad((x: Value) => mul(x, step(x))))(-1)).toBe(6);
    const newton = (x: Value): Value => {
      // √x by Newton's iteration, to a tolerance checked on the traced iterate
      let y: Value = x;
      while (Math.abs((primal(square(y)) as number) - (primal(x) as number)) > 1e-15) y = mul(0.5, add(y, div(x, y)));
      return y;
    };
    closeTo(grad(newton)(4), 0.25, 1e-10);
  });

  it('stopGradient blocks the gradient but keeps the value', () => {
    const f = (x: Value): Value => mul(x, stopGradient(x));
    expect(valueAndGrad(f)(3)).toEqual({ value: 9, grad: 3 });
    expect(grad((x: Value) => grad((y: Value) => mul(y, stopGradient(x)))(1))(5)).toBe(0);
  });
});

describe('customGradient', () => {
  // log(1 + eˣ) with its derivative sigmoid(x) given by hand, written with our ops.
  const softplusCustom = customGradient({
    name: 'softplusCustom',
    forward: (x) => (typeof x === 'number' ? Math.log1p(Math.exp(x)) : new Tensor(x.data.map((v) => Math.log1p(Math.exp(v))), x.shape)),
    vjp: (g, { args }) => [mul(g, div(1, add(1, exp(sub(0, args[0]!)))))],
    jvp: ([t], { args }) => mul(t!, div(1, add(1, exp(sub(0, args[0]!))))),
  });

  it('gives the value and the supplied derivative, in both modes and nested', () => {
    closeTo(softplusCustom(0), Math.LN2);
    closeTo(grad(softplusCustom)(0), 0.5);
    closeTo(jvp(softplusCustom, 0, 2).tangent as number, 1);
    closeTo(grad(grad(softplusCustom))(0), 0.25); // σ'(0) = σ(0)(1 − σ(0))
    expectGradientsMatch(softplusCustom, tensor([-1, 0.5, 2]));
  });

  it('takes several arguments and returns one cotangent per argument', () => {
    const product = customGradient({
      forward: (a, b) => (a as number) * (b as number),
      vjp: (g, { args }) => [mul(g, args[1]!), mul(g, args[0]!)],
    });
    expect(grad(([a, b]: Value[]) => product(a!, b!))([3, 4])).toEqual([4, 3]);
    const broken = customGradient({ name: 'broken', forward: (a) => a, vjp: () => [1, 2] });
    expect(() => grad(broken)(1)).toThrow('broken: vjp must return one cotangent per argument (1), got 2');
  });

  it('refuses forward mode without a jvp rule, saying what to add', () => {
    const reverseOnly = customGradient({ name: 'reverseOnly', forward: (x) => x, vjp: (g) => [g] });
    expect(grad(reverseOnly)(1)).toBe(1);
    expect(() => jvp(reverseOnly, 1, 1)).toThrow("jvp of 'reverseOnly' is not defined: give customGradient a jvp rule to use forward mode");
  });

  it('a cotangent of the wrong shape is caught by the engine, naming the op', () => {
    const wrongShape = customGradient({ name: 'wrongShape', forward: (x) => x, vjp: () => [0] });
    expect(() => grad((x: Value) => sum(wrongShape(x)))(tensor([1, 2]))).toThrow(
      "vjp of 'wrongShape' w.r.t. argument 0 returned shape [], expected [2]",
    );
  });

  it('checkGrad detects a deliberately wrong derivative', () => {
    const wrong = customGradient({
      name: 'wrongSquare',
      forward: (x) => (x as number) ** 2,
      vjp: (g, { args }) => [mul(g, mul(3, args[0]!))], // should be 2x
      jvp: ([t], { args }) => mul(t!, mul(3, args[0]!)),
    });
    expect(checkGrad(wrong, 1.3)).toBeGreaterThan(0.1);
    const right = customGradient({
      name: 'square',
      forward: (x) => (x as number) ** 2,
      vjp: (g, { args }) => [mul(g, mul(2, args[0]!))],
      jvp: ([t], { args }) => mul(t!, mul(2, args[0]!)),
    });
    expect(checkGrad(right, 1.3, { order: 2 })).toBeLessThan(1e-8);
    // Forward and reverse disagreeing is caught too, even when reverse is right.
    const inconsistent = customGradient({
      name: 'inconsistent',
      forward: (x) => (x as number) ** 2,
      vjp: (g, { args }) => [mul(g, mul(2, args[0]!))],
      jvp: ([t]) => t!,
    });
    expect(checkGrad(inconsistent, 1.3)).toBeGreaterThan(0.1);
  });
});
