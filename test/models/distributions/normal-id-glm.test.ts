import { describe, expect, it } from 'vitest';
import { add, checkGrad, gather, hessian, matvec, mul, tensor, valueAndGrad, type Value } from '../../../src/ad/index.js';
import { Tensor } from '../../../src/ad/tensor.js';
import { primal } from '../../../src/ad/trace.js';
import { distributionFamily, normal, normalIdGlm } from '../../../src/models/distributions/index.js';
import { compileSpec } from '../../../src/language/json/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { normalIdGlmDraws } from './normal-id-glm.checks.js';

// normal_id_glm(y | x, alpha, beta, sigma) against the closed form Σ log N(y_i | alpha_i +
// x_i·beta, sigma_i), written out here in plain numbers, in every layout the fused pass has.

interface Layout {
  readonly label: string;
  readonly n: number;
  /** 0: x is a vector with a scalar beta; otherwise x is [n, k]. */
  readonly k: number;
  readonly alphaVector: boolean;
  readonly sigmaVector: boolean;
}

const layouts: readonly Layout[] = [
  { label: 'x vector, scalar alpha and sigma', n: 7, k: 0, alphaVector: false, sigmaVector: false },
  { label: 'x vector, alpha per observation (varying intercepts)', n: 9, k: 0, alphaVector: true, sigmaVector: false },
  { label: 'x matrix, scalar alpha and sigma', n: 6, k: 3, alphaVector: false, sigmaVector: false },
  { label: 'x matrix, alpha and sigma per observation', n: 5, k: 2, alphaVector: true, sigmaVector: true },
  { label: 'x vector, sigma per observation', n: 4, k: 0, alphaVector: false, sigmaVector: true },
];

interface Case {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly alpha: Value;
  readonly beta: Value;
  readonly sigma: Value;
}

function caseFor(layout: Layout, seed: number): Case {
  const rng = makeRng(seed, 0);
  const normals = (count: number): Float64Array => Float64Array.from({ length: count }, () => rng.normal());
  const { n, k } = layout;
  const x = k === 0 ? new Tensor(normals(n), [n]) : new Tensor(normals(n * k), [n, k]);
  return {
    x,
    y: new Tensor(normals(n), [n]),
    alpha: layout.alphaVector ? new Tensor(normals(n), [n]) : rng.normal(),
    beta: k === 0 ? rng.normal() : new Tensor(normals(k), [k]),
    sigma: layout.sigmaVector ? new Tensor(Float64Array.from({ length: n }, () => 0.5 + rng.uniform()), [n]) : 0.5 + rng.uniform(),
  };
}

const element = (v: Value, i: number): number => {
  const p = primal(v);
  return typeof p === 'number' ? p : p.data[i]!;
};

/** The closed form, element by element. */
function reference(c: Case, yValues: Float64Array = c.y.data): number {
  const n = c.y.data.length;
  const k = c.x.shape.length === 1 ? 1 : c.x.shape[1]!;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let eta = element(c.alpha, i);
    for (let j = 0; j < k; j++) eta += c.x.data[i * k + j]! * element(c.beta, j);
    const s = element(c.sigma, i);
    total += -0.5 * ((yValues[i]! - eta) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  }
  return total;
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('normal_id_glm', () => {
  for (const layout of layouts) {
    describe(layout.label, () => {
      it('equals the closed form at random points, plain and traced', () => {
        for (let seed = 1; seed <= 5; seed++) {
          const c = caseFor(layout, seed);
          const expected = reference(c);
          expect(relative(primal(normalIdGlm(c.x, c.alpha, c.beta, c.sigma).logProb(c.y)) as number, expected)).toBeLessThan(1e-12);
          const traced = valueAndGrad((p: Value[]) => normalIdGlm(c.x, p[0]!, p[1]!, p[2]!).logProb(p[3]!));
          expect(relative(primal(traced([c.alpha, c.beta, c.sigma, c.y]).value) as number, expected)).toBeLessThan(1e-12);
        }
      });

      it('passes checkGrad in alpha, beta, sigma and y, and second derivatives through the composed form', () => {
        for (let seed = 11; seed <= 13; seed++) {
          const c = caseFor(layout, seed);
          const f = (p: Value[]): Value => normalIdGlm(c.x, p[0]!, p[1]!, p[2]!).logProb(p[3]!);
          const start = [c.alpha, c.beta, c.sigma, c.y];
          expect(checkGrad(f, start)).toBeLessThan(1e-6);
          expect(checkGrad(f, start, { order: 2 })).toBeLessThan(1e-5);
        }
      });
    });
  }

  it('has the Hessian in beta of the closed form, −xᵀx/σ²', () => {
    const c = caseFor(layouts[2]!, 3);
    const sigma = c.sigma as number;
    const h = primal(hessian((beta: Value) => normalIdGlm(c.x, c.alpha, beta, sigma).logProb(c.y))(c.beta)) as Tensor;
    const [n, k] = c.x.shape as [number, number];
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let xtx = 0;
        for (let i = 0; i < n; i++) xtx += c.x.data[i * k + a]! * c.x.data[i * k + b]!;
        expect(h.data[a * k + b]).toBeCloseTo(-xtx / (sigma * sigma), 10);
      }
    }
  });

  it('gives a varying-intercept gradient through gather: scattered per group', () => {
    const group = Int32Array.from([0, 2, 1, 2, 0, 0]);
    const x = tensor([0.5, -1, 2, 0.3, -0.7, 1.1]);
    const y = tensor([1, 0.2, -0.4, 0.9, 1.5, -2]);
    const f = (a: Value): Value => normalIdGlm(x, gather(a, group), 0.4, 1.3).logProb(y);
    expect(checkGrad(f, tensor([0.1, -0.3, 0.8]))).toBeLessThan(1e-7);
  });

  it('reads gather(a, group) through the index in every layout, as the composed form computes it', () => {
    // The fused op takes a and the index itself (gatheredFrom): the fast layout (vector x,
    // scalar beta and sigma) and the general one (matrix x, per-observation sigma), with y traced too.
    const group = Int32Array.from([1, 0, 2, 2, 1, 0, 0]);
    const y = tensor([1, 0.2, -0.4, 0.9, 1.5, -2, 0.3]);
    const xs = [tensor([0.5, -1, 2, 0.3, -0.7, 1.1, 0.2]), tensor([[0.5, 1], [-1, 0.2], [2, -0.3], [0.3, 0.4], [-0.7, 1.2], [1.1, -0.9], [0.2, 0.1]])];
    const betas: Value[] = [0.4, tensor([0.4, -0.6])];
    const sigmas: Value[] = [1.3, tensor([1.3, 0.8, 1.1, 0.6, 1.9, 1, 0.7])];
    for (let layout = 0; layout < 2; layout++) {
      const x = xs[layout]!;
      const fused = (args: Value[]): Value => normalIdGlm(x, gather(args[0]!, group), betas[layout]!, sigmas[layout]!).logProb(args[1]!);
      const composed = (args: Value[]): Value => {
        const eta = add(gather(args[0]!, group), layout === 0 ? mul(x, betas[layout]!) : matvec(x, betas[layout]!));
        return normal(eta, sigmas[layout]!).logProb(args[1]!);
      };
      const start = [tensor([0.1, -0.3, 0.8]), y];
      const a = valueAndGrad(fused)(start);
      const b = valueAndGrad(composed)(start);
      expect(Math.abs((a.value as number) - (b.value as number))).toBeLessThan(1e-12);
      const ga = (a.grad as Tensor[]).flatMap((t) => Array.from(t.data));
      const gb = (b.grad as Tensor[]).flatMap((t) => Array.from(t.data));
      ga.forEach((g, i) => expect(Math.abs(g - gb[i]!), `layout ${layout}, gradient ${i}`).toBeLessThan(1e-12));
      expect(checkGrad(fused, start)).toBeLessThan(1e-7);
    }
  });

  // A statistical property: a function of the seed in normal-id-glm.checks.ts (swept by `npm run sweep`).
  it('draws with mean alpha + x·beta and variance sigma² (within their standard-error bound)', () => expectCheckPasses(normalIdGlmDraws));

  it('is −∞ when a traced sigma leaves its support, and refuses bad arguments by name', () => {
    const x = tensor([1, 2, 3]);
    const y = tensor([0, 1, 2]);
    const atSigma = valueAndGrad((s: Value) => normalIdGlm(x, 0, 1, s).logProb(y));
    expect(primal(atSigma(-1).value)).toBe(-Infinity);
    expect(() => normalIdGlm(x, 0, 1, -2)).toThrow(/normal_id_glm: sigma is -2, but must be/);
    expect(() => normalIdGlm(x, 0, tensor([1, 2]), 1)).toThrow(/x is a vector \[3\], so beta must be a scalar/);
    expect(() => normalIdGlm(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([1, 2, 3]), 1)).toThrow(/beta must have shape \[2\]/);
    expect(() => normalIdGlm(x, tensor([1, 2]), 1, 1)).toThrow(/alpha has shape \[2\], but must be a scalar or have shape \[3\]/);
    expect(() => normalIdGlm(x, 0, 1, 1).logProb(tensor([1, 2]))).toThrow(/y has shape \[2\], but x has 3 rows/);
    expect(() => valueAndGrad((xs: Value) => normalIdGlm(xs, 0, 1, 1).logProb(y))(x)).toThrow(/x is a traced value, but must be data/);
  });

  it('is in the registry and in JSON specs, where wrong shapes name the statement', () => {
    expect(distributionFamily('normal_id_glm').params.map((p) => p.name)).toEqual(['x', 'alpha', 'beta', 'sigma']);
    const spec = (beta: string) => ({
      name: 'glm',
      data: { N: { type: 'int' }, K: { type: 'int' }, X: { type: 'matrix', rows: 'N', cols: 'K' }, y: { type: 'vector', size: 'N' } },
      parameters: { alpha: { type: 'real' }, beta, sigma: { type: 'real', lower: 0 } },
      model: [{ sample: 'y', distribution: 'normal_id_glm', args: ['X', 'alpha', 'beta', 'sigma'] }],
    });
    const data = { N: 3, K: 2, X: [[1, 0.5], [0.2, -1], [2, 1]], y: [0.1, 0.4, -0.3] };
    const model = compileSpec(spec({ type: 'vector', size: 'K' } as never), data);
    const theta = Float64Array.from([0.2, 0.3, -0.4, Math.log(0.9)]);
    const c: Case = { x: tensor(data.X), y: tensor(data.y), alpha: 0.2, beta: tensor([0.3, -0.4]), sigma: 0.9 };
    // The model's density adds sigma's log-Jacobian (log 0.9) to the likelihood (flat priors).
    expect(relative(model.logDensity(theta), reference(c) + Math.log(0.9))).toBeLessThan(1e-12);
    expect(() => compileSpec(spec({ type: 'real' } as never), data)).toThrow(/model\[0\].*normal_id_glm: beta \(argument 3\) must be a vector/s);
  });
});
