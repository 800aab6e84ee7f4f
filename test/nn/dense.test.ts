import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '../../src/ad/index.js';
import { dense } from '../../src/nn/index.js';
import { makeRng } from '../../src/random/rng.js';

describe('dense', () => {
  it('declares a weight [inputs, outputs] and a bias [outputs]', () => {
    const layer = dense(3, 2);
    expect(layer.parameterShapes).toEqual({ weight: [3, 2], bias: [2] });
    expect(layer.outputSize(3)).toBe(2);
    expect(() => layer.outputSize(4)).toThrow('dense(3, 2): the input has 4 features, but the layer takes 3');
  });

  it('computes x W + b for every row of the batch', () => {
    const layer = dense(2, 3);
    const weight = tensor([[1, 2, 3], [4, 5, 6]]);
    const bias = tensor([0.5, -1, 2]);
    const x = tensor([[1, 0], [0, 1], [2, -1]]);
    const y = layer.apply({ weight, bias }, x) as Tensor;
    expect(y.shape).toEqual([3, 3]);
    expect(y.toArray()).toEqual([[1.5, 1, 5], [4.5, 4, 8], [-1.5, -2, 2]]);
  });

  it('initialises from the seed: Glorot-normal weights of variance 2/(in + out), zero biases', () => {
    const a = dense(40, 60).initialize(makeRng(7));
    const b = dense(40, 60).initialize(makeRng(7));
    expect(a['weight']!.data).toEqual(b['weight']!.data);
    expect(Array.from(a['bias']!.data).every((v) => v === 0)).toBe(true);
    const w = a['weight']!.data;
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    // 2400 draws: the sample variance has relative sd sqrt(2/2400) ≈ 0.029; 4 sd ≈ 0.12.
    expect(Math.abs(variance / (2 / 100) - 1)).toBeLessThan(0.12);
    expect(dense(40, 60).initialize(makeRng(8))['weight']!.data).not.toEqual(w);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => dense(0, 2)).toThrow('dense: inputs is 0, but must be a positive integer');
    expect(() => dense(2, 1.5)).toThrow('dense: outputs is 1.5, but must be a positive integer');
  });
});
