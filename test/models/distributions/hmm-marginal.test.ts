import { describe, expect, it } from 'vitest';
import { add, checkGrad, exp, jvp, log, logSumExp, reshape, slice, sub, tensor, valueAndGrad, type Value } from '../../../src/ad/index.js';
import { Tensor } from '../../../src/ad/tensor.js';
import { primal } from '../../../src/ad/trace.js';
import { hmmMarginal } from '../../../src/models/distributions/index.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { simplexTransform } from '../../../src/models/transforms/simplex.js';
import { makeRng } from '../../../src/random/rng.js';

// hmm_marginal against the definition (a sum over every path of hidden states), its
// gradient against finite differences and against the forward algorithm composed of AD
// ops, and its errors. Gamma and rho are parametrised by softmax so that finite
// differences stay on the simplexes.

const K = 3;
const N = 5;

function randomInputs(seed: number): { logOmega: Float64Array; gammaFree: Float64Array; rhoFree: Float64Array } {
  const rng = makeRng(seed, 0);
  const draw = (n: number, sd: number) => Float64Array.from({ length: n }, () => sd * rng.normal());
  return { logOmega: draw(K * N, 2), gammaFree: draw(K * K, 1), rhoFree: draw(K, 1) };
}

const softmaxRows = (x: Value): Value => exp(sub(x, reshape(logSumExp(x, 1), [K, 1])));
const softmax = (x: Value): Value => exp(sub(x, logSumExp(x)));

/** log Σ over all K^N paths of rho[z1] Π Gamma[z_{n−1}, z_n] Π omega[z_n, n], by enumeration. */
function bruteForce(logOmega: Float64Array, gamma: Float64Array, rho: Float64Array): number {
  const terms: number[] = [];
  const path = new Array<number>(N).fill(0);
  for (let code = 0; code < K ** N; code++) {
    let c = code;
    for (let n = 0; n < N; n++) {
      path[n] = c % K;
      c = Math.floor(c / K);
    }
    let lp = Math.log(rho[path[0]!]!) + logOmega[path[0]! * N]!;
    for (let n = 1; n < N; n++) lp += Math.log(gamma[path[n - 1]! * K + path[n]!]!) + logOmega[path[n]! * N + n]!;
    terms.push(lp);
  }
  const max = Math.max(...terms);
  return max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
}

/** The forward algorithm on the log scale, composed of AD ops (the examples' former form). */
function composedForward(logOmega: Value, gamma: Value, rho: Value, steps = N): Value {
  const column = (n: number): Value => reshape(slice(logOmega, n, n + 1, 1), [K]);
  let g = add(log(rho), column(0));
  for (let n = 1; n < steps; n++) g = add(logSumExp(add(reshape(g, [-1, 1]), log(gamma)), 0), column(n));
  return logSumExp(g);
}

type Free = [Value, Value, Value];
const viaHmm = ([logOmega, gammaFree, rhoFree]: Free): Value => hmmMarginal(logOmega, softmaxRows(gammaFree), softmax(rhoFree));
const viaComposed = ([logOmega, gammaFree, rhoFree]: Free): Value => composedForward(logOmega, softmaxRows(gammaFree), softmax(rhoFree));

function freeArgs(seed: number): Free {
  const { logOmega, gammaFree, rhoFree } = randomInputs(seed);
  return [new Tensor(logOmega, [K, N]), new Tensor(gammaFree, [K, K]), new Tensor(rhoFree, [K])];
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));
const flat = (tree: readonly Value[]): number[] => tree.flatMap((v) => Array.from((primal(v) as Tensor).data));

describe('hmmMarginal', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`equals the sum over all ${K ** N} paths (seed ${seed})`, () => {
      const [logOmega, gammaFree, rhoFree] = freeArgs(seed);
      const gamma = primal(softmaxRows(gammaFree)) as Tensor;
      const rho = primal(softmax(rhoFree)) as Tensor;
      const value = hmmMarginal(logOmega, gamma, rho) as number;
      expect(relative(value, bruteForce((logOmega as Tensor).data, gamma.data, rho.data))).toBeLessThan(1e-12);
    });

    it(`has the gradient of the composed forward algorithm, and passes checkGrad (seed ${seed})`, () => {
      const args = freeArgs(seed);
      const fused = valueAndGrad(viaHmm)(args);
      const composed = valueAndGrad(viaComposed)(args);
      expect(relative(fused.value as number, composed.value as number)).toBeLessThan(1e-12);
      const gf = flat(fused.grad as Value[]);
      const gc = flat(composed.grad as Value[]);
      gf.forEach((g, i) => expect(relative(g, gc[i]!), `gradient ${i}`).toBeLessThan(1e-10));
      expect(checkGrad(viaHmm, args)).toBeLessThan(1e-6);
    });
  }

  it('takes second derivatives and forward mode through the composed algorithm', () => {
    const args = freeArgs(5);
    expect(checkGrad(viaHmm, args, { order: 2 })).toBeLessThan(1e-5);
    const tangent: Free = [
      new Tensor(Float64Array.from({ length: K * N }, (_, i) => Math.sin(i)), [K, N]),
      new Tensor(new Float64Array(K * K).fill(0.1), [K, K]), new Tensor(Float64Array.of(0.3, -0.2, 0.5), [K])];
    const forward = jvp(viaHmm, args, tangent);
    const reverse = valueAndGrad(viaHmm)(args).grad as Value[];
    const directional = flat(reverse).reduce((s, g, i) => s + g * flat(tangent)[i]!, 0);
    expect(relative(forward.tangent as number, directional)).toBeLessThan(1e-10);
  });

  it('stays exact over long sequences of improbable steps (scale factors far below 1e-100)', () => {
    // Emissions spread over hundreds of log units and transitions down to e^-200: the scaled
    // forward algorithm must neither underflow nor lose digits against the log-scale one.
    const steps = 300;
    const rng = makeRng(9, 0);
    const logOmega = new Tensor(Float64Array.from({ length: K * steps }, () => 150 * rng.normal()), [K, steps]);
    const gamma = primal(softmaxRows(new Tensor(Float64Array.from({ length: K * K }, () => 80 * rng.normal()), [K, K]))) as Tensor;
    const rho = primal(softmax(tensor([0, -150, 40]))) as Tensor;
    const fused = valueAndGrad((x: Value) => hmmMarginal(x, gamma, rho))(logOmega);
    const composed = valueAndGrad((x: Value) => composedForward(x, gamma, rho, steps))(logOmega);
    expect(relative(fused.value as number, composed.value as number)).toBeLessThan(1e-12);
    const gf = Array.from((fused.grad as Tensor).data);
    const gc = Array.from((composed.grad as Tensor).data);
    gf.forEach((g, i) => expect(Math.abs(g - gc[i]!), `gradient ${i}`).toBeLessThan(1e-9));
  });

  it('is -Infinity with zero partials when no path has positive probability', () => {
    const logOmega = new Tensor(Float64Array.from({ length: K * N }, (_, i) => (i % N === 2 ? -Infinity : 0)), [K, N]);
    const rho = new Tensor(new Float64Array(K).fill(1 / K), [K]);
    const gamma = new Tensor(new Float64Array(K * K).fill(1 / K), [K, K]);
    const result = valueAndGrad((x: Value) => hmmMarginal(x, gamma, rho))(logOmega);
    expect(result.value).toBe(-Infinity);
    expect(Array.from((result.grad as Tensor).data).every((g) => g === 0)).toBe(true);
  });

  it('names the argument and the rule when shapes or simplexes are wrong', () => {
    const [logOmega, gammaFree, rhoFree] = freeArgs(6);
    const gamma = primal(softmaxRows(gammaFree)) as Tensor;
    const rho = primal(softmax(rhoFree)) as Tensor;
    expect(() => hmmMarginal(tensor([1, 2, 3]), gamma, rho)).toThrow(/hmm_marginal: log_omega has shape \[3\], but must be a matrix \[K, N\]/);
    expect(() => hmmMarginal(logOmega, new Tensor(new Float64Array(4).fill(0.5), [2, 2]), rho)).toThrow(/hmm_marginal: Gamma has shape \[2, 2\], but must be \[3, 3\]/);
    expect(() => hmmMarginal(logOmega, gamma, tensor([0.5, 0.5]))).toThrow(/hmm_marginal: rho has shape \[2\], but must be \[3\]/);
    const badRow = Float64Array.from(gamma.data);
    badRow[3]! += 0.1;
    expect(() => hmmMarginal(logOmega, new Tensor(badRow, [K, K]), rho)).toThrow(/hmm_marginal: Gamma\[1, :\] sums to 1\.\d+, but must sum to 1 \(a simplex\)/);
    expect(() => hmmMarginal(logOmega, gamma, tensor([1.2, -0.1, -0.1]))).toThrow(/hmm_marginal: rho\[1\] is -0\.1, but must be non-negative/);
    // A traced Gamma off the simplex is outside the support: −∞, as for a distribution.
    expect(valueAndGrad((g: Value) => hmmMarginal(logOmega, g, rho))(new Tensor(badRow, [K, K])).value).toBe(-Infinity);
  });

  it('is available to JSON specs as hmm_marginal, with the same value and gradient', () => {
    const { logOmega } = randomInputs(7);
    const spec = {
      name: 'hmm_marginal_spec',
      data: { K: { type: 'int', lower: 1 }, N: { type: 'int', lower: 1 }, log_omega: { type: 'matrix', rows: 'K', cols: 'N' } },
      parameters: { rho: { type: 'simplex', size: 'K' }, g1: { type: 'simplex', size: 'K' }, g2: { type: 'simplex', size: 'K' }, g3: { type: 'simplex', size: 'K' } },
      model: [{ target: "hmm_marginal(log_omega, [g1', g2', g3'], rho)" }],
    };
    const data = { K, N, log_omega: Array.from({ length: K }, (_, k) => Array.from(logOmega.subarray(k * N, (k + 1) * N))) };
    const model = compileSpec(spec, data);
    const theta = Float64Array.from({ length: model.dim }, (_, i) => 0.3 * Math.cos(i));
    const values = model.constrain(theta) as Record<string, unknown>;
    const vector = (name: string): number[] => Array.from((values[name] as Tensor).data);
    const gamma = new Tensor(Float64Array.from([...vector('g1'), ...vector('g2'), ...vector('g3')]), [K, K]);
    const expected = hmmMarginal(new Tensor(logOmega, [K, N]), gamma, tensor(vector('rho'))) as number;
    const { logDensity } = model.logDensityAndGradient(theta);
    // logDensity adds the simplex transforms' log-Jacobians; logDensity(theta) without them:
    const withoutJacobian = compileSpec(spec, data, { jacobian: false }).logDensity(theta);
    expect(relative(withoutJacobian, expected)).toBeLessThan(1e-12);
    // With the Jacobian: plus the stick-breaking log|J| of each of the four simplexes, whose
    // K − 1 free coordinates lie in theta in declaration order.
    const jacobians = [0, 1, 2, 3].reduce(
      (total, s) => total + (primal(simplexTransform.forward(tensor(Array.from(theta.subarray(s * (K - 1), (s + 1) * (K - 1)))), [K]).logAbsDetJacobian) as number),
      0,
    );
    expect(relative(logDensity, withoutJacobian + jacobians)).toBeLessThan(1e-12);
    expect(checkGrad((x: Value) => model.logDensityValue(x), tensor(Array.from(theta)))).toBeLessThan(1e-6);
  });
});
