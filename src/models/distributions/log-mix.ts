import { add } from '../../ad/ops/arithmetic.js';
import { logAddExp, logSumExp, sum } from '../../ad/ops/reduce.js';
import { log, log1p } from '../../ad/ops/unary.js';
import { neg } from '../../ad/ops/arithmetic.js';
import { formatShape } from '../../ad/tensor.js';
import { shapeOf, type Value } from '../../ad/trace.js';
import { checkParameter, expectValue } from './checks.js';
import { unitInterval } from '../constraints.js';
import { broadcastAll } from './elementwise.js';

// Stan's log_mix in all its forms: the log of a mixture's density from the components' log
// densities λ and the mixing proportions θ, without leaving the log scale.
//   log_mix(θ, λ₁, λ₂) = log(θ e^λ₁ + (1 − θ) e^λ₂), elementwise;
//   log_mix(θ, λ)      = log Σ_k θ_k e^(λ_k) for K-vectors θ and λ;
//   log_mix(θ, Λ)      = Σ_n log_mix(θ, Λ_n) for a container of K-vectors (the rows of an N×K Λ),
// the last the likelihood of N observations under a K-component mixture.

const thetaSpec = { name: 'theta', constraint: unitInterval };

/** log(θ e^λ₁ + (1 − θ) e^λ₂), elementwise over broadcast arguments. */
export function logMix2(theta: Value, lambda1: Value, lambda2: Value): Value {
  const name = 'log_mix';
  broadcastAll(name, ['theta', 'lambda1', 'lambda2'], [shapeOf(expectValue(name, 'theta', theta)), shapeOf(expectValue(name, 'lambda1', lambda1)), shapeOf(expectValue(name, 'lambda2', lambda2))]);
  checkParameter(name, thetaSpec, theta);
  return logAddExp(add(log(theta), lambda1), add(log1p(neg(theta)), lambda2));
}

/**
 * log Σ_k θ_k e^(λ_k) for a K-vector λ, or its sum over the rows of an N×K matrix λ (one row
 * per observation). θ: K mixing proportions (a simplex in a mixture model).
 */
export function logMix(theta: Value, lambda: Value): Value {
  const name = 'log_mix';
  const ts = shapeOf(expectValue(name, 'theta', theta));
  const ls = shapeOf(expectValue(name, 'lambda', lambda));
  if (ts.length !== 1) throw new Error(`${name}: theta has shape ${formatShape(ts)}, but must be a vector of K mixing proportions`);
  const k = ts[0]!;
  const rowsOk = (ls.length === 1 || ls.length === 2) && ls[ls.length - 1] === k;
  if (!rowsOk) {
    throw new Error(`${name}: lambda has shape ${formatShape(ls)}, but theta has ${k} components, so lambda must be a vector [${k}] or a container of them [N, ${k}]`);
  }
  checkParameter(name, thetaSpec, theta);
  const terms = add(log(theta), lambda);
  return ls.length === 1 ? logSumExp(terms) : sum(logSumExp(terms, 1));
}
