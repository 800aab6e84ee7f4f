import { describe, expect, it } from 'vitest';
import { checkGrad, grad, hessian, jvp, tensor, valueAndGrad, type Value } from '../../../src/ad/index.js';
import { Box, primal } from '../../../src/ad/trace.js';
import { fusionMode, normal, normalFamily } from '../../../src/models/distributions/index.js';
import { scalarCases, type ScalarCase } from './reference-cases.js';

// The fused densities (one tape node, analytic partials) against the same densities
// composed from AD ops, and both against finite differences, to first and second order.

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** Which arguments of [y, ...params] are real-valued, hence differentiated. */
function differentiable(c: ScalarCase): boolean[] {
  return [!c.family.discrete, ...c.family.params.map((p) => p.constraint.kind !== 'integer')];
}

/** [y, ...params] with the differentiable ones taken from `traced`. */
function argumentsOf(c: ScalarCase, traced: readonly Value[]): Value[] {
  const mask = differentiable(c);
  const plain: Value[] = [tensor(c.interior.values), ...c.interior.params];
  let k = 0;
  return plain.map((v, i) => (mask[i] ? traced[k++]! : v));
}

function tracedStart(c: ScalarCase): Value[] {
  const mask = differentiable(c);
  const plain: Value[] = [tensor(c.interior.values), ...c.interior.params];
  return plain.filter((_, i) => mask[i]);
}

function flatten(tree: readonly Value[]): number[] {
  return tree.flatMap((v) => {
    const p = primal(v);
    return typeof p === 'number' ? [p] : Array.from(p.data);
  });
}

describe.each(scalarCases.map((c) => [c.family.name, c] as const))('%s fused density', (_name, c) => {
  it('equals the composed density in value and gradient to 1e-10', () => {
    const fused = valueAndGrad((x: Value[]) => c.family.density.fused(argumentsOf(c, x)))(tracedStart(c));
    const composed = valueAndGrad((x: Value[]) => c.family.density.composed(argumentsOf(c, x)))(tracedStart(c));
    expect(relative(fused.value as number, composed.value as number)).toBeLessThan(1e-10);
    const gf = flatten(fused.grad as Value[]);
    const gc = flatten(composed.grad as Value[]);
    gf.forEach((g, i) => expect(relative(g, gc[i]!), `gradient ${i}: ${g} vs ${gc[i]}`).toBeLessThan(1e-10));
  });

  it('passes checkGrad through logProb, with second derivatives through the composed fallback', () => {
    const f = (x: Value[]): Value => {
      const [y, ...params] = argumentsOf(c, x);
      return c.family.make(...params).logProb(y!);
    };
    // Step 1e-4: at the default 1e-3 the central differences' own truncation error (which
    // checkGrad counts against the reference) reached 1.4e-6 of lognormal's second derivative
    // along the directions the current generator draws.
    expect(checkGrad(f, tracedStart(c), { order: 2, step: 1e-4 })).toBeLessThan(1e-6);
  });
});

describe('fused partials under broadcasting', () => {
  // Arguments of every layout at once: a column [3, 1], a row [4], a scalar and a full [3, 4].
  const column = tensor([[0.2], [-0.4], [1.1]]);
  const row = tensor([0.7, 1.3, 2.1, 0.9]);
  const full = tensor(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [3, 4]);
  const cases: readonly [string, (x: Value[]) => Value[]][] = [
    ['normal', (x) => [x[0]!, x[1]!, x[2]!]],
    ['student_t', (x) => [x[0]!, x[3]!, x[1]!, x[2]!]],
    ['logistic', (x) => [x[1]!, x[0]!, x[2]!]],
  ];
  it.each(cases)('%s: fused and composed gradients agree for column, row, scalar and full arguments', (name, order) => {
    const family = scalarCases.find((c) => c.family.name === name)!.family;
    const start: Value[] = [full, column, row, 5.5];
    const fused = valueAndGrad((x: Value[]) => family.density.fused(order(x)))(start);
    const composed = valueAndGrad((x: Value[]) => family.density.composed(order(x)))(start);
    expect(relative(fused.value as number, composed.value as number)).toBeLessThan(1e-10);
    const gf = flatten(fused.grad as Value[]);
    const gc = flatten(composed.grad as Value[]);
    expect(gf.length).toBe(3 + 12 + 4 + 1);
    gf.forEach((g, i) => expect(relative(g, gc[i]!), `gradient ${i}`).toBeLessThan(1e-10));
  });
});

describe('fusion', () => {
  const y = tensor(Array.from({ length: 2000 }, (_, i) => Math.sin(i)));

  it('records normal(y | mu, sigma) over 2,000 observations as one tape node', () => {
    let tapeLength = -1;
    const f = (p: Value[]): Value => {
      const out = normal(p[0]!, p[1]!).logProb(y);
      if (out instanceof Box) tapeLength = out.trace.tape.length;
      return out;
    };
    grad(f)([0.1, 1.3]);
    expect(tapeLength).toBe(3); // two leaves and the fused node
  });

  it('chooses plain, fused or composed from the arguments', () => {
    const seen: string[] = [];
    const spy = (mu: Value): Value => {
      seen.push(fusionMode([y, mu, 1]));
      return normal(mu, 1).logProb(y);
    };
    spy(0);
    grad(spy)(0);
    jvp(spy, 0, 1);
    hessian(spy)(0);
    grad((mu: Value) => grad((sigma: Value) => {
      seen.push(fusionMode([y, mu, sigma]));
      return normal(mu, sigma).logProb(y);
    })(mu))(0.5);
    expect(seen).toEqual(['plain', 'fused', 'composed', 'composed', 'composed']);
  });

  it('gives the Hessian of the fused density through the composed one', () => {
    const data = tensor([0.5, -1, 2]);
    const h = hessian((mu: Value) => normalFamily.make(mu, 2).logProb(data))(0.3) as number;
    expect(h).toBeCloseTo(-3 / 4, 12);
  });
});

describe('normal with a scale vector given as constant data', () => {
  // The kernel remembers a data scale's reciprocals and summed logarithms; the same scale
  // as an unmarked copy takes the general loop. Both must agree, for values and partials.
  it('gives the value and partials of the general loop, for y and mu traced or not', async () => {
    const { markConstant } = await import('../../../src/ad/constants.js');
    const sigma = tensor([0.5, 1.5, 2, 3.25, 0.75]);
    markConstant(sigma);
    const copy = tensor(Array.from(sigma.data));
    const y = tensor([0.3, -1.2, 2.2, 0.1, -0.4]);
    const mu = tensor([0.1, 0.2, -0.3, 0.4, 1.5]);
    for (const scale of [sigma, copy]) expect(primal(normal(0.2, scale).logProb(y))).toBeCloseTo(primal(normal(0.2, copy).logProb(y)) as number, 12);
    const f = (s: typeof sigma) => (x: Value[]) => normal(x[1]!, s).logProb(x[0]!);
    const marked = valueAndGrad(f(sigma))([y, mu]);
    const plain = valueAndGrad(f(copy))([y, mu]);
    expect(relative(marked.value as number, plain.value as number)).toBeLessThan(1e-13);
    const gm = flatten(marked.grad as Value[]);
    const gp = flatten(plain.grad as Value[]);
    gm.forEach((g, i) => expect(relative(g, gp[i]!)).toBeLessThan(1e-13));
    expect(checkGrad(f(sigma), [y, mu])).toBeLessThan(1e-6);
    // A scalar mean broadcast against the data scale (gaussian_100d's x ~ normal(0, scale)).
    const broadcastMean = valueAndGrad((x: Value) => normal(0, sigma).logProb(x))(y);
    const reference = valueAndGrad((x: Value) => normal(0, copy).logProb(x))(y);
    expect(relative(broadcastMean.value as number, reference.value as number)).toBeLessThan(1e-13);
  });
});
