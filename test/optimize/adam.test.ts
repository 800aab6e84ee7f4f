import { describe, expect, it } from 'vitest';
import { add, grad, mul, square, sub, sum, Tensor, tensor, type Value } from '../../src/ad/index.js';
import { adam } from '../../src/optimize/adam.js';

// f(θ) = ½ Σᵢ cᵢ (θᵢ − tᵢ)², a badly scaled quadratic (curvatures 0.01..100), plus a
// scalar leaf, so the position is a tree: { vector, scalar }.
const curvature = tensor([0.01, 1, 100]);
const target = tensor([3, -2, 0.5]);
type Position = { readonly vector: Value; readonly scalar: Value };
const objective = (p: Position): Value => mul(0.5, sum(mul(curvature, square(sub(p.vector, target)))));
const full = (p: Position): Value => add(objective(p), mul(2, square(sub(p.scalar, 1))));

describe('adam', () => {
  it('reaches the minimum of a badly scaled quadratic', () => {
    const optimizer = adam({ learningRate: 0.05 });
    let state = optimizer.init<Position>({ vector: tensor([0, 0, 0]), scalar: 0 });
    const gradient = grad(full);
    for (let t = 0; t < 3000; t++) {
      // A decaying step, as Adam's convergence analysis assumes (Kingma & Ba 2015, §4).
      state = optimizer.step(state, gradient(state.position), 0.05 / Math.sqrt(1 + t / 100));
    }
    const vector = state.position.vector as Tensor;
    for (let i = 0; i < 3; i++) expect(Math.abs(vector.data[i]! - target.data[i]!)).toBeLessThan(1e-3);
    expect(Math.abs((state.position.scalar as number) - 1)).toBeLessThan(1e-3);
    expect(state.iteration).toBe(3000);
  });

  it('moves every coordinate by the learning rate on its first step, whatever the gradient scale', () => {
    // With m̂ = g and v̂ = g² after one step, the update is α g / (|g| + ε) ≈ α sign(g).
    const optimizer = adam({ learningRate: 0.1 });
    const state = optimizer.init({ vector: tensor([0, 0, 0]), scalar: 0 });
    const next = optimizer.step(state, { vector: tensor([1e-4, -3, 1e4]), scalar: 5 });
    const moved = (next.position.vector as Tensor).data;
    const expected = (g: number): number => (-0.1 * g) / (Math.abs(g) + 1e-8);
    [1e-4, -3, 1e4].forEach((g, i) => expect(moved[i]).toBeCloseTo(expected(g), 14));
    expect(next.position.scalar).toBeCloseTo(expected(5), 14);
    expect(Math.abs(moved[0]! + 0.1)).toBeLessThan(1e-4);
  });

  it('is pure: a step leaves the state it was given unchanged', () => {
    const optimizer = adam({ learningRate: 0.1 });
    const state = optimizer.init({ x: tensor([1, 2]) });
    const before = JSON.stringify([Array.from((state.position.x as Tensor).data), state.firstMoment.map((m) => Array.from(m))]);
    const next = optimizer.step(state, { x: tensor([0.5, -0.5]) });
    expect(JSON.stringify([Array.from((state.position.x as Tensor).data), state.firstMoment.map((m) => Array.from(m))])).toBe(before);
    expect(state.iteration).toBe(0);
    expect(next.iteration).toBe(1);
    const again = optimizer.step(state, { x: tensor([0.5, -0.5]) });
    expect((again.position.x as Tensor).data).toEqual((next.position.x as Tensor).data);
  });

  it('names the place, the value and the rule in its errors', () => {
    expect(() => adam({ learningRate: 0 })).toThrow('adam: learningRate is 0, but must be a positive finite number');
    expect(() => adam({ learningRate: 0.1, beta1: 1 })).toThrow('adam: beta1 is 1, but must be in [0, 1)');
    const optimizer = adam({ learningRate: 0.1 });
    const state = optimizer.init({ x: tensor([1, 2]) });
    expect(() => optimizer.step(state, { x: tensor([1, 2, 3]) })).toThrow("adam.step: gradient leaf 0 has shape [3], but the position's has [2]");
    expect(() => optimizer.step(state, [tensor([1, 2]), 1])).toThrow('adam.step: the gradient has 2 leaves, but the position has 1');
    expect(() => optimizer.step(state, { x: tensor([1, 2]) }, -1)).toThrow('adam.step: learningRate is -1, but must be a positive finite number');
  });
});
