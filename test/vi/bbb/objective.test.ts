import { describe, expect, it } from 'vitest';
import { checkGrad, Tensor, tensor, type Value } from '../../../src/ad/index.js';
import { dense, sequential, tanhLayer } from '../../../src/nn/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { inverseSoftplus, negativeElbo, type StandardNormalDraws, type VariationalParameters } from '../../../src/vi/bbb/index.js';
import { standardNormals } from '../../../src/vi/bbb/variational.js';

const network = sequential([dense(1, 3), tanhLayer(), dense(3, 1)]);
const N = 6;
const x = tensor([[-1.5], [-0.8], [-0.1], [0.4], [1.2], [2]]);
const y = tensor([[0.9], [0.4], [-0.2], [0.1], [0.8], [1.5]]);

function variationalAt(seed: number): VariationalParameters {
  const rng = makeRng(seed);
  const mean = network.initialize(rng);
  const rho = standardNormals(network.parameterShapes, rng);
  for (const t of Object.values(rho)) for (let i = 0; i < t.size; i++) t.data[i] = -2 + 0.5 * t.data[i]!;
  return { mean, rho, noise: { mean: Math.log(0.4), rho: inverseSoftplus(0.2) } };
}

function drawsAt(seed: number, samples: number): StandardNormalDraws {
  const rng = makeRng(seed);
  return {
    weights: Array.from({ length: samples }, () => standardNormals(network.parameterShapes, rng)),
    noise: Array.from({ length: samples }, () => rng.normal()),
  };
}

const softplus = (r: number): number => Math.log1p(Math.exp(r));

describe('negativeElbo', () => {
  it('is KL − log likelihood of the weights drawn as μ + softplus(ρ) ε (fixed noise, full batch)', () => {
    const variational = variationalAt(1);
    const draws = drawsAt(2, 1);
    const sigma = 0.3;
    const setting = { network, noise: { kind: 'fixed', sigma } as const, priorScale: 1.5, dataCount: N };
    const value = negativeElbo(setting, variational, { x, y }, draws) as number;
    let kl = 0;
    const weights: Record<string, Tensor> = {};
    for (const [name, mu] of Object.entries(variational.mean)) {
      const rho = variational.rho[name]!.data;
      const epsilon = draws.weights[0]![name]!.data;
      weights[name] = new Tensor(mu.data.map((m, i) => m + softplus(rho[i]!) * epsilon[i]!), mu.shape);
      mu.data.forEach((m, i) => {
        const s = softplus(rho[i]!);
        kl += Math.log(1.5 / s) + (s * s + m * m) / (2 * 1.5 * 1.5) - 0.5;
      });
    }
    const f = (network.apply(weights, x) as Tensor).data;
    let logLikelihood = 0;
    for (let n = 0; n < N; n++) logLikelihood += -0.5 * ((y.data[n]! - f[n]!) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
    expect(value).toBeCloseTo(kl - logLikelihood, 11);
  });

  it('averaged over the minibatches of a partition, equals the full-batch value (an unbiased estimate)', () => {
    const variational = variationalAt(3);
    const draws = drawsAt(4, 2);
    const setting = { network, noise: { kind: 'learned', priorScale: 1 } as const, priorScale: 1, dataCount: N };
    const full = negativeElbo(setting, variational, { x, y }, draws) as number;
    const rowsOf = (t: Tensor, from: number, to: number): Tensor => new Tensor(t.data.slice(from, to), [to - from, 1]);
    const parts = [0, 2, 4].map((start) => negativeElbo(setting, variational, { x: rowsOf(x, start, start + 2), y: rowsOf(y, start, start + 2) }, draws) as number);
    expect(parts.reduce((a, b) => a + b, 0) / parts.length).toBeCloseTo(full, 11);
  });

  it('has gradients in μ, ρ and the noise factor that match finite differences', () => {
    const draws = drawsAt(6, 2);
    const setting = { network, noise: { kind: 'learned', priorScale: 1 } as const, priorScale: 1, dataCount: N };
    const f = (v: VariationalParameters<Value, Value>): Value => negativeElbo(setting, v, { x, y }, draws);
    expect(checkGrad(f, variationalAt(5), { directions: 6 })).toBeLessThan(1e-6);
  });
});
