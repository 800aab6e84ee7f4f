import type { Value } from '../../ad/trace.js';
import { drawBetaBinomial } from '../../random/mixtures.js';
import { nonNegativeInteger, positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { lbeta, lchoose } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// beta_binomial(y | N, α, β) = log C(N, y) + log B(y + α, N − y + β) − log B(α, β).
const betaBinomialLpmf = defineFusedDensity({
  name: 'beta_binomial_lpmf',
  argNames: ['y', 'N', 'alpha', 'beta'],
  element: (e, [y, n, a, b]) => e.sub(e.add(lchoose(e, n!, y!), lbeta(e, e.add(y!, a!), e.add(e.sub(n!, y!), b!))), lbeta(e, a!, b!)),
});

export const betaBinomialFamily = defineScalarFamily({
  name: 'beta_binomial',
  params: [
    { name: 'N', constraint: nonNegativeInteger },
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: nonNegativeInteger,
  inSupport: (e, [y, n]) => e.le(y!, n!),
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
