import { mul, sub } from '../../ad/ops/arithmetic.js';
import { log } from '../../ad/ops/unary.js';
import { logSumExp, sum } from '../../ad/ops/reduce.js';
import { gather } from '../../ad/ops/shape.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { drawCategorical } from '../../random/categorical.js';
import type { Rng } from '../../random/rng.js';
import { real } from '../constraints.js';
import { checkParameter, expectRank, expectValue, parameterValid } from './checks.js';
import type { Distribution } from './distribution.js';
import { guarded } from './guarded.js';
import { simplexViolation } from './simplex.js';

// categorical_logit(y | β) = β_y − log Σ_k e^(β_k), for y in 1..K (1-based, as in Stan).

const betaSpec = { name: 'beta', constraint: real };

/**
 * Categorical over 1..K with log-odds `beta` (Stan's categorical_logit). Values are 1-BASED
 * category numbers, as in Stan: y = 1 is the first category, `beta[0]` in TypeScript.
 * y may be one category or a vector of them (their log probabilities are summed).
 */
export function categoricalLogit(beta: Value): Distribution {
  const name = 'categorical_logit';
  expectValue(name, 'beta', beta);
  const size = expectRank(name, 'beta', beta, [1], 'a vector of log-odds')[0]!;
  if (size === 0) throw new Error(`${name}: beta is empty, but there must be at least one category`);
  checkParameter(name, betaSpec, beta);
  const probabilities = (): Float64Array => {
    const b = (primal(beta) as Tensor).data;
    let top = -Infinity;
    for (const x of b) top = Math.max(top, x);
    const p = b.map((x) => Math.exp(x - top));
    const total = p.reduce((s, x) => s + x, 0);
    return p.map((x) => x / total);
  };
  return {
    name,
    support: { kind: 'integer', lower: 1, upper: size },
    shape: [],
    logProb: (y: Value): Value => {
      expectValue(name, 'y', y);
      const s = shapeOf(y);
      if (s.length > 1) throw new Error(`${name}: y has shape ${formatShape(s)}, but must be a category or a vector of categories`);
      const p = primal(y);
      const categories = typeof p === 'number' ? [p] : Array.from(p.data);
      if (!categories.every((c) => Number.isInteger(c) && c >= 1 && c <= size)) return -Infinity;
      if (beta instanceof Box && !parameterValid(betaSpec, beta)) return -Infinity;
      const chosen = sum(gather(beta, categories.map((c) => c - 1)));
      return sub(chosen, mul(categories.length, logSumExp(beta)));
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
        throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      }
      const p = probabilities();
      // Stan's categories are 1-based.
      const draw = (): number => drawCategorical(rng, p) + 1;
      if (count === undefined) return draw();
      return new Tensor(Float64Array.from({ length: count }, draw), [count]);
    },
  };
}

/** theta a simplex (plain values), for the op that repeats the check at replay. */
const thetaIsSimplex = ([theta]: readonly Primal[]): boolean => simplexViolation('theta', (theta as Tensor).data, (theta as Tensor).shape) === undefined;

/**
 * Categorical over 1..K with probabilities `theta`, a simplex (Stan's categorical):
 * log p(y) = log θ_y, values 1-BASED as in Stan; y one category or a vector of them.
 */
export function categorical(theta: Value): Distribution {
  const name = 'categorical';
  expectValue(name, 'theta', theta);
  const size = expectRank(name, 'theta', theta, [1], 'a simplex vector of probabilities')[0]!;
  if (size === 0) throw new Error(`${name}: theta is empty, but there must be at least one category`);
  if (!(theta instanceof Box)) {
    const problem = simplexViolation('theta', (primal(theta) as Tensor).data, [size]);
    if (problem !== undefined) throw new Error(`${name}: ${problem}`);
  }
  return {
    name,
    support: { kind: 'integer', lower: 1, upper: size },
    shape: [],
    logProb: (y: Value): Value => {
      expectValue(name, 'y', y);
      const s = shapeOf(y);
      if (s.length > 1) throw new Error(`${name}: y has shape ${formatShape(s)}, but must be a category or a vector of categories`);
      const p = primal(y);
      const categories = typeof p === 'number' ? [p] : Array.from(p.data);
      if (!categories.every((c) => Number.isInteger(c) && c >= 1 && c <= size)) return -Infinity;
      // Read with peek; `guarded` repeats the simplex test at replay.
      if (theta instanceof Box && !thetaIsSimplex([peek(theta)])) {
        noteCheckFailed(`${name}: theta is not a simplex`);
        return -Infinity;
      }
      const term = sum(log(gather(theta, categories.map((c) => c - 1))));
      return theta instanceof Box ? guarded(term, [theta], thetaIsSimplex) : term;
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
        throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      }
      const p = (primal(theta) as Tensor).data;
      const draw = (): number => {
        let u = rng.uniform();
        for (let k = 0; k < size - 1; k++) {
          u -= p[k]!;
          if (u < 0) return k + 1;
        }
        return size;
      };
      if (count === undefined) return draw();
      return new Tensor(Float64Array.from({ length: count }, draw), [count]);
    },
    get mean(): Primal {
      return (primal(theta) as Tensor).data.reduce((s, p, k) => s + p * (k + 1), 0);
    },
  };
}
