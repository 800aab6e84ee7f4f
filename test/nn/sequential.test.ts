import { describe, expect, it } from 'vitest';
import { checkGrad, square, sub, sum, Tensor, tensor, type Value } from '../../src/ad/index.js';
import { dense, reluLayer, sequential, tanhLayer, type NetworkParameters } from '../../src/nn/index.js';
import { makeRng } from '../../src/random/rng.js';

const network = sequential([dense(2, 3), tanhLayer(), dense(3, 1)]);

describe('sequential', () => {
  it('names the parameters weight1, bias1, weight2, bias2 with their shapes', () => {
    expect(network.parameterShapes).toEqual({ weight1: [2, 3], bias1: [3], weight2: [3, 1], bias2: [1] });
    expect(network.parameterCount).toBe(6 + 3 + 3 + 1);
    expect(network.inputs).toBe(2);
    expect(network.outputs).toBe(1);
    const parameters = network.initialize(makeRng(1));
    expect(Object.keys(parameters)).toEqual(['weight1', 'bias1', 'weight2', 'bias2']);
    for (const [name, shape] of Object.entries(network.parameterShapes)) expect(parameters[name]!.shape).toEqual(shape);
  });

  it('maps a batch [N, inputs] to [N, outputs], row by row as the formula', () => {
    const parameters = network.initialize(makeRng(3));
    const x = tensor([[0.3, -1.2], [2, 0.5], [-0.7, 0.1], [0, 0]]);
    const y = network.apply(parameters, x) as Tensor;
    expect(y.shape).toEqual([4, 1]);
    const { weight1, bias1, weight2, bias2 } = parameters as Record<string, Tensor>;
    for (let n = 0; n < 4; n++) {
      let f = bias2!.data[0]!;
      for (let h = 0; h < 3; h++) {
        const a = x.get(n, 0) * weight1!.get(0, h) + x.get(n, 1) * weight1!.get(1, h) + bias1!.data[h]!;
        f += Math.tanh(a) * weight2!.get(h, 0);
      }
      expect(y.get(n, 0)).toBeCloseTo(f, 14);
    }
  });

  it('has gradients that match finite differences (a record of tensors as the argument)', () => {
    const tiny = sequential([dense(2, 3), tanhLayer(), dense(3, 2), reluLayer(), dense(2, 1)]);
    const x = tensor([[0.3, -1.2], [1.1, 0.5], [-0.7, 0.9]]);
    const target = tensor([[0.2], [-0.4], [1]]);
    // Biases start at 0.5 so the relu units sit away from their kink at these points.
    const parameters = { ...tiny.initialize(makeRng(5)), bias2: tensor([0.5, 0.5]) };
    const loss = (p: NetworkParameters<Value>): Value => sum(square(sub(tiny.apply(p, x), target)));
    expect(checkGrad(loss, parameters, { order: 2 })).toBeLessThan(1e-6);
  });

  it('is seeded: the same rng gives the same parameters', () => {
    const a = network.initialize(makeRng(11));
    const b = network.initialize(makeRng(11));
    for (const name of Object.keys(a)) expect(a[name]!.data).toEqual(b[name]!.data);
    expect(network.initialize(makeRng(12))['weight1']!.data).not.toEqual(a['weight1']!.data);
  });

  it('names the place, the value and the rule in its errors', () => {
    const parameters = network.initialize(makeRng(1));
    expect(() => network.apply(parameters, tensor([1, 2]))).toThrow(
      'sequential.apply: the input has shape [2], but must be [N, 2] (a batch of rows)',
    );
    expect(() => network.apply({ ...parameters, bias1: tensor([1, 2]) }, tensor([[1, 2]]))).toThrow(
      'sequential.apply: parameters.bias1 has shape [2], but must have shape [3]',
    );
    const { weight2: _omitted, ...missing } = parameters;
    expect(() => network.apply(missing, tensor([[1, 2]]))).toThrow('sequential.apply: parameters.weight2 is missing');
    expect(() => sequential([])).toThrow('sequential: the list of layers is empty');
    expect(() => sequential([tanhLayer(), dense(2, 1)])).toThrow('sequential: the first layer is tanh, but must be one that fixes the input size');
    expect(() => sequential([dense(2, 3), dense(4, 1)])).toThrow(
      'sequential: layer 1 (dense(4, 1)) cannot follow the previous one: dense(4, 1): the input has 3 features, but the layer takes 4',
    );
  });
});
