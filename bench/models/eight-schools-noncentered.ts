import { add, div, exp, log1p, mul, square, sub, unstack, type Value } from '../../src/index.js';
import { eightSchoolsNoncenteredHandwritten } from '../handwritten/eight-schools-noncentered.js';
import type { BenchModel } from './bench-model.js';
import type { EightSchoolsData } from './data.js';

/**
 * eight_schools_noncentered (bench/README.md) in scalar style: the position is split into
 * numbers and the schools are a JS loop, so the gradient's cost is the fixed cost per op.
 * Position: [mu, log tau, theta_raw_1..theta_raw_J]; half-cauchy(5) is 1/(1 + (τ/5)²) up
 * to a constant, and log tau is the log-Jacobian of tau = exp(u).
 */
export function eightSchoolsNoncenteredModel(data: EightSchoolsData): BenchModel {
  const { J } = data;
  const y = Array.from(data.y);
  const sigma = Array.from(data.sigma);
  const logDensity = (position: Value): Value => {
    const parts = unstack(position);
    const mu = parts[0]!;
    const logTau = parts[1]!;
    const tau = exp(logTau);
    let lp = add(mul(-0.5 / 25, square(mu)), sub(logTau, log1p(square(div(tau, 5)))));
    for (let j = 0; j < J; j++) {
      const raw = parts[2 + j]!;
      const theta = add(mu, mul(tau, raw));
      lp = add(lp, mul(-0.5, square(raw)));
      lp = add(lp, mul(-0.5, square(div(sub(y[j]!, theta), sigma[j]!))));
    }
    return lp;
  };
  return { id: 'eight_schools_noncentered', dimension: J + 2, logDensity, handwritten: eightSchoolsNoncenteredHandwritten(data) };
}
