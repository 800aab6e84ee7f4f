import { add } from '../ad/ops/arithmetic.js';
import { matmul } from '../ad/ops/linalg.js';
import { Tensor, zeros } from '../ad/tensor.js';
import type { Value } from '../ad/trace.js';
import type { Rng } from '../random/rng.js';
import type { Layer } from './layer.js';

function expectCount(place: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${place}: ${name} is ${value}, but must be a positive integer`);
}

/**
 * A fully connected layer y = x W + b on a batch x of shape [N, inputs]: W has shape
 * [inputs, outputs] (so the batch multiplies on the left, one matmul for all rows) and b
 * has shape [outputs], broadcast over the rows. Two tape nodes: matmul and add.
 *
 * Weights start from Glorot & Bengio's (2010, eq. 12 and §4.2.1) normalised
 * initialisation in its normal form, variance 2 / (inputs + outputs): it keeps the
 * variance of activations and of back-propagated gradients about constant across tanh
 * layers. Biases start at zero.
 */
export function dense(inputs: number, outputs: number): Layer {
  expectCount('dense', 'inputs', inputs);
  expectCount('dense', 'outputs', outputs);
  const name = `dense(${inputs}, ${outputs})`;
  const scale = Math.sqrt(2 / (inputs + outputs));
  return {
    name,
    parameterShapes: { weight: [inputs, outputs], bias: [outputs] },
    outputSize(inputSize: number): number {
      if (inputSize !== inputs) {
        throw new Error(`${name}: the input has ${inputSize} features, but the layer takes ${inputs}`);
      }
      return outputs;
    },
    initialize(rng: Rng): Record<string, Tensor> {
      const weight = new Float64Array(inputs * outputs);
      for (let i = 0; i < weight.length; i++) weight[i] = scale * rng.normal();
      return { weight: new Tensor(weight, [inputs, outputs]), bias: zeros([outputs]) };
    },
    apply(parameters: Readonly<Record<string, Value>>, input: Value): Value {
      return add(matmul(input, parameters['weight']!), parameters['bias']!);
    },
  };
}
