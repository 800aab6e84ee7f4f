import { describe, expect, it } from 'vitest';
import { add, at, checkGrad, checkGradReport, customGradient, log, mul, pow, sin, stopGradient, sub, sum, tensor, type Value } from '../../src/ad/index.js';

// The gradient checker itself: it must pass correct derivatives at any scale of the input
// and fail wrong ones (the customGradient cases are in transforms.test.ts).

describe('checkGrad', () => {
  it('passes correct derivatives of a function of a tensor, a number and a record', () => {
    expect(checkGrad((x: Value) => sum(mul(x, sin(x))), tensor([0.3, -1.2, 2]), { order: 2 })).toBeLessThan(1e-8);
    expect(checkGrad((x: Value) => mul(x, log(x)), 2.5, { order: 2 })).toBeLessThan(1e-8);
    expect(checkGrad((p: { a: Value; b: Value }) => mul(p.a, sum(p.b)), { a: 2, b: tensor([1, 2]) }, { order: 2 })).toBeLessThan(1e-8);
  });

  it('steps each coordinate by its own scale, so mixed scales stay inside the domain', () => {
    // One step for all coordinates, taken from the largest (1000), would evaluate log at
    // 0.01 ± 1 (NaN) and report an error where there is none.
    const f = (x: Value): Value => add(log(at(x, 0)), mul(1e-3, at(x, 1)));
    const error = checkGrad(f, tensor([0.01, 1000]), { step: 1e-4 });
    expect(error).toBeLessThan(1e-6);
    expect(checkGrad((x: Value[]) => add(log(x[0]!), x[1]!), [0.2, 30], { order: 2 })).toBeLessThan(1e-6);
  });

  it('reports a large error when the derivative is wrong', () => {
    // x·stopGradient(x) has value x² but AD derivative x: half the true 2x.
    expect(checkGrad((x: Value) => mul(x, stopGradient(x)), 1.5)).toBeGreaterThan(0.49);
  });

  it('catches a small derivative that is wrong by 10%, and passes it when right', () => {
    // f(x) = 1 + 1e-7·sin(x): |f| ≈ 1, f'(0.5) = 8.8e-8. Under the old floor of
    // max(1, |a|, |b|) an error of 8.8e-9 was 8.8e-9 < 1e-6: never caught.
    const right = (x: Value): Value => add(1, mul(1e-7, sin(x)));
    // x + 0.1·(x − stopGradient(x)) has the value of x and the derivative 1.1.
    const scaled = (x: Value): Value => add(x, mul(0.1, sub(x, stopGradient(x))));
    const wrong = (x: Value): Value => add(1, mul(1e-7, sin(scaled(x))));
    expect(checkGrad(right, 0.5, { order: 2 })).toBeLessThan(1e-6);
    const report = checkGradReport(wrong, 0.5);
    expect(report.error).toBeGreaterThan(0.08);
    // Along the coordinate: reverse mode says 1.1·f', the differences f' to 1e-13, and the
    // noise allowed (their rounding) is far below the 8.8e-9 disagreement.
    const along = report.comparisons.find((c) => c.kind === 'finite difference' && c.direction[0] === 1)!;
    expect(along.derivative).toBeCloseTo(1.1e-7 * Math.cos(0.5), 20);
    expect(Math.abs(along.reference - 1e-7 * Math.cos(0.5))).toBeLessThan(1e-13);
    expect(along.noise).toBeLessThan(1e-10);
    // The brief's case: a true derivative of 1e-7 reported as 1.1e-7 (off by 1e-8).
    expect(checkGrad((x: Value) => add(1, mul(1e-7, x)), 0.5)).toBeLessThan(1e-6);
    expect(checkGrad((x: Value) => add(1, mul(1e-7, scaled(x))), 0.5)).toBeGreaterThan(0.09);
  });

  it('catches a wrong small coordinate beside a large one, and a wrong small second derivative', () => {
    // ∂f/∂x₀ = 2x₀ ≈ 3, ∂f/∂x₁ = 1e-7 reported as 1.1e-7.
    const wrong = (x: Value): Value => add(mul(at(x, 0), at(x, 0)), mul(1e-7, add(at(x, 1), mul(0.1, sub(at(x, 1), stopGradient(at(x, 1)))))));
    expect(checkGrad(wrong, tensor([1.5, 0.3]))).toBeGreaterThan(0.05);
    const right = (x: Value): Value => add(mul(at(x, 0), at(x, 0)), mul(1e-7, at(x, 1)));
    expect(checkGrad(right, tensor([1.5, 0.3]), { order: 2 })).toBeLessThan(1e-8);
    // 1 + 1e-7·x³/3 with a gradient rule whose own derivative is half the true 2e-7·x:
    // first derivatives right, the small second derivative wrong.
    const cubeThird = customGradient({
      name: 'cubeThird',
      forward: (x) => (x as number) ** 3 / 3,
      vjp: (g, { args }) => [mul(g, mul(args[0]!, stopGradient(args[0]!)))],
      jvp: ([t], { args }) => mul(t!, mul(args[0]!, stopGradient(args[0]!))),
    });
    const secondWrong = (x: Value): Value => add(1, mul(1e-7, cubeThird(x)));
    expect(checkGrad(secondWrong, 0.7)).toBeLessThan(1e-8);
    expect(checkGrad(secondWrong, 0.7, { order: 2 })).toBeGreaterThan(0.3);
  });

  it('passes a zero derivative where the differences leave only their truncation error', () => {
    // d²(x⁶)/dx² is 0 at 0; Richardson's differences of 6x⁵ give O(h⁴) ≈ 1e-16, which its
    // own error estimate accounts for.
    const report = checkGradReport((x: Value) => pow(x, 6), 0, { order: 2, step: 1e-4 });
    expect(report.error).toBe(0);
    expect(report.comparisons.some((c) => c.order === 2 && c.reference !== 0 && c.truncation > 0)).toBe(true);
  });

  it('fails a step too coarse for the function rather than loosening the check', () => {
    // log near its pole: at x = 0.02 a step of 0.005 leaves a truncation error of about
    // (h/x)⁴ ≈ 4e-3 of the derivative, which is then reported as the error.
    const report = checkGradReport((x: Value) => log(x), 0.02, { step: 0.005 });
    expect(report.error).toBeGreaterThan(1e-4);
    expect(report.worst?.truncation).toBeGreaterThan(0);
    expect(checkGrad((x: Value) => log(x), 0.02, { step: 1e-5 })).toBeLessThan(1e-6);
  });

  it('refuses a non-scalar function', () => {
    expect(() => checkGrad((x: Value) => mul(x, 2), tensor([1, 2]))).toThrow('checkGrad: the function must return a scalar');
  });
});
