import { add } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { Tensor } from '../../ad/tensor.js';
import { Box, primal, type Primal, type Value } from '../../ad/trace.js';
import { drawMultinomial } from '../../random/categorical.js';
import type { Rng } from '../../random/rng.js';
import type { Constraint } from '../constraints.js';
import { expectValue } from './checks.js';
import type { Distribution } from './distribution.js';
import { factorialln } from './log-combinatorics.js';
import { xlogy } from './math.js';
import { expectRows, simplexViolation } from './simplex.js';

// multinomial(y | θ) = log N! − Σ_k log y_k! + Σ_k y_k log θ_k, with N = Σ_k y_k (the count
// vector's own total, as in Stan); y is a count vector of length K or an N×K matrix of them.

const integerSum: Constraint = Object.freeze({ kind: 'integerSum' });

/** Σ_rows (log N_r! − Σ_k log y_rk!) of plain counts, or null if some entry is not a count. */
function logMultinomialCoefficient(y: Tensor, size: number): number | null {
  let total = 0;
  for (let offset = 0; offset < y.size; offset += size) {
    let n = 0;
    for (let k = 0; k < size; k++) {
      const c = y.data[offset + k]!;
      if (!Number.isInteger(c) || c < 0) return null;
      n += c;
      total -= factorialln(c);
    }
    total += factorialln(n);
  }
  return total;
}

/**
 * Multinomial with category probabilities `theta` (Stan's multinomial); the total N of a
 * count vector is its sum. `total` is needed only to sample (and for the moments).
 */
export function multinomial(theta: Value, total?: number): Distribution {
  const name = 'multinomial';
  expectValue(name, 'theta', theta);
  const thetaShape = expectRows(name, 'theta', theta);
  if (thetaShape.length !== 1) throw new Error(`${name}: theta must be a vector (one simplex), got a matrix`);
  const size = thetaShape[0]!;
  if (!(theta instanceof Box)) {
    const problem = simplexViolation('theta', (theta as Tensor).data, thetaShape);
    if (problem !== undefined) throw new Error(`${name}: ${problem}`);
  }
  if (total !== undefined && (!Number.isInteger(total) || total < 0)) {
    throw new Error(`${name}: total is ${total}, but must be a non-negative integer`);
  }
  const moments = (f: (p: number) => number): Primal | undefined =>
    total === undefined ? undefined : new Tensor((primal(theta) as Tensor).data.map(f), thetaShape);
  return {
    name,
    support: integerSum,
    shape: thetaShape,
    logProb: (y: Value): Value => {
      expectValue(name, 'y', y);
      expectRows(name, 'y', y, size);
      const counts = primal(y) as Tensor;
      const coefficient = logMultinomialCoefficient(counts, size);
      if (coefficient === null) return -Infinity;
      if (theta instanceof Box && simplexViolation('theta', (primal(theta) as Tensor).data, thetaShape) !== undefined) return -Infinity;
      return add(coefficient, sum(xlogy(counts, theta)));
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (total === undefined) throw new Error(`${name}: sampling needs the total count N; give it as multinomial(theta, N)`);
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
        throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      }
      const p = (primal(theta) as Tensor).data;
      const draws = count ?? 1;
      const out = new Float64Array(draws * size);
      // Conditional binomials (categorical.ts).
      for (let c = 0; c < draws; c++) drawMultinomial(rng, total, p, out.subarray(c * size, (c + 1) * size));
      return new Tensor(out, count === undefined ? thetaShape : [count, size]);
    },
    get mean() {
      return moments((p) => total! * p);
    },
    get variance() {
      return moments((p) => total! * p * (1 - p));
    },
  };
}

