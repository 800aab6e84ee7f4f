import { add, at, div, exp, gather, log, mul, neg, slice, square, sub, sum, tensor, type Value } from '../../src/index.js';
import { varyingInterceptsHandwritten } from '../handwritten/varying-intercepts.js';
import type { BenchModel } from './bench-model.js';
import type { VaryingInterceptsData } from './data.js';

/**
 * varying_intercepts (bench/README.md, centred) with generic ops. Position:
 * [mu_a, log sigma_a, a_1..a_J, b, log sigma_y]; the scales are exp of their coordinates,
 * with log-Jacobian log sigma added. Normal constants are dropped, −log σ terms kept.
 */
export function varyingInterceptsModel(data: VaryingInterceptsData): BenchModel {
  const { N, J, group } = data;
  const x = tensor(data.x, [N]);
  const y = tensor(data.y, [N]);
  const logDensity = (position: Value): Value => {
    const muA = at(position, 0);
    const logSigmaA = at(position, 1);
    const a = slice(position, 2, J + 2);
    const b = at(position, J + 2);
    const logSigmaY = at(position, J + 3);
    const sigmaA = exp(logSigmaA);
    const sigmaY = exp(logSigmaY);
    // Priors: mu_a ~ normal(0, 5), sigma_a ~ half-normal(2.5), b ~ normal(0, 2.5),
    // sigma_y ~ exponential(1); plus the log-Jacobians of sigma = exp(u).
    const priors = add(
      add(mul(-0.5 / 25, square(muA)), add(mul(-0.5 / 6.25, square(sigmaA)), logSigmaA)),
      add(mul(-0.5 / 6.25, square(b)), add(neg(sigmaY), logSigmaY)),
    );
    const intercepts = sub(mul(-0.5, sum(square(div(sub(a, muA), sigmaA)))), mul(J, log(sigmaA)));
    const mean = add(gather(a, group), mul(b, x));
    const likelihood = sub(mul(-0.5, sum(square(div(sub(y, mean), sigmaY)))), mul(N, log(sigmaY)));
    return add(priors, add(intercepts, likelihood));
  };
  return { id: 'varying_intercepts', dimension: J + 4, logDensity, handwritten: varyingInterceptsHandwritten(data) };
}
