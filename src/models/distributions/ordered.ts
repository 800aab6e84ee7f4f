import erfc from '@stdlib/math-base-special-erfc';
import { gather } from '../../ad/ops/shape.js';
import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { real } from '../constraints.js';
import { checkParameter, expectRank, expectValue, plainParameterValid } from './checks.js';
import type { Distribution } from './distribution.js';
import { log1mExp, log1pExp, logDiffExp, logPhi } from './element-math.js';
import { defineFusedDensity, type FusedDensity } from './fused.js';
import { guarded } from './guarded.js';

// ordered_logistic(y | η, c) and ordered_probit(y | η, c) (Stan's), for categories
// y ∈ 1..K with K − 1 increasing cut-points c:
//   P(y = k) = F(η − c_{k−1}) − F(η − c_k),  c_0 = −∞, c_K = +∞,
// F the logistic or the standard normal CDF. Each observation's log probability is one
// element of a fused density over [η, c_lo, c_hi, has_lo, has_hi] (the two cut-points
// around y, gathered from c, and whether they exist), declared per element like the scalar
// densities: one tape node over all observations, replayed and compiled like them.

/**
 * log(F(a) − F(b)) for a = η − c_lo > b = η − c_hi, log F(a) without an upper cut-point,
 * log(1 − F(b)) without a lower one. Untaken branches read stand-ins (see element-math.ts).
 */
type Interval = (e: ExprKit, a: ScalarExpr, b: ScalarExpr, both: ScalarExpr) => { middle: ScalarExpr; top: ScalarExpr; bottom: ScalarExpr };

function orderedDensity(name: string, interval: Interval): FusedDensity {
  return defineFusedDensity({
    name,
    argNames: ['eta', 'c_lo', 'c_hi', 'has_lo', 'has_hi'],
    element: (e, [eta, lo, hi, hasLo, hasHi]) => {
      const both = e.and(e.ne(hasLo!, 0), e.ne(hasHi!, 0));
      const { middle, top, bottom } = interval(e, e.sub(eta!, lo!), e.sub(eta!, hi!), both);
      return e.select(both, middle, e.select(e.ne(hasLo!, 0), top, bottom));
    },
  });
}

// Logistic: log(σ(a) − σ(b)) = a + log1m_exp(b − a) − log1p_exp(a) − log1p_exp(b) (Stan's
// log_inv_logit_diff), log σ(a) = −log1p_exp(−a), log(1 − σ(b)) = −log1p_exp(b).
const orderedLogisticLpmf = orderedDensity('ordered_logistic_lpmf', (e, a, b, both) => ({
  middle: e.sub(e.sub(e.add(a, log1mExp(e, e.select(both, e.sub(b, a), -1))), log1pExp(e, a)), log1pExp(e, b)),
  top: e.neg(log1pExp(e, e.neg(a))),
  bottom: e.neg(log1pExp(e, b)),
}));

// Probit: Φ(−b) − Φ(−a) = Φ(a) − Φ(b) (with a = η − c_lo): log_diff_exp of log Φ terms, taken
// in the tail where they are small (for a > 0 through 1 − Φ), so that neither cancels.
const orderedProbitLpmf = orderedDensity('ordered_probit_lpmf', (e, a, b, both) => {
  const safeB = e.select(both, b, e.sub(a, 1));
  const upper = e.gt(safeB, 0);
  return {
    middle: e.select(upper, logDiffExp(e, logPhi(e, e.neg(safeB)), logPhi(e, e.neg(a))), logDiffExp(e, logPhi(e, a), logPhi(e, safeB))),
    top: logPhi(e, a),
    bottom: logPhi(e, e.neg(b)),
  };
});

/** Whether plain cut-points are finite and strictly increasing (the `ordered` rule). */
function cutpointsOrdered(c: Primal): boolean {
  const data = (c as Tensor).data;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) return false;
    if (k > 0 && !(data[k]! > data[k - 1]!)) return false;
  }
  return true;
}

function cutpointViolation(c: Tensor): string | undefined {
  for (let k = 0; k < c.size; k++) {
    const v = c.data[k]!;
    if (!Number.isFinite(v)) return `c[${k}] is ${v}, but must be finite`;
    if (k > 0 && !(v > c.data[k - 1]!)) return `c[${k}] is ${v}, but must be greater than c[${k - 1}] (${c.data[k - 1]}): cut-points must be strictly increasing`;
  }
  return undefined;
}

const etaSpec = { name: 'eta', constraint: real };

function makeOrdered(name: string, density: FusedDensity, cdf: (x: number) => number, etaGiven: Value, cGiven: Value): Distribution {
  const eta = expectValue(name, 'eta', etaGiven);
  const c = expectValue(name, 'c', cGiven);
  const cutpoints = expectRank(name, 'c', c, [1], 'a vector of cut-points')[0]!;
  if (cutpoints === 0) throw new Error(`${name}: c is empty, but there must be at least one cut-point (two categories)`);
  const etaShape = expectRank(name, 'eta', eta, [0, 1], 'a scalar or a vector (one per observation)');
  checkParameter(name, etaSpec, eta);
  if (!(c instanceof Box)) {
    const problem = cutpointViolation(primal(c) as Tensor);
    if (problem !== undefined) throw new Error(`${name}: ${problem}`);
  }
  const categories = cutpoints + 1;
  /** P(y = k), k = 1..K, at a plain η. */
  const probabilities = (etaValue: number): Float64Array => {
    const cd = (primal(c) as Tensor).data;
    const p = new Float64Array(categories);
    for (let k = 0; k < categories; k++) {
      const upper = k === 0 ? 1 : cdf(etaValue - cd[k - 1]!);
      const lower = k === cutpoints ? 0 : cdf(etaValue - cd[k]!);
      p[k] = upper - lower;
    }
    return p;
  };
  const etaValues = (): Float64Array => {
    const p = primal(eta);
    return typeof p === 'number' ? Float64Array.of(p) : p.data;
  };
  return {
    name,
    support: { kind: 'integer', lower: 1, upper: categories },
    shape: etaShape,
    logProb: (yGiven: Value): Value => {
      const y = primal(expectValue(name, 'y', yGiven));
      const ys = shapeOf(y);
      if (ys.length > 1) throw new Error(`${name}: y has shape ${formatShape(ys)}, but must be a category or a vector of categories`);
      if (etaShape.length === 1 && (ys.length !== 1 || ys[0] !== etaShape[0])) {
        throw new Error(`${name}: y has shape ${formatShape(ys)}, but eta has shape ${formatShape(etaShape)}; they must agree`);
      }
      const values = typeof y === 'number' ? [y] : Array.from(y.data);
      if (!values.every((v) => Number.isInteger(v) && v >= 1 && v <= categories)) return -Infinity;
      // Traced arguments are checked with peek; `guarded` repeats the cut-point test at replay.
      if (eta instanceof Box && !plainParameterValid(etaSpec, peek(eta))) {
        noteCheckFailed(`${name}: eta is not finite`);
        return -Infinity;
      }
      if (c instanceof Box && !cutpointsOrdered(peek(c))) {
        noteCheckFailed(`${name}: the cut-points are not increasing`);
        return -Infinity;
      }
      // Every observation as one element: a scalar y is a vector of one.
      const flag = (test: (v: number) => boolean): Tensor => new Tensor(Float64Array.from(values, (v) => (test(v) ? 1 : 0)), [values.length]);
      const lo = gather(c, values.map((v) => Math.max(v - 2, 0)));
      const hi = gather(c, values.map((v) => Math.min(v - 1, cutpoints - 1)));
      const term = density([eta, lo, hi, flag((v) => v > 1), flag((v) => v < categories)]);
      return c instanceof Box ? guarded(term, [c], ([cp]) => cutpointsOrdered(cp!)) : term;
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      const etas = etaValues();
      const tables = Array.from(etas, probabilities);
      const draw = (p: Float64Array): number => {
        let u = rng.uniform();
        for (let k = 0; k < categories - 1; k++) {
          u -= p[k]!;
          if (u < 0) return k + 1;
        }
        return categories;
      };
      const perDraw = etas.length;
      const draws = count ?? 1;
      const out = new Float64Array(draws * perDraw);
      for (let i = 0; i < out.length; i++) out[i] = draw(tables[i % perDraw]!);
      if (count === undefined) return etaShape.length === 0 ? out[0]! : new Tensor(out, etaShape);
      return new Tensor(out, [count, ...etaShape]);
    },
    get mean(): Primal {
      const means = Array.from(etaValues(), (v) => probabilities(v).reduce((s, p, k) => s + p * (k + 1), 0));
      return etaShape.length === 0 ? means[0]! : new Tensor(Float64Array.from(means), etaShape);
    },
  };
}

const logisticCdf = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** Ordered logistic over categories 1..K with linear predictor `eta` and K − 1 increasing cut-points `c` (Stan's ordered_logistic). */
export function orderedLogistic(eta: Value, c: Value): Distribution {
  return makeOrdered('ordered_logistic', orderedLogisticLpmf, logisticCdf, eta, c);
}

/** Ordered probit over categories 1..K with linear predictor `eta` and K − 1 increasing cut-points `c` (Stan's ordered_probit). */
export function orderedProbit(eta: Value, c: Value): Distribution {
  return makeOrdered('ordered_probit', orderedProbitLpmf, normalCdf, eta, c);
}
