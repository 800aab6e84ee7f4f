import { describe, expect, it } from 'vitest';
import { add, hessian, matvec, mul, primal, sub, sum, square, Tensor, type Value } from '../../../src/ad/index.js';
import {
  choleskyCorr,
  choleskyCov,
  defineModel,
  int,
  matrix,
  ordered,
  positiveOrdered,
  real,
  simplex,
  vector,
} from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { gradientError, randomPoints } from '../../examples/support.js';

const eightSchools = defineModel({
  name: 'eight_schools',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), thetaRaw: vector('J') },
  transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.thetaRaw)) }),
  model: (p, data, target) => {
    target.add(normal(0, 5).logProb(p.mu), 'mu prior');
    target.sample(p.tau, halfCauchy(5));
    target.sample(p.thetaRaw, normal(0, 1));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
  generatedQuantities: (p, data, rng) => ({
    yRep: (p.theta as Tensor).data.map((theta, j) => theta + data.sigma.data[j]! * rng.normal()),
  }),
});
const schools = { J: 3, y: [28, 8, -3], sigma: [15, 10, 16] };

// Every kind of parameter, with a data bound and a bound that depends on another parameter.
const everyKind = defineModel({
  name: 'every_kind',
  data: { K: int({ lower: 2 }), low: real() },
  parameters: {
    weights: simplex('K'),
    cuts: ordered(3),
    scales: positiveOrdered(2),
    correlation: choleskyCorr('K'),
    covariance: choleskyCov(2),
    grid: matrix(2, 'K', { lower: -1, upper: 1 }),
    offsets: vector('K', { lower: 'low' }),
    a: real({ lower: 0, upper: 1 }),
    b: real({ lower: 0, upper: (p) => sub(1, p.a) }),
  },
  transformedParameters: (p) => ({ total: add(p.a, p.b), doubled: mul(2, p.grid) }),
  model: (p, _data, target) => {
    for (const name of ['weights', 'cuts', 'scales', 'correlation', 'covariance', 'grid', 'offsets'] as const) {
      target.add(mul(-0.5, sum(square(p[name]))), name);
    }
  },
});
const kindsData = { K: 3, low: -2 };

describe('defineModel: names and layout', () => {
  it('lists parameters, transformed parameters and generated quantities in Stan-style names', () => {
    const model = eightSchools.compile(schools);
    expect(model.dim).toBe(5);
    expect(model.outputNames).toEqual([
      'mu', 'tau', 'thetaRaw[1]', 'thetaRaw[2]', 'thetaRaw[3]', 'theta[1]', 'theta[2]', 'theta[3]', 'yRep[1]', 'yRep[2]', 'yRep[3]',
    ]);
    expect(model.parameterInfo.map((q) => [q.name, q.block, q.declaration, q.unconstrainedOffset, q.unconstrainedSize])).toEqual([
      ['mu', 'parameters', 'real', 0, 1],
      ['tau', 'parameters', 'real<lower=0>', 1, 1],
      ['thetaRaw', 'parameters', 'vector[J]', 2, 3],
      ['theta', 'transformedParameters', undefined, 0, 0],
      ['yRep', 'generatedQuantities', undefined, 0, 0],
    ]);
  });

  it('sizes every kind of constrained parameter, matrices named row-major', () => {
    const model = everyKind.compile(kindsData);
    // simplex 2 + ordered 3 + positive ordered 2 + correlation 3 + covariance 3 + grid 6 + offsets 3 + a + b
    expect(model.dim).toBe(2 + 3 + 2 + 3 + 3 + 6 + 3 + 1 + 1);
    const names = model.outputNames;
    expect(names.slice(0, 3)).toEqual(['weights[1]', 'weights[2]', 'weights[3]']);
    expect(names).toContain('correlation[3,2]');
    const grid = names.filter((n) => n.startsWith('grid['));
    expect(grid).toEqual(['grid[1,1]', 'grid[1,2]', 'grid[1,3]', 'grid[2,1]', 'grid[2,2]', 'grid[2,3]']);
    expect(names.slice(-9)).toEqual(['a', 'b', 'total', 'doubled[1,1]', 'doubled[1,2]', 'doubled[1,3]', 'doubled[2,1]', 'doubled[2,2]', 'doubled[2,3]']);
    const constraints = Object.fromEntries(model.parameterInfo.filter((q) => q.block === 'parameters').map((q) => [q.name, q.constraint]));
    expect(constraints).toEqual({
      weights: 'simplex', cuts: 'ordered', scales: 'positiveOrdered', correlation: 'choleskyCorr', covariance: 'choleskyCov',
      grid: 'interval', offsets: 'lower', a: 'interval', b: 'interval',
    });
  });
});

describe('defineModel: the unconstrained space', () => {
  it('names the unconstrained coordinates by what they are', () => {
    expect(eightSchools.compile(schools).unconstrainedNames).toEqual(['mu', 'log(tau)', 'thetaRaw[1]', 'thetaRaw[2]', 'thetaRaw[3]']);
    const names = everyKind.compile(kindsData).unconstrainedNames;
    expect(names).toEqual([
      'stick(weights)[1]', 'stick(weights)[2]',
      'cuts[1]', 'log(cuts[2] - cuts[1])', 'log(cuts[3] - cuts[2])',
      'log(scales[1])', 'log(scales[2] - scales[1])',
      'atanh(cpc(correlation)[2,1])', 'atanh(cpc(correlation)[3,1])', 'atanh(cpc(correlation)[3,2])',
      'log(covariance[1,1])', 'covariance[2,1]', 'log(covariance[2,2])',
      'logit((grid[1,1] + 1) / 2)', 'logit((grid[1,2] + 1) / 2)', 'logit((grid[1,3] + 1) / 2)',
      'logit((grid[2,1] + 1) / 2)', 'logit((grid[2,2] + 1) / 2)', 'logit((grid[2,3] + 1) / 2)',
      'log(offsets[1] - low)', 'log(offsets[2] - low)', 'log(offsets[3] - low)',
      'logit(a)', 'logit(b / upper)',
    ]);
  });

  it('gives the log density as a traced function, for Hessians', () => {
    const model = everyKind.compile(kindsData);
    const theta = randomPoints(model.dim, 1, 4)[0]!;
    const asTensor = new Tensor(Float64Array.from(theta), [model.dim]);
    expect(primal(model.logDensityValue(asTensor))).toBeCloseTo(model.logDensity(theta), 12);
    const H = hessian(model.logDensityValue)(asTensor) as Tensor;
    // Column k of the Hessian against central differences of the model's own gradient.
    const h = 1e-5;
    for (const k of [0, 5, 12, 22]) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[k]! += h;
      minus[k]! -= h;
      const gPlus = model.logDensityAndGradient(plus).gradient;
      const gMinus = model.logDensityAndGradient(minus).gradient;
      for (let i = 0; i < model.dim; i++) expect(H.get(i, k)).toBeCloseTo((gPlus[i]! - gMinus[i]!) / (2 * h), 5);
    }
    expect(() => model.logDensityValue(new Tensor(new Float64Array(3), [3]))).toThrow(/logDensityValue: θ has shape \[3\]/);
  });
});

describe('defineModel: constrain and unconstrain', () => {
  it('round-trips every kind of parameter, and outputs agree with constrain', () => {
    const model = everyKind.compile(kindsData);
    for (const theta of randomPoints(model.dim, 5, 11, 2)) {
      const values = model.constrain(theta);
      const back = model.unconstrain(values);
      for (let i = 0; i < theta.length; i++) expect(back[i]).toBeCloseTo(theta[i]!, 9);
      const weights = values.weights as Tensor;
      expect(weights.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect((values.b as number) < 1 - (values.a as number)).toBe(true);
      expect((values.offsets as Tensor).data.every((v) => v > -2)).toBe(true);
      const outputs = model.outputs(theta, makeRng(1));
      expect(outputs[model.outputNames.indexOf('total')]).toBeCloseTo((values.a as number) + (values.b as number), 14);
      expect(outputs[model.outputNames.indexOf('grid[2,1]')]).toBe((values.grid as Tensor).get(1, 0));
    }
  });

  it('accepts nested arrays, and names the parameter, the value and the rule when one is invalid', () => {
    const model = eightSchools.compile(schools);
    const theta = model.unconstrain({ mu: 1, tau: 2, thetaRaw: [0.5, -0.5, 0] });
    expect(Array.from(theta)).toEqual([1, Math.log(2), 0.5, -0.5, 0]);
    expect(() => model.unconstrain({ mu: 1, tau: -2, thetaRaw: [0, 0, 0] })).toThrow(/eight_schools\.unconstrain: tau .*-2/);
    expect(() => model.unconstrain({ mu: 1, thetaRaw: [0, 0, 0] })).toThrow(/tau is missing/);
    expect(() => model.unconstrain({ mu: 1, tau: 1, thetaRaw: [0, 0] })).toThrow(/thetaRaw has shape \[2\], but the parameter has shape \[3\]/);
    expect(() => model.unconstrain({ mu: 1, tau: 1, thetaRaw: [0, 0, 0], sigmaa: 1 })).toThrow(/'sigmaa' is not/);
  });

  it('draws generated quantities from the given rng, reproducibly', () => {
    const model = eightSchools.compile(schools);
    const theta = Float64Array.of(0.1, 0.2, 0.3, -0.4, 0.5);
    const first = model.outputs(theta, makeRng(5));
    expect(model.outputs(theta, makeRng(5))).toEqual(first);
    expect(model.outputs(theta, makeRng(6)).slice(0, 8)).toEqual(first.slice(0, 8));
    expect(model.outputs(theta, makeRng(6))[8]).not.toBe(first[8]);
  });
});

describe('defineModel: log density', () => {
  it('adds the log-Jacobians unless jacobian is false', () => {
    const withJacobian = eightSchools.compile(schools);
    const without = eightSchools.compile(schools, { jacobian: false });
    expect(without.options.jacobian).toBe(false);
    for (const theta of randomPoints(5, 3, 2)) {
      // tau = exp(u): log |dtau/du| = u.
      expect(withJacobian.logDensity(theta) - without.logDensity(theta)).toBeCloseTo(theta[1]!, 12);
      const g = without.logDensityAndGradient(theta).gradient[1]!;
      expect(withJacobian.logDensityAndGradient(theta).gradient[1]! - g).toBeCloseTo(1, 10);
    }
  });

  it('has gradients that match finite differences, through a parameter-dependent bound', () => {
    for (const model of [eightSchools.compile(schools), everyKind.compile(kindsData)]) {
      for (const theta of randomPoints(model.dim, 2, 3)) expect(gradientError(model, theta)).toBeLessThan(1e-6);
    }
  });

  it('is -Infinity, never NaN, and names the non-finite terms', () => {
    const model = eightSchools.compile(schools);
    const theta = Float64Array.of(NaN, 0, 0, 0, 0);
    expect(model.logDensity(theta)).toBe(-Infinity);
    expect(model.logDensityAndGradient(theta).logDensity).toBe(-Infinity);
    expect(model.nonFiniteTerms(Float64Array.of(0, 0, 0, 0, 0))).toEqual([]);
    const terms = model.nonFiniteTerms(theta);
    expect(terms.join('; ')).toMatch(/mu prior|the model threw: normal/);
    // tau = exp(800) overflows: the half-Cauchy term is -Infinity, labelled by the parameter's name.
    const overflow = model.nonFiniteTerms(Float64Array.of(0, 800, 0, 0, 0));
    expect(overflow.some((t) => t.startsWith('log-Jacobian of tau') || t.startsWith('tau ~ halfCauchy') || t.includes('threw'))).toBe(true);
  });

  it('turns domain errors into a rejected point but lets programming errors through', () => {
    const rejecting = defineModel({
      parameters: { x: real() },
      model: (p, _data, target) => {
        if ((p.x as number) > 1) throw new Error('custom: x is too large');
        target.sample(p.x, normal(0, 1));
      },
    }).compile();
    expect(rejecting.logDensity(Float64Array.of(2))).toBe(-Infinity);
    expect(rejecting.logDensityAndGradient(Float64Array.of(2))).toEqual({ logDensity: -Infinity, gradient: Float64Array.of(0) });
    expect(rejecting.nonFiniteTerms(Float64Array.of(2))).toEqual(['the model threw: custom: x is too large']);
  });

  it('runs the model block at compile time, so mistakes are reported there with their message', () => {
    const misspelt = defineModel({
      name: 'misspelt',
      parameters: { x: real() },
      model: (p, _data, target) => target.add((p as any).y.z),
    });
    expect(() => misspelt.compile()).toThrow(/misspelt\.compile: the model block threw: Cannot read properties of undefined/);
    const misshapen = defineModel({
      name: 'misshapen',
      data: { N: int(), X: matrix('N', 2), y: vector('N') },
      parameters: { beta: vector(3) },
      model: (p, data, target) => target.sample(data.y, normal(matvec(data.X, p.beta), 1)),
    });
    expect(() => misshapen.compile({ N: 1, X: [[1, 2]], y: [0] })).toThrow(
      /misshapen\.compile: the model block threw at θ = 0 and at 10 random points .*matvec: shapes \[1, 2\] and \[3\] do not fit/,
    );
  });

  it('rejects a wrong-length θ with a message naming the model', () => {
    const model = eightSchools.compile(schools);
    expect(() => model.logDensity(new Float64Array(4))).toThrow(/eight_schools\.logDensity: θ has length 4, but the model has 5/);
  });
});

describe('defineModel: definition errors', () => {
  it('names the field and the rule', () => {
    expect(() => defineModel({ parameters: { theta: vector('J') }, model: () => {} })).toThrow(/parameters\.theta .*size 'J' is not an int data field/);
    expect(() => defineModel({ data: { y: simplex(3) as any }, parameters: {}, model: () => {} })).toThrow(/data\.y .*simplex is for parameters/);
    expect(() => defineModel({ data: { n: int() }, parameters: { n: real() }, model: () => {} })).toThrow(/'n' is also a data field/);
    expect(() => defineModel({ parameters: { x: real as any }, model: () => {} })).toThrow(/call it to declare: real\(\.\.\.\)/);
    const clash = defineModel({ data: { y: real() }, parameters: { x: real() }, transformedParameters: (p) => ({ y: p.x }), model: () => {} });
    expect(() => clash.compile({ y: 1 })).toThrow(/transformedParameters returns 'y', which is already a data field/);
  });

  it('infers the shapes of derived quantities and checks they keep them', () => {
    const changing = defineModel({
      parameters: { x: real() },
      transformedParameters: (p) => ({ v: (p.x as number) > 0 ? new Tensor(Float64Array.of(1, 2), [2]) : (0 as Value) }),
      model: () => {},
    }).compile();
    expect(changing.outputNames).toEqual(['x', 'v']);
    expect(() => changing.outputs(Float64Array.of(1), makeRng(1))).toThrow(/v has 2 elements here, but had shape \[\]/);
  });
});

describe('defineModel: bounds that depend on parameters', () => {
  it('says when a bound reads a parameter that is declared later or does not exist', () => {
    const later = defineModel({
      parameters: { b: real({ lower: 0, upper: (p) => sub(1, p.a) }), a: real({ lower: 0, upper: 1 }) },
      model: () => {},
    });
    expect(() => later.compile()).toThrow(/parameters\.b: a bound reads parameter 'a', which is declared after 'b'/);
    const typo = defineModel({
      parameters: { a: real({ lower: 0, upper: 1 }), b: real({ lower: 0, upper: (p) => sub(1, p.alpha) }) },
      model: () => {},
    });
    expect(() => typo.compile()).toThrow(/reads parameter 'alpha', which is not a parameter/);
  });
});
