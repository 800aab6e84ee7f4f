import { add, mul, sub } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { lgamma } from '../../ad/ops/special.js';
import { Tensor, sizeOf } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { drawDirichlet } from '../../random/gamma-ratios.js';
import type { Rng } from '../../random/rng.js';
import { positive, simplex } from '../constraints.js';
import { checkParameter, expectValue, plainParameterValid } from './checks.js';
import { guarded } from './guarded.js';
import type { Distribution } from './distribution.js';
import { broadcastAll } from './elementwise.js';
import { xlogy } from './math.js';
import { expectRows, rowsOf, simplexViolation } from './simplex.js';

// dirichlet(θ | α) = log Γ(Σ_k α_k) − Σ_k log Γ(α_k) + Σ_k (α_k − 1) log θ_k on the simplex,
// per row; θ and α are vectors of length K or N×K matrices of rows, broadcast together.

const alphaSpec = { name: 'alpha', constraint: positive };

/** What dirichlet's density needs of [theta, alpha]: theta a simplex (per row), alpha positive. */
const dirichletHolds = ([theta, alpha]: readonly Primal[]): boolean =>
  simplexViolation('theta', (theta as Tensor).data, (theta as Tensor).shape) === undefined && plainParameterValid(alphaSpec, alpha!);

/** Dirichlet with concentrations `alpha` (Stan's dirichlet); values are simplexes. */
export function dirichlet(alpha: Value): Distribution {
  const name = 'dirichlet';
  expectValue(name, 'alpha', alpha);
  const alphaShape = expectRows(name, 'alpha', alpha);
  const { rows: alphaRows, size } = rowsOf(alphaShape);
  checkParameter(name, alphaSpec, alpha);
  return {
    name,
    support: simplex,
    shape: alphaShape,
    logProb: (theta: Value): Value => {
      expectValue(name, 'theta', theta);
      expectRows(name, 'theta', theta, size);
      const shape = broadcastAll(name, ['theta', 'alpha'], [shapeOf(theta), alphaShape]);
      // Traced values are read with peek: `guarded` repeats the check in the op, so a
      // replayed gradient gives −∞ where this code would.
      if (!dirichletHolds([peek(theta), peek(alpha)])) {
        noteCheckFailed('dirichlet: theta is not a simplex or alpha is not positive');
        return -Infinity;
      }
      // The normaliser once per row of α, repeated over the rows θ broadcasts it to.
      const repeats = rowsOf(shape).rows / alphaRows;
      const perRowSums = alphaShape.length === 1 ? lgamma(sum(alpha)) : sum(lgamma(sum(alpha, 1)));
      const normaliser = sub(perRowSums, sum(lgamma(alpha)));
      const term = add(mul(repeats, normaliser), sum(xlogy(sub(alpha, 1), theta)));
      return theta instanceof Box || alpha instanceof Box ? guarded(term, [theta, alpha], dirichletHolds) : term;
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
        throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      }
      const a = (primal(alpha) as Tensor).data;
      const perDraw = sizeOf(alphaShape);
      const draws = count ?? 1;
      const out = new Float64Array(draws * perDraw);
      // One simplex per row of α (normalised gammas on the log scale, gamma-ratios.ts).
      for (let offset = 0; offset < out.length; offset += size) {
        const row = offset % perDraw;
        drawDirichlet(rng, a.subarray(row, row + size), out.subarray(offset, offset + size));
      }
      return new Tensor(out, count === undefined ? alphaShape : [count, ...alphaShape]);
    },
    get mean(): Primal {
      return rowwise(alpha, size, (a, total) => a / total);
    },
    get variance(): Primal {
      return rowwise(alpha, size, (a, total) => (a * (total - a)) / (total * total * (total + 1)));
    },
  };
}

/** f(α_k, Σ_j α_j) for every entry, row by row. */
function rowwise(alpha: Value, size: number, f: (a: number, total: number) => number): Tensor {
  const p = primal(alpha) as Tensor;
  const out = new Float64Array(p.size);
  for (let offset = 0; offset < p.size; offset += size) {
    let total = 0;
    for (let k = 0; k < size; k++) total += p.data[offset + k]!;
    for (let k = 0; k < size; k++) out[offset + k] = f(p.data[offset + k]!, total);
  }
  return new Tensor(out, p.shape);
}
