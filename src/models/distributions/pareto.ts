import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { lowerBounded, positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { log1mExp } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// pareto(y | y_min, α) = log α + α log y_min − (α + 1) log y on y ≥ y_min (Stan's pareto);
// CCDF (y_min/y)^α: log CCDF = α (log y_min − log y), log CDF = log1m_exp of it.
const paretoLpdf = defineFusedDensity({
  name: 'pareto_lpdf',
  argNames: ['y', 'y_min', 'alpha'],
  element: (e, [y, yMin, alpha]) => e.sub(e.add(e.log(alpha!), e.mul(alpha!, e.log(yMin!))), e.mul(e.add(alpha!, 1), e.log(y!))),
});

const paretoLogCcdf = (e: ExprKit, y: ScalarExpr, yMin: ScalarExpr, alpha: ScalarExpr): ScalarExpr => e.mul(alpha, e.sub(e.log(yMin), e.log(y)));

/** Infinite where the moment does not exist (α ≤ k), as for student_t. */
const paretoMean = (yMin: number, alpha: number): number => (alpha > 1 ? (alpha * yMin) / (alpha - 1) : Infinity);
const paretoVariance = (yMin: number, alpha: number): number => (alpha > 2 ? (yMin * yMin * alpha) / ((alpha - 1) ** 2 * (alpha - 2)) : Infinity);

export const paretoFamily = defineScalarFamily({
  name: 'pareto',
  params: [
    { name: 'y_min', constraint: positive },
    { name: 'alpha', constraint: positive },
  ],
  support: positive,
  supportOf: ([yMin]) => lowerBounded(yMin!),
  inSupport: (e, [y, yMin]) => e.ge(y!, yMin!),
  density: paretoLpdf,
  // Inversion: y_min U^(−1/α) with U in (0, 1].
  sampler: (rng) => (p) => p[0]! * Math.pow(1 - rng.uniform(), -1 / p[1]!),
  mean: (p) => paretoMean(p[0]!, p[1]!),
  variance: (p) => paretoVariance(p[0]!, p[1]!),
  logCdf: (e, [y, yMin, alpha]) => log1mExp(e, paretoLogCcdf(e, y!, yMin!, alpha!)),
  logCcdf: (e, [y, yMin, alpha]) => paretoLogCcdf(e, y!, yMin!, alpha!),
});

/** Pareto (type I) with scale `yMin` and shape `alpha`, on y ≥ yMin (Stan's pareto). */
export function pareto(yMin: Value, alpha: Value): Distribution {
  return paretoFamily.make(yMin, alpha);
}

// pareto_type_2(y | μ, λ, α) = log α − log λ − (α + 1) log1p((y − μ)/λ) on y ≥ μ (the Lomax
// distribution shifted to μ; Stan's pareto_type_2). log CCDF = −α log1p((y − μ)/λ).
const paretoType2Lpdf = defineFusedDensity({
  name: 'pareto_type_2_lpdf',
  argNames: ['y', 'mu', 'lambda', 'alpha'],
  element: (e, [y, mu, lambda, alpha]) =>
    e.sub(e.sub(e.log(alpha!), e.log(lambda!)), e.mul(e.add(alpha!, 1), e.log1p(e.div(e.sub(y!, mu!), lambda!)))),
});

export const paretoType2Family = defineScalarFamily({
  name: 'pareto_type_2',
  params: [
    { name: 'mu', constraint: real },
    { name: 'lambda', constraint: positive },
    { name: 'alpha', constraint: positive },
  ],
  support: real,
  supportOf: ([mu]) => lowerBounded(mu!),
  inSupport: (e, [y, mu]) => e.ge(y!, mu!),
  density: paretoType2Lpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * Math.expm1(-Math.log1p(-rng.uniform()) / p[2]!),
  mean: (p) => (p[2]! > 1 ? p[0]! + p[1]! / (p[2]! - 1) : Infinity),
  variance: (p) => (p[2]! > 2 ? (p[1]! * p[1]! * p[2]!) / ((p[2]! - 1) ** 2 * (p[2]! - 2)) : Infinity),
  logCdf: (e, [y, mu, lambda, alpha]) => log1mExp(e, e.neg(e.mul(alpha!, e.log1p(e.div(e.sub(y!, mu!), lambda!))))),
  logCcdf: (e, [y, mu, lambda, alpha]) => e.neg(e.mul(alpha!, e.log1p(e.div(e.sub(y!, mu!), lambda!)))),
});

/** Pareto type II (Lomax shifted to `mu`) with scale `lambda` and shape `alpha` (Stan's pareto_type_2). */
export function paretoType2(mu: Value, lambda: Value, alpha: Value): Distribution {
  return paretoType2Family.make(mu, lambda, alpha);
}
