import { describe, expect, it } from 'vitest';
import { elementwiseGrad, tanh, tensor, type Tensor } from '../../src/ad/index.js';
import { relu, reluLayer, tanhLayer } from '../../src/nn/index.js';
import { makeRng } from '../../src/random/rng.js';
import { expectGradientsMatch } from '../helpers/gradients.js';

describe('relu', () => {
  it('is max(x, 0) with derivative 1 above zero and 0 below', () => {
    const x = tensor([-2, -0.5, 0.5, 3]);
    expect((relu(x) as Tensor).toArray()).toEqual([0, 0, 0.5, 3]);
    expect((elementwiseGrad(relu)(x) as Tensor).toArray()).toEqual([0, 0, 1, 1]);
    expect(relu(-1)).toBe(0);
    expect(relu(2)).toBe(2);
  });

  it('matches finite differences away from the kink', () => {
    expectGradientsMatch(relu, tensor([-1.3, 0.7, 2.1, -0.2]));
  });
});

describe('activation layers', () => {
  it('have no parameters and keep the feature count', () => {
    for (const layer of [tanhLayer(), reluLayer()]) {
      expect(layer.parameterShapes).toEqual({});
      expect(layer.outputSize(7)).toBe(7);
      expect(layer.initialize(makeRng(1))).toEqual({});
    }
  });

  it('apply their function elementwise to the batch', () => {
    const x = tensor([[-1, 0.5], [2, -3]]);
    expect((tanhLayer().apply({}, x) as Tensor).data).toEqual((tanh(x) as Tensor).data);
    expect((reluLayer().apply({}, x) as Tensor).toArray()).toEqual([[0, 0.5], [2, 0]]);
  });
});
