import betaln from '@stdlib/math-base-special-betaln';
import digammaScalar from '@stdlib/math-base-special-digamma';
import { add, sub } from '../../ad/ops/arithmetic.js';
import type { Value } from '../../ad/trace.js';
import { drawBetaBinomial } from '../../random/mixtures.js';
import { nonNegativeInteger, positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { binomcoefln, logChoose } from './log-combinatorics.js';
import { lbeta } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

// beta_binomial(y | N, α, β) = log C(N, y) + log B(y + α, N − y + β) − log B(α, β);
//   ∂/∂α = ψ(y + α) − ψ(N + α + β) − ψ(α) + ψ(α + β),
//   ∂/∂β = ψ(N − y + β) − ψ(N + α + β) − ψ(β) + ψ(α + β).
const betaBinomialLpmf = defineFusedDensity({
  name: 'beta_binomial_lpmf',
  argNames: ['y', 'N', 'alpha', 'beta'],
  kernel: (input) => {
    const [y, trials, alpha, beta] = input.data as Tuple<Float64Array, 4>;
    const [sy, sn, sa, sb] = input.strides as Tuple<number, 4>;
    const [, , dalpha, dbeta] = input.partials as Tuple<Partials, 4>;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const k = y[i * sy]!;
      const n = trials[i * sn]!;
      const a = alpha[i * sa]!;
      const b = beta[i * sb]!;
      total += binomcoefln(n, k) + betaln(k + a, n - k + b) - betaln(a, b);
      if (dalpha !== null || dbeta !== null) {
        const common = digammaScalar(a + b) - digammaScalar(n + a + b);
        if (dalpha !== null) dalpha[i * sa]! += digammaScalar(k + a) - digammaScalar(a) + common;
        if (dbeta !== null) dbeta[i * sb]! += digammaScalar(n - k + b) - digammaScalar(b) + common;
      }
    }
    return total;
  },
  composed: ([y, n, a, b]) =>
    sub(add(logChoose('beta_binomial_lpmf', y!, n!), lbeta(add(y!, a!), add(sub(n!, y!), b!))), lbeta(a!, b!)),
});

export const betaBinomialFamily = defineScalarFamily({
  name: 'beta_binomial',
  params: [
    { name: 'N', constraint: nonNegativeInteger },
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: nonNegativeInteger,
  inSupport: (v) => v[0]! <= v[1]!,
  integerArgs: [0, 1],
  density: betaBinomialLpmf,
  // A binomial whose probability is drawn from beta(α, β).
  sampler: (rng) => (p) => drawBetaBinomial(rng, p[0]!, p[1]!, p[2]!),
  mean: (p) => (p[0]! * p[1]!) / (p[1]! + p[2]!),
  variance: (p) => {
    const [n, a, b] = [p[0]!, p[1]!, p[2]!];
    const s = a + b;
    return (n * a * b * (s + n)) / (s * s * (s + 1));
  },
});

/** Beta-binomial: binomial(n, p) with p ~ beta(a, b) (Stan's beta_binomial(N, alpha, beta)). */
export function betaBinomial(n: Value, a: Value, b: Value): Distribution {
  return betaBinomialFamily.make(n, a, b);
}
