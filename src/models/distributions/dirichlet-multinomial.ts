import { drawBeta as drawStandardBeta } from '../../random/gamma-ratios.js';
import { sub } from '../../ad/ops/arithmetic.js';
import { applyElementwise, elementwiseOp } from '../../ad/ops/elementwise.js';
import { sum } from '../../ad/ops/reduce.js';
import { gather } from '../../ad/ops/shape.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { positive } from '../constraints.js';
import { checkParameter, expectRank, expectValue, plainParameterValid } from './checks.js';
import type { Distribution } from './distribution.js';
import { lbeta } from './element-math.js';
import { guarded } from './guarded.js';

// dirichlet_multinomial(n | α): counts n over K categories drawn multinomially with
// probabilities from dirichlet(α) (Stan's dirichlet_multinomial). With N = Σ n_k > 0 and
// α₀ = Σ α_k (Stan Math's dirichlet_multinomial_lpmf, by lbeta, which keeps its digits):
//   log p = log N + log B(α₀, N) − Σ_{k: n_k > 0} (log n_k + log B(α_k, n_k)),
// and log p = 0 when N = 0.

const alphaSpec = { name: 'alpha', constraint: positive };
const lbetaOp = elementwiseOp({ name: 'lbeta', argNames: ['a', 'b'], value: (e, [a, b]) => lbeta(e, a!, b!) });
const alphaValid = ([alpha]: readonly Primal[]): boolean => plainParameterValid(alphaSpec, alpha!);

/**
 * Dirichlet-multinomial with prior sizes `alpha` over K categories (Stan's
 * dirichlet_multinomial); values are count vectors of length K. `total` (N) is needed only to sample.
 */
export function dirichletMultinomial(alpha: Value, total?: number): Distribution {
  const name = 'dirichlet_multinomial';
  expectValue(name, 'alpha', alpha);
  const size = expectRank(name, 'alpha', alpha, [1], 'a vector of prior sizes')[0]!;
  checkParameter(name, alphaSpec, alpha);
  if (total !== undefined && (!Number.isInteger(total) || total < 0)) throw new Error(`${name}: total is ${total}, but must be a non-negative integer`);
  const alphaData = (): Float64Array => (primal(alpha) as Tensor).data;
  const moments = (f: (a: number, a0: number, n: number) => number): Primal | undefined => {
    if (total === undefined) return undefined;
    const a = alphaData();
    const a0 = a.reduce((s, v) => s + v, 0);
    return new Tensor(a.map((v) => f(v, a0, total)), [size]);
  };
  return {
    name,
    support: { kind: 'integerSum' },
    shape: [size],
    logProb: (nGiven: Value): Value => {
      const counts = primal(expectValue(name, 'n', nGiven));
      const s = shapeOf(counts);
      if (s.length !== 1 || s[0] !== size) throw new Error(`${name}: n has shape ${formatShape(s)}, but alpha has ${size} entries, so n must have shape [${size}]`);
      const n = (counts as Tensor).data;
      if (!n.every((v) => Number.isInteger(v) && v >= 0)) return -Infinity;
      if (alpha instanceof Box && !alphaValid([peek(alpha)])) {
        noteCheckFailed(`${name}: alpha is not positive`);
        return -Infinity;
      }
      const N = n.reduce((t, v) => t + v, 0);
      if (N === 0) return 0;
      const present = Array.from(n.keys()).filter((k) => n[k]! > 0);
      const nPresent = new Tensor(Float64Array.from(present, (k) => n[k]!), [present.length]);
      const logCounts = present.reduce((t, k) => t + Math.log(n[k]!), 0);
      const whole = applyElementwise(lbetaOp, [sum(alpha), N]);
      const parts = sum(applyElementwise(lbetaOp, [gather(alpha, present), nPresent]));
      const term = sub(sub(whole, parts), logCounts - Math.log(N));
      return alpha instanceof Box ? guarded(term, [alpha], alphaValid) : term;
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (total === undefined) throw new Error(`${name}: sampling needs the total count N; give it as dirichletMultinomial(alpha, N)`);
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      // Sequentially: n_k ~ beta_binomial(remaining, α_k, Σ_{j>k} α_j), the Pólya-urn conditionals.
      const drawBeta = (a: number, b: number): number => drawStandardBeta(rng, a, b);
      const a = alphaData();
      const draws = count ?? 1;
      const out = new Float64Array(draws * size);
      for (let c = 0; c < draws; c++) {
        let remaining = total;
        let rest = a.reduce((s, v) => s + v, 0);
        for (let k = 0; k < size; k++) {
          rest -= a[k]!;
          if (k === size - 1 || remaining === 0) {
            out[c * size + k] = remaining;
            remaining = 0;
            continue;
          }
          const p = drawBeta(a[k]!, Math.max(rest, Number.MIN_VALUE));
          let hits = 0;
          for (let t = 0; t < remaining; t++) if (rng.uniform() < p) hits++;
          out[c * size + k] = hits;
          remaining -= hits;
        }
      }
      return new Tensor(out, count === undefined ? [size] : [count, size]);
    },
    get mean(): Primal | undefined {
      return moments((a, a0, n) => (n * a) / a0);
    },
    get variance(): Primal | undefined {
      return moments((a, a0, n) => ((n * a) / a0) * (1 - a / a0) * ((n + a0) / (1 + a0)));
    },
  };
}
