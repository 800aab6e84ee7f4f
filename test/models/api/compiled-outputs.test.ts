import { describe, expect, it } from 'vitest';
import { settings } from '../../../src/ad/codegen/make-function.js';
import { add, exp, mul, type Value } from '../../../src/ad/index.js';
import { defineModel, real, vector } from '../../../src/models/api/index.js';
import type { ModelInstance } from '../../../src/models/api/compile.js';
import { compiledOutputs } from '../../../src/models/api/compiled-outputs.js';
import { programOf, type OutputBlock } from '../../../src/models/api/evaluate.js';
import { normal } from '../../../src/models/distributions/index.js';
import { outputsIntoOf } from '../../../src/models/outputs-into.js';
import { makeRng } from '../../../src/random/rng.js';
import { examples } from '../../helpers/example-models.js';

// A saved draw's constrained and transformed parameters from one generated function
// (src/models/api/compiled-outputs.ts) against the model's code run define-by-run.

/** The parameters' and transformed parameters' output blocks, as compileProgram lays them out. */
function parameterBlocks(model: ModelInstance): OutputBlock[] {
  const blocks: OutputBlock[] = [];
  let offset = 0;
  for (const q of model.parameterInfo) {
    if (q.block !== 'generatedQuantities') blocks.push({ name: q.name, shape: q.shape, offset });
    offset += q.outputNames.length;
  }
  return blocks;
}

function randomPoint(dim: number, rng: ReturnType<typeof makeRng>): Float64Array {
  return Float64Array.from({ length: dim }, () => -2 + 4 * rng.uniform());
}

/** Equal to `tolerance` relative to the larger magnitude (and at least 1). */
function expectClose(actual: Float64Array, expected: Float64Array, tolerance: number, where: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    expect(Math.abs(actual[i]! - expected[i]!) / scale, `${where}: output ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
  }
}

// Models whose outputs the generated function must produce (no generated quantities, code
// that never reads a parameter's value): losing one is a performance regression.
const mustCompile = new Set(['bench/eight_schools_noncentered', 'bench/eight_schools_centered', 'bench/gaussian_100d', 'bench/correlated_2d', 'bench/logistic_regression', 'bench/varying_intercepts']);

describe.skipIf(settings().jitless)('compiled outputs equal the define-by-run ones', () => {
  for (const example of examples()) {
    it(example.name, () => {
      const model = example.compile({ replay: true, compile: true });
      const reference = example.compile({ replay: false });
      const into = outputsIntoOf(model)!;
      const rng = makeRng(29, 0);
      const out = new Float64Array(model.outputNames.length);
      for (let p = 0; p < 5; p++) {
        const theta = randomPoint(model.dim, rng);
        into(theta, makeRng(3, p), out);
        expectClose(out, reference.outputs(theta, makeRng(3, p)), 1e-12, `${example.name} at point ${p}`);
      }
      const direct = compiledOutputs(programOf(model)!, parameterBlocks(model), {});
      if (mustCompile.has(example.name)) {
        expect(direct).not.toBeNull();
        const written = new Float64Array(model.outputNames.length).fill(Number.NaN);
        const theta = randomPoint(model.dim, rng);
        expect(direct!(theta, written)).toBe(true);
        expect(direct!(theta, written)).toBe(true);
        expectClose(written, reference.outputs(theta, makeRng(1, 1)), 1e-12, example.name);
      }
    });
  }
});

describe.skipIf(settings().jitless)('generated quantities after compiled outputs', () => {
  const spec = {
    name: 'with_quantities',
    data: { x: vector(3) },
    parameters: { mu: real(), s: real({ lower: 0 }) },
    transformedParameters: (p: any) => ({ scaled: mul(p.s, 3) }),
    model: (p: any, d: any, target: any) => {
      target.sample(p.mu, normal(0, 1));
      target.sample(d.x, normal(p.mu, p.s));
    },
    // Reads the parameters and the transformed parameter it is given, and draws random numbers.
    generatedQuantities: (p: any, _d: any, rng: any) => {
      const shifted = (p.mu as number) + rng.normal();
      return { shifted, ratio: (p.scaled as number) / (p.s as number), noise: rng.normal() };
    },
  };

  it('see the values the generated function wrote, and draw the same numbers', () => {
    const model = defineModel(spec).compile({ x: [0.5, -1, 2] });
    const reference = defineModel(spec).compile({ x: [0.5, -1, 2] }, { replay: false });
    expect(compiledOutputs(programOf(model)!, parameterBlocks(model), {})).not.toBeNull();
    const into = outputsIntoOf(model)!;
    const out = new Float64Array(model.outputNames.length);
    const rng = makeRng(5, 0);
    for (let p = 0; p < 4; p++) {
      const theta = randomPoint(model.dim, rng);
      into(theta, makeRng(9, p), out);
      expectClose(out, reference.outputs(theta, makeRng(9, p)), 1e-12, `point ${p}`);
    }
  });
});

describe.skipIf(settings().jitless)('compiled outputs step aside', () => {
  const data = { x: [0.5, -1, 2] };
  const base = {
    name: 'aside',
    data: { x: vector(3) },
    parameters: { mu: real(), log_s: real() },
    model: (p: any, d: any, target: any) => {
      target.sample(p.mu, normal(0, 1));
      target.sample(p.log_s, normal(0, 1));
      target.sample(d.x, normal(p.mu, exp(p.log_s)));
    },
  };

  it('for code that reads a parameter value: the define-by-run path gives the outputs', () => {
    const model = defineModel({
      ...base,
      transformedParameters: (p: any) => ({ folded: Number(p.mu) > 0 ? p.mu : mul(-1, p.mu) as Value }),
    }).compile(data);
    const direct = compiledOutputs(programOf(model)!, parameterBlocks(model), {})!;
    const out = new Float64Array(3);
    expect(direct(Float64Array.of(-0.5, 0.1), out)).toBe(false);
    expect(direct(Float64Array.of(0.5, 0.1), out)).toBe(false);
    for (const mu of [-0.5, 0.7]) expect(Array.from(model.outputs(Float64Array.of(mu, 0.1), makeRng(1, 0)))).toEqual([mu, 0.1, Math.abs(mu)]);
  });

  it('at a draw whose outputs overflow: the define-by-run path writes them', () => {
    const model = defineModel({ ...base, transformedParameters: (p: any) => ({ s: exp(p.log_s), big: exp(mul(1000, p.log_s)) }) }).compile(data);
    const direct = compiledOutputs(programOf(model)!, parameterBlocks(model), {})!;
    const out = new Float64Array(4);
    expect(direct(Float64Array.of(0.2, -1), out)).toBe(true);
    expectClose(out, Float64Array.of(0.2, -1, Math.exp(-1), Math.exp(-1000)), 1e-15, 'finite');
    expect(direct(Float64Array.of(0.2, 1), out)).toBe(false);
    expect(Array.from(model.outputs(Float64Array.of(0.2, 1), makeRng(1, 0)))).toEqual([0.2, 1, Math.exp(1), Infinity]);
  });

  it('with compilation off', () => {
    const plain = defineModel(base).compile(data);
    expect(compiledOutputs(programOf(plain)!, parameterBlocks(plain), { compile: false })).toBeNull();
    expect(compiledOutputs(programOf(plain)!, parameterBlocks(plain), { replay: false })).toBeNull();
  });

  it('a rejection at a draw still comes from the model code', () => {
    const model = defineModel({
      ...base,
      transformedParameters: (p: any) => {
        const s = exp(p.log_s);
        if (Number(s) > 5) throw new Error('s is too large');
        return { s };
      },
    }).compile(data);
    expect(() => model.outputs(Float64Array.of(0, 2), makeRng(1, 0))).toThrow(/s is too large/);
    expect(Array.from(model.outputs(Float64Array.of(0, 1), makeRng(1, 0)))).toEqual([0, 1, Math.exp(1)]);
  });
});
