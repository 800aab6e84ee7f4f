import { describe, expect, it } from 'vitest';
import { fill, type Value } from '../../../src/ad/index.js';
import { DataError, defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';

// Issue 12, items 2 and 7, for models written in TypeScript: sizes are charged to the same
// budgets as specs' (before anything of that size is built), the limits are raised by the
// compile option, and Object.prototype's names are ordinary names while `__proto__` is refused.

const sized = defineModel({
  name: 'sized',
  data: { N: int({ lower: 0 }), y: vector('N') },
  parameters: { mu: real(), theta: vector('N') },
  model: (p, data, target) => {
    target.sample(p.theta, normal(p.mu, 1));
    target.sample(data.y, normal(p.theta, 1));
  },
});

const huge = defineModel({
  name: 'huge',
  parameters: { theta: vector(1e9) },
  model: (p, _data, target) => target.sample(p.theta, normal(0, 1)),
});

describe('resource limits of TypeScript models (issue 12, item 2)', () => {
  it('refuses a parameter of 1e9 elements before building anything', () => {
    expect(() => huge.compile()).toThrow(/^huge\.compile: parameters\.theta: size 1000000000 exceeds the limit of 100000000 elements; raise it with --limits elements=N/);
  });

  it('refuses a size of 1e308 from the data, naming the field', () => {
    let thrown: unknown;
    try {
      sized.compile({ N: 1e308, y: [1, 2] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataError);
    expect((thrown as DataError).issues.map((i) => i.message)).toEqual(['data.y cannot be read: its size 1e+308 exceeds the limit of 100000000 elements; raise it with --limits elements=N (the option limits.maxElements in code)']);
  });

  it('takes its limits from the compile option', () => {
    const data = { N: 20, y: Array.from({ length: 20 }, (_, k) => k / 10) };
    expect(sized.compile(data).dim).toBe(21);
    expect(() => sized.compile(data, { limits: { maxElements: 30 } })).toThrow(/parameters\.theta: size 20 brings the model to 42 elements in all, above the limit of 30/);
    expect(() => sized.compile(data, { limits: { maxOutputs: 10 } })).toThrow(/parameters\.theta: size 20 brings the outputs to 21 scalars per draw/);
  });

  it('charges derived quantities to the output limit before their names are built', () => {
    const wide = defineModel({
      name: 'wide',
      parameters: { mu: real() },
      transformedParameters: (): { spread: Value } => ({ spread: fill([2_000_000], 0) as Value }),
      model: (p, _data, target) => target.sample(p.mu, normal(0, 1)),
    });
    expect(() => wide.compile()).toThrow(/^wide\.compile: transformedParameters\.spread: size 2000000 brings the outputs to 2000001 scalars per draw/);
  });
});

describe("JavaScript's reserved names in TypeScript models (issue 12, item 7)", () => {
  const withNames = defineModel({
    name: 'named',
    data: { valueOf: real(), toString: vector(2) },
    parameters: { constructor: real(), hasOwnProperty: real({ lower: 0 }) },
    model: (p, data, target) => {
      target.sample(p['constructor'], normal(data['valueOf'], 1));
      target.sample(data['toString'], normal(p['constructor'], p['hasOwnProperty']));
    },
  });

  it('compiles and evaluates a model whose names are those of Object.prototype', () => {
    const model = withNames.compile({ valueOf: 0.5, toString: [1, 2] });
    expect(model.dim).toBe(2);
    expect(model.outputNames).toEqual(['constructor', 'hasOwnProperty']);
    // constructor = 0.1 ~ normal(valueOf = 0.5, 1); toString = [1, 2] ~ normal(0.1, e^0.2); the
    // lower bound's Jacobian adds 0.2: the data were read by their names, not Object.prototype's.
    const normalLog = (x: number, mu: number, sigma: number): number => -0.5 * ((x - mu) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
    const sigma = Math.exp(0.2);
    expect(model.logDensity(Float64Array.of(0.1, 0.2))).toBeCloseTo(normalLog(0.1, 0.5, 1) + normalLog(1, 0.1, sigma) + normalLog(2, 0.1, sigma) + 0.2, 12);
    expect(model.constrain(Float64Array.of(0.1, 0))['constructor']).toBe(0.1);
  });

  it('says a data field named valueOf is missing when it is', () => {
    let thrown: unknown;
    try {
      withNames.compile({ toString: [1, 2] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataError);
    expect((thrown as DataError).issues.map((i) => i.message)).toEqual(['data.valueOf is missing (declared real)']);
  });

  it('refuses __proto__ as a name, as a literal key or a computed one', () => {
    const model = (_p: unknown, _d: unknown, target: { add: (v: Value) => void }): void => target.add(0);
    expect(() => defineModel({ name: 'literal', parameters: { __proto__: real(), mu: real() } as never, model })).toThrow(
      /^defineModel\(literal\): parameters: '__proto__' cannot be a name/,
    );
    expect(() => defineModel({ name: 'computed', parameters: { ['__proto__']: real(), mu: real() } as never, model })).toThrow(/'__proto__' cannot be a name/);
  });
});
