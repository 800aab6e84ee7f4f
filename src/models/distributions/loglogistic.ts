import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { log1pExp, xlogy } from './element-math.js';
import { openUniform } from '../../random/inversion.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// loglogistic(y | α, β) with scale α and shape β (Stan's loglogistic):
//   log p = log β − log α + (β − 1) log(y/α) − 2 log1p((y/α)^β) on y ≥ 0;
// CDF 1/(1 + (y/α)^(−β)): log CDF = −log1p_exp(−β log(y/α)), log CCDF = −log1p_exp(β log(y/α)).
const loglogisticLpdf = defineFusedDensity({
  name: 'loglogistic_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  element: (e, [y, alpha, beta]) => {
    const x = e.div(y!, alpha!);
    const power = e.mul(2, e.log1p(e.pow(x, beta!)));
    return e.sub(e.add(e.sub(e.log(beta!), e.log(alpha!)), xlogy(e, e.sub(beta!, 1), x)), power);
  },
});

const logRatio = (e: ExprKit, y: ScalarExpr, alpha: ScalarExpr): ScalarExpr => e.log(e.div(y, alpha));

/** E Y^k = α^k (kπ/β)/sin(kπ/β) for β > k. */
const rawMoment = (alpha: number, beta: number, k: number): number => {
  const b = (k * Math.PI) / beta;
  return alpha ** k * (b / Math.sin(b));
};

export const loglogisticFamily = defineScalarFamily({
  name: 'loglogistic',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: positive,
  density: loglogisticLpdf,
  // Inversion: α (U/(1 − U))^(1/β).
  sampler: (rng) => (p) => {
    const u = openUniform(rng);
    return p[0]! * Math.pow(u / (1 - u), 1 / p[1]!);
  },
  mean: (p) => (p[1]! > 1 ? rawMoment(p[0]!, p[1]!, 1) : Infinity),
  variance: (p) => (p[1]! > 2 ? rawMoment(p[0]!, p[1]!, 2) - rawMoment(p[0]!, p[1]!, 1) ** 2 : Infinity),
  logCdf: (e, [y, alpha, beta]) => e.neg(log1pExp(e, e.neg(e.mul(beta!, logRatio(e, y!, alpha!))))),
  logCcdf: (e, [y, alpha, beta]) => e.neg(log1pExp(e, e.mul(beta!, logRatio(e, y!, alpha!)))),
});

/** Log-logistic with scale `alpha` and shape `beta` (Stan's loglogistic). */
export function loglogistic(alpha: Value, beta: Value): Distribution {
  return loglogisticFamily.make(alpha, beta);
}
