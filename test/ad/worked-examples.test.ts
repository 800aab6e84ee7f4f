import { describe, expect, it } from 'vitest';
import {
  add, cos, div, elementwiseGrad, exp, grad, jvp, linspace, log, mean, mul, neg, ones, pow, primal,
  sin, square, sub, tanh, Tensor, valueAndGrad, type Value,
} from '../../src/index.js';

// The worked examples of the source material (autograd's tutorial and the classic AD
// texts), reproduced to 1e-12 unless fewer digits are given.

const closeTo = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};

describe('worked examples', () => {
  it('d/dx tanh(x) at 1 with tanh written through exp', () => {
    const myTanh = (x: Value): Value => {
      const y = exp(mul(-2, x));
      return div(sub(1, y), add(1, y));
    };
    const d = grad(myTanh)(1.0) as number;
    closeTo(d, 0.41997434161402603);
    const central = ((primal(myTanh(1.0001)) as number) - (primal(myTanh(0.9999)) as number)) / 0.0002;
    closeTo(central, 0.41997434264973155, 1e-12);
    expect(Math.abs(d - central)).toBeLessThan(1e-8);
  });

  it('d/dx log(1 + x²)/x at 1', () => {
    const f = (x: Value): Value => div(log(add(1, square(x))), x);
    closeTo(grad(f)(1) as number, 0.3068528194400547);
  });

  it('the logistic map applied 4 times, forward and reverse', () => {
    const f = (x: Value): Value => {
      let v = x;
      for (let i = 0; i < 4; i++) v = mul(4, mul(v, sub(1, v)));
      return v;
    };
    closeTo(primal(f(0.25)) as number, 0.75);
    closeTo(grad(f)(0.25) as number, -16);
    const forward = jvp(f, 0.25, 1);
    closeTo(forward.value as number, 0.75);
    closeTo(forward.tangent as number, -16);
  });

  it('ln x1 + x1·x2 − sin x2 at (2, 5), forward and reverse', () => {
    const f = (x1: Value, x2: Value): Value => sub(add(log(x1), mul(x1, x2)), sin(x2));
    const { value } = valueAndGrad(f)(2, 5);
    expect((value as number).toFixed(3)).toBe('11.652');
    const expected = [5.5, 2 - Math.cos(5)];
    closeTo(grad(f, 0)(2, 5), expected[0]!);
    closeTo(grad(f, 1)(2, 5), expected[1]!);
    expect((2 - Math.cos(5)).toFixed(3)).toBe('1.716');
    const g = (x: Value[]): Value => f(x[0]!, x[1]!);
    closeTo(jvp(g, [2, 5], [1, 0]).tangent as number, expected[0]!);
    closeTo(jvp(g, [2, 5], [0, 1]).tangent as number, expected[1]!);
    const gradArray = grad(g)([2, 5]) as number[];
    closeTo(gradArray[0]!, expected[0]!);
    closeTo(gradArray[1]!, expected[1]!);
  });

  it('y·x² and (x² + 2y²)/(xy) at (1, 1)', () => {
    const f = (x: Value, y: Value): Value => mul(y, square(x));
    closeTo(grad(f, 0)(1, 1), 2);
    closeTo(grad(f, 1)(1, 1), 1);
    const h = (x: Value, y: Value): Value => div(add(square(x), mul(2, square(y))), mul(x, y));
    closeTo(grad(h, 0)(1, 1), -1);
    closeTo(grad(h, 1)(1, 1), 1);
  });

  it('sin(cos(x1 + x2))² + x3 against its closed form', () => {
    const f = (p: { x1: Value; x2: Value; x3: Value }): Value => add(square(sin(cos(add(p.x1, p.x2)))), p.x3);
    for (const [x1, x2, x3] of [[0.3, -1.2, 2], [1.7, 0.4, -3], [-2.5, 2.1, 0]] as const) {
      const s = x1 + x2;
      const d = -2 * Math.sin(Math.cos(s)) * Math.cos(Math.cos(s)) * Math.sin(s);
      const g = grad(f)({ x1, x2, x3 }) as { x1: number; x2: number; x3: number };
      closeTo(g.x1, d);
      closeTo(g.x2, d);
      closeTo(g.x3, 1);
    }
  });

  it('mean(3·(x + 2)²) of ones(2, 2)', () => {
    const f = (x: Value): Value => mean(mul(3, square(add(x, 2))));
    const { value, grad: g } = valueAndGrad(f)(ones([2, 2]));
    closeTo(value as number, 27);
    expect((g as Tensor).shape).toEqual([2, 2]);
    for (const v of (g as Tensor).data) closeTo(v, 4.5);
  });

  it('six derivatives of tanh on 200 points by nested elementwiseGrad', () => {
    const x = linspace(-7, 7, 200);
    let f: (x: Value) => Value = tanh;
    const derivatives: Tensor[] = [];
    for (let k = 0; k < 6; k++) {
      f = elementwiseGrad(f);
      derivatives.push(primal(f(x)) as Tensor);
    }
    // Closed forms in t = tanh(x) (each is d/dt of the previous times 1 − t²).
    const closed = [
      (t: number) => 1 - t ** 2,
      (t: number) => -2 * t * (1 - t ** 2),
      (t: number) => (1 - t ** 2) * (6 * t ** 2 - 2),
      (t: number) => (1 - t ** 2) * (16 * t - 24 * t ** 3),
      (t: number) => (1 - t ** 2) * (16 - 120 * t ** 2 + 120 * t ** 4),
      (t: number) => (1 - t ** 2) * (-272 * t + 960 * t ** 3 - 720 * t ** 5),
    ];
    derivatives.forEach((d, k) => {
      d.data.forEach((v, i) => closeTo(v, closed[k]!(Math.tanh(x.data[i]!)), 1e-10));
    });
  });

  it('pow and neg compose', () => {
    closeTo(grad((x: Value) => neg(pow(x, 3)))(2), -12);
    closeTo(grad((x: Value) => cos(x))(0.5), -Math.sin(0.5));
  });
});
