import { describe, expect, it } from 'vitest';
import { densityModel, type CompiledModel } from '../../src/models/model.js';
import { outputsIntoOf } from '../../src/models/outputs-into.js';
import { defineModel, real, vector } from '../../src/models/api/index.js';
import { normal } from '../../src/models/distributions/index.js';
import { makeRng } from '../../src/random/rng.js';

const standard = densityModel({ dim: 3, logDensityAndGradient: (theta) => ({ logDensity: 0, gradient: new Float64Array(theta.length) }) });

const withQuantities = defineModel({
  name: 'with_quantities',
  data: {},
  parameters: { mu: real(), sigma: real({ lower: 0 }), z: vector(2) },
  model: (p, _data, target) => {
    target.sample(p.mu, normal(0, 1));
    target.sample(p.z, normal(p.mu, p.sigma));
  },
  generatedQuantities: (p, _data, rng) => ({ draw: (p.mu as number) + rng.normal() }),
}).compile({});

describe('outputsIntoOf', () => {
  it.each([
    ['densityModel', standard],
    ['a compiled model with generated quantities', withQuantities],
  ] as const)('writes what outputs returns, for %s', (_name, model: CompiledModel) => {
    const into = outputsIntoOf(model);
    expect(into).toBeDefined();
    const out = new Float64Array(model.outputNames.length).fill(Number.NaN);
    for (const theta of [Float64Array.of(0.3, -1.2, 2.5, 0.1), Float64Array.of(-2, 0.5, 1, 3)]) {
      const position = theta.subarray(0, model.dim);
      into!(position, makeRng(4, 1), out);
      expect(Array.from(out)).toEqual(Array.from(model.outputs(position, makeRng(4, 1))));
    }
  });

  it('finds none for a model whose outputs were replaced, even if spread from one that has one', () => {
    const replaced: CompiledModel = { ...standard, outputs: (theta) => Float64Array.from(theta, (x) => 2 * x) };
    expect(outputsIntoOf(replaced)).toBeUndefined();
    // A spread that keeps outputs keeps its twin: the same function, the same values.
    expect(outputsIntoOf({ ...standard, outputNames: ['a', 'b', 'c'] })).toBe(outputsIntoOf(standard));
  });
});
