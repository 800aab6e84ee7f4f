import { add, at, matvec, mul, slice, softplus, square, sub, sum, tensor, type Value } from '../../src/index.js';
import { logisticRegressionHandwritten } from '../handwritten/logistic-regression.js';
import type { BenchModel } from './bench-model.js';
import type { LogisticRegressionData } from './data.js';

/**
 * logistic_regression (bench/README.md) with generic ops. Position: [alpha, beta_1..beta_D].
 * The Bernoulli-logit likelihood is written y·η − log(1 + e^η), the form a user writes
 * from the density; constants of the normal priors are dropped.
 */
export function logisticRegressionModel(data: LogisticRegressionData): BenchModel {
  const { N, D } = data;
  const X = tensor(data.X, [N, D]);
  const y = tensor(data.y, [N]);
  const logDensity = (position: Value): Value => {
    const alpha = at(position, 0);
    const beta = slice(position, 1, D + 1);
    const eta = add(alpha, matvec(X, beta));
    const likelihood = sum(sub(mul(y, eta), softplus(eta)));
    const prior = add(mul(-0.5 / (2.5 * 2.5), square(alpha)), mul(-0.5, sum(square(beta))));
    return add(likelihood, prior);
  };
  return { id: 'logistic_regression', dimension: D + 1, logDensity, handwritten: logisticRegressionHandwritten(data) };
}
