import { newBuffer } from '../../ad/buffers.js';
import { isConstant } from '../../ad/constants.js';
import { apply } from '../../ad/op.js';
import { add, mul } from '../../ad/ops/arithmetic.js';
import { gatheredFrom } from '../../ad/ops/shape.js';
import { matvec } from '../../ad/ops/linalg.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, noteRead, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { wasmGlmPass } from '../../ad/wasm/glm.js';
import { real, type Constraint } from '../constraints.js';
import { checkParameter, expectValue, plainParameterValid, plainValueInSupport } from './checks.js';
import type { Distribution } from './distribution.js';
import { fusionMode, partialsOp, type FusedOptions } from './fused.js';
import { normalFamily } from './normal.js';
import { parameterCondition, supportCondition } from './conditions.js';
import { ROW_PREDICTORS, densityAt, linearPredictorRow } from './glm-rows.js';
import type { RowDensity } from '../../ad/compile/plan.js';

// normal_id_glm(y | x, alpha, beta, sigma): y ~ normal(alpha + x·beta, sigma), a linear
// regression's likelihood in one pass (Stan Math's normal_id_glm_lpdf, after which it is named
// and whose argument order it keeps). Written with generic ops the same likelihood is four
// tensor nodes over all N observations (x·beta, + alpha, the residual, the density), each
// allocating N values forward and again backward; here it is one loop and one tape node.
// alpha may be a vector over the observations — `gather(a, group)` gives a varying-intercept
// model — and then its partials are the N values z/σ that the gather's vjp scatters back.
//
// Shapes: y [N]; x [N, K] with beta [K], or x [N] with a scalar beta (one predictor);
// alpha and sigma scalars or [N]. x is data: it takes no derivative.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const PARAMS = ['x', 'alpha', 'beta', 'sigma'] as const;
const sigmaSpec = { name: 'sigma', constraint: { kind: 'lower', lower: 0 } as Constraint };
const realSpec = (name: string) => ({ name, constraint: real });

const checkedPredictors = new WeakSet<Tensor>();

interface Layout {
  readonly n: number;
  /** Predictors per observation (1 for a vector x with a scalar beta). */
  readonly k: number;
}

interface GlmOptions extends FusedOptions {
  readonly x: Tensor;
  readonly layout: Layout;
  /** alpha is args[1][index] (see fusedGlm), or args[1] itself when null. */
  readonly index: Int32Array | null;
}

/**
 * The GLM's op. At replay (src/ad/replay.ts) it repeats logProb's checks of the traced
 * arguments (y real, sigma positive: −∞ otherwise, NaN as −∞) and the fused pass.
 */
const glmKernelOp = partialsOp('normal_id_glm_lpdf', ['y', 'alpha', 'beta', 'sigma'], (args, options, traced) => {
  const { x, layout, index } = options as GlmOptions;
  const valid = !(traced[0] === true && !plainValueInSupport(real, args[0]!, true)) && !(traced[3] === true && !plainParameterValid(sigmaSpec, args[3]!));
  const { value, partials } = glmPass(x, layout, args, traced, valid, index);
  return { value: Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value, partials, x, layout, index } as GlmOptions;
});

/**
 * One row of the GLM for the compiler: normal's declared element density at
 * (y_i, alpha_i + Σ_j x_ij beta_j, sigma_i), with the op's checks of its traced arguments
 * (y real, sigma positive) and the linear predictor finite: where it is not, the pass's
 * value is −∞ or NaN, which the op gives as −∞. Few predictors only (ROW_PREDICTORS).
 */
const glmRows: RowDensity = {
  rows: (options) => {
    const { layout } = options as GlmOptions;
    return layout.k <= ROW_PREDICTORS.normal ? layout.n : undefined;
  },
  element: (reads, options) => {
    const { x, layout, index } = options as GlmOptions;
    const { e, traced } = reads;
    const y = reads.row(0);
    const sigma = reads.row(3);
    const alpha = index === null ? reads.row(1) : reads.gathered(1, index);
    if (y === null || sigma === null || alpha === null) return undefined;
    const linear = linearPredictorRow(reads, x, layout, alpha, 2);
    if (linear === null) return undefined;
    const value = densityAt(reads, normalFamily.density, [y, linear.eta, sigma]);
    if (value === undefined) return undefined;
    let condition = e.isFinite(linear.eta);
    if (traced[0] === true) condition = e.and(condition, supportCondition(e, real, y)!);
    if (traced[3] === true) condition = e.and(condition, parameterCondition(e, sigmaSpec, sigma)!);
    return { value, condition };
  },
};

const glmOp = Object.freeze({ ...glmKernelOp, rowDensity: glmRows });

function layoutOf(x: Tensor, beta: Value, place: string): Layout {
  const bs = shapeOf(beta);
  if (x.shape.length === 1) {
    if (bs.length !== 0) throw new Error(`${place}: x is a vector ${formatShape(x.shape)}, so beta must be a scalar, but has shape ${formatShape(bs)}`);
    return { n: x.shape[0]!, k: 1 };
  }
  if (x.shape.length !== 2) throw new Error(`${place}: x must be a matrix [N, K] or a vector [N], but has shape ${formatShape(x.shape)}`);
  if (bs.length !== 1 || bs[0] !== x.shape[1]) {
    throw new Error(`${place}: x has shape ${formatShape(x.shape)}, so beta must have shape [${x.shape[1]}], but has shape ${formatShape(bs)}`);
  }
  return { n: x.shape[0]!, k: x.shape[1]! };
}

function checkObservationShape(place: string, what: string, v: Value, n: number): void {
  const s = shapeOf(v);
  if (s.length === 0 || (s.length === 1 && s[0] === n)) return;
  throw new Error(`${place}: ${what} has shape ${formatShape(s)}, but must be a scalar or have shape [${n}] (one per row of x)`);
}

const dataOf = (v: Primal): Float64Array => (typeof v === 'number' ? Float64Array.of(v) : v.data);

function gatherPlain(source: Float64Array, index: Int32Array): Float64Array {
  const out = newBuffer(index.length);
  for (let i = 0; i < index.length; i++) out[i] = source[index[i]!]!;
  return out;
}

/** The linear predictor alpha + x·beta at observation i. */
function predictor(x: Float64Array, alpha: Float64Array, sa: number, beta: Float64Array, k: number, i: number): number {
  let eta = alpha[i * sa]!;
  const row = i * k;
  for (let j = 0; j < k; j++) eta += x[row + j]! * beta[j]!;
  return eta;
}

interface Sums {
  /** Σ z², Σ log σ, Σ z/σ, and Σ x z/σ (one predictor only). */
  squares: number;
  logSigmaSum: number;
  zOverSigmaSum: number;
  xw: number;
}

/**
 * The common case — one scale, one predictor (varying intercepts) — with the loop
 * invariants hoisted: separate tight loops run at a few times the speed of the general one
 * with its per-element strides and branches.
 */
function oneScaleOnePredictor(
  x: Float64Array,
  y: Float64Array,
  alpha: Float64Array,
  sa: number,
  beta: number,
  sigma: number,
  dy: Float64Array | null,
  dalpha: Float64Array | null,
  n: number,
): Sums {
  const inverse = 1 / sigma;
  const precision = inverse * inverse;
  // One branch-free loop whose every operation runs on the first call, so V8 never
  // optimises it (or a caller it is inlined into) on partial type feedback: a second loop
  // that ran only for traced calls was once compiled generic, ten times slower.
  const w = dalpha ?? dy ?? newBuffer(n);
  let squares = 0;
  let rSum = 0;
  let xr = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const r = y[i]! - alpha[i * sa]! - xi * beta;
    squares += r * r;
    rSum += r;
    xr += xi * r;
    w[i] = r * precision;
  }
  if (dy !== null) for (let i = 0; i < n; i++) dy[i] = -w[i]!;
  return { squares: squares * precision, logSigmaSum: n * Math.log(sigma), zOverSigmaSum: rSum * precision, xw: xr * precision };
}

/**
 * oneScaleOnePredictor with the intercepts read through an index (alpha = a[group]): the
 * partials of a accumulate in place, in observation order (as gather's vjp would sum them),
 * so no per-observation copy of the intercepts or of their partials is made.
 */
function indexedOneScaleOnePredictor(
  x: Float64Array,
  y: Float64Array,
  source: Float64Array,
  index: Int32Array,
  beta: number,
  sigma: number,
  dy: Float64Array | null,
  dsource: Float64Array,
  n: number,
): Sums {
  const inverse = 1 / sigma;
  const precision = inverse * inverse;
  let squares = 0;
  let rSum = 0;
  let xr = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const r = y[i]! - source[index[i]!]! - xi * beta;
    squares += r * r;
    rSum += r;
    xr += xi * r;
    dsource[index[i]!]! += r * precision;
  }
  if (dy !== null) {
    for (let i = 0; i < n; i++) dy[i] = -((y[i]! - source[index[i]!]! - x[i]! * beta) * precision);
  }
  return { squares: squares * precision, logSigmaSum: n * Math.log(sigma), zOverSigmaSum: rSum * precision, xw: xr * precision };
}

/** Any layout: strides per argument, K predictors per row. */
function generalPass(
  x: Float64Array,
  layout: Layout,
  yd: Float64Array,
  ad: Float64Array,
  sa: number,
  bd: Float64Array,
  sd: Float64Array,
  ss: number,
  dy: Float64Array | null,
  dalpha: Float64Array | null,
  dbeta: Float64Array | null,
  dsigma: Float64Array | null,
): Sums {
  const { n, k } = layout;
  let squares = 0;
  let logSigmaSum = 0;
  let zOverSigmaSum = 0;
  for (let i = 0; i < n; i++) {
    const s = sd[i * ss]!;
    const inverse = 1 / s;
    const z = (yd[i]! - predictor(x, ad, sa, bd, k, i)) * inverse;
    const w = z * inverse; // ∂/∂eta
    squares += z * z;
    zOverSigmaSum += w;
    logSigmaSum += Math.log(s);
    if (dy !== null) dy[i] = -w;
    if (dalpha !== null) dalpha[i] = w;
    if (dbeta !== null) {
      const row = i * k;
      for (let j = 0; j < k; j++) dbeta[j]! += x[row + j]! * w;
    }
    if (dsigma !== null) dsigma[i] = (z * z - 1) * inverse;
  }
  return { squares, logSigmaSum, zOverSigmaSum, xw: NaN }; // not computed here (dbeta holds it); a double, as in the other pass
}

/**
 * generalPass in WebAssembly SIMD (src/ad/wasm/glm.ts), filling the same partials; null where
 * it does not serve (x not constant data, small, or the kernels off or unavailable).
 */
function simdPass(
  x: Tensor,
  y: Primal,
  yd: Float64Array,
  ad: Float64Array,
  bd: Float64Array,
  sd: Float64Array,
  dy: Float64Array | null,
  dalpha: Float64Array | null,
  dbeta: Float64Array | null,
  dsigma: Float64Array | null,
): Sums | null {
  const result = wasmGlmPass({
    family: 'normal_id',
    x,
    y: yd,
    yConstant: typeof y !== 'number' && isConstant(y),
    alpha: ad,
    beta: bd,
    sigma: sd,
    wantBeta: dbeta !== null,
    wantW: dy !== null || dalpha !== null,
    wantSigma: dsigma !== null,
  });
  if (result === null) return null;
  const { w } = result;
  if (dy !== null) for (let i = 0; i < dy.length; i++) dy[i] = -w![i]!;
  if (dalpha !== null) dalpha.set(w!);
  if (dbeta !== null) dbeta.set(result.dbeta!);
  if (dsigma !== null) dsigma.set(result.dsigma!);
  let logSigmaSum = 0;
  if (sd.length === 1) logSigmaSum = yd.length * Math.log(sd[0]!);
  else for (let i = 0; i < sd.length; i++) logSigmaSum += Math.log(sd[i]!);
  return { squares: result.value, logSigmaSum, zOverSigmaSum: result.wSum, xw: NaN };
}

/**
 * The fused pass: the summed log density, and the partials of the traced arguments. Partials
 * per observation (y, a vector alpha or sigma) go to arrays of N; those of broadcast scalars
 * and of beta are sums.
 */
function fusedGlm(x: Tensor, layout: Layout, given: readonly Value[]): Value {
  // alpha = gather(a, group) of a traced vector a: the op takes a and the index itself.
  const gathered = gatheredFrom(given[1]!);
  const index = gathered !== null && gathered.indices.length === layout.n ? gathered.indices : null;
  const args = index === null ? given : [given[0]!, gathered!.source, given[2]!, given[3]!];
  // peek: the op repeats the pass at replay.
  const plain = args.map((a) => peek(a));
  const traced = args.map((a) => a instanceof Box);
  const { value, partials } = glmPass(x, layout, plain, traced, true, index);
  if (!traced.includes(true)) return value;
  return apply(glmOp, args, { value, partials, x, layout, index } as GlmOptions);
}

/**
 * The pass over the observations for plain [y, alpha, beta, sigma], with the partials of the
 * traced ones (`valid` false: a failed check, the density −∞ with zero partials).
 */
function glmPass(
  x: Tensor,
  layout: Layout,
  args: readonly Primal[],
  traced: readonly boolean[],
  valid: boolean,
  index: Int32Array | null,
): { value: number; partials: (Primal | undefined)[] } {
  const { n, k } = layout;
  const [y, alpha, beta, sigma] = args as [Primal, Primal, Primal, Primal];
  const [wantY, wantAlpha, wantBeta, wantSigma] = traced as [boolean, boolean, boolean, boolean];
  if (!valid) {
    const partials: (Primal | undefined)[] = [undefined, undefined, undefined, undefined];
    for (let i = 0; i < 4; i++) if (traced[i]) partials[i] = zerosOf(args[i]!);
    return { value: Number.NEGATIVE_INFINITY, partials };
  }
  const yd = dataOf(y);
  const bd = dataOf(beta);
  const sd = dataOf(sigma);
  const ss = sd.length === 1 ? 0 : 1;
  const fast = ss === 0 && k === 1;
  // alpha = source[index] (see gatheredFrom): read through the index in the common layout,
  // gathered into a per-observation copy for the general pass.
  const source = index === null ? null : dataOf(alpha);
  const dsource = source !== null && (wantAlpha || fast) ? newBuffer(source.length) : null;
  const ad = source === null ? dataOf(alpha) : fast ? source : gatherPlain(source, index!);
  const sa = ad.length === 1 && source === null ? 0 : 1;
  const dy = wantY ? newBuffer(n) : null;
  const dalpha = wantAlpha && sa === 1 && !(source !== null && fast) ? newBuffer(n) : null;
  const dbeta = wantBeta ? new Float64Array(k) : null;
  const dsigma = wantSigma && ss === 1 ? newBuffer(n) : null;
  const sums =
    source !== null && fast
      ? indexedOneScaleOnePredictor(x.data, yd, source, index!, bd[0]!, sd[0]!, dy, dsource!, n)
      : fast
        ? oneScaleOnePredictor(x.data, yd, ad, sa, bd[0]!, sd[0]!, dy, dalpha, n)
        : (simdPass(x, y, yd, ad, bd, sd, dy, dalpha, dbeta, dsigma) ?? generalPass(x.data, layout, yd, ad, sa, bd, sd, ss, dy, dalpha, dbeta, dsigma));
  // The general pass left per-observation partials of the gathered copy: summed back.
  if (source !== null && !fast && dalpha !== null) for (let i = 0; i < n; i++) dsource![index![i]!]! += dalpha[i]!;
  const { squares, logSigmaSum, zOverSigmaSum } = sums;
  if (dbeta !== null && ss === 0 && k === 1) dbeta[0] = sums.xw;
  const value = -0.5 * squares - logSigmaSum - n * LOG_SQRT_2PI;
  const partials: (Primal | undefined)[] = [undefined, undefined, undefined, undefined];
  if (!wantY && !wantAlpha && !wantBeta && !wantSigma) return { value, partials };
  const finite = Number.isFinite(value);
  if (wantY) partials[0] = shaped(y, dy, 0, finite);
  if (wantAlpha) partials[1] = shaped(alpha, source !== null ? dsource : dalpha, zOverSigmaSum, finite);
  if (wantBeta) partials[2] = !finite ? shaped(beta, null, 0, finite) : k === 1 && shapeOf(beta).length === 0 ? dbeta![0]! : new Tensor(dbeta!, shapeOf(beta));
  if (wantSigma) partials[3] = shaped(sigma, dsigma, (squares - n) / sd[0]!, finite);
  return { value, partials };
}

// At module level, not closures per call (under tsx each costs a __name call).
function zerosOf(arg: Primal): Primal {
  return typeof arg === 'number' ? 0 : new Tensor(newBuffer(arg.size), arg.shape);
}

/** A partial at its argument's shape: per observation, or one number broadcast; zeros when the density is not finite. */
function shaped(arg: Primal, perObservation: Float64Array | null, scalarPartial: number, finite: boolean): Primal {
  const shape = shapeOf(arg);
  if (!finite) return shape.length === 0 ? 0 : new Tensor(newBuffer(sizeOf(shape)), shape);
  if (perObservation !== null) return new Tensor(perObservation, shape);
  return shape.length === 0 ? scalarPartial : new Tensor(Float64Array.of(scalarPartial), shape);
}

/** The same density from ordinary AD ops: the reference, and the path for higher-order derivatives. */
function composedGlm(x: Tensor, layout: Layout, args: readonly Value[]): Value {
  const [y, alpha, beta, sigma] = args as [Value, Value, Value, Value];
  const eta = add(alpha, layout.k === 1 && x.shape.length === 1 ? mul(x, beta) : matvec(x, beta));
  return normalFamily.density([y, eta, sigma]);
}

class NormalIdGlm implements Distribution {
  readonly name = 'normal_id_glm';
  readonly support: Constraint = real;
  readonly shape: Shape;
  private readonly layout: Layout;

  constructor(
    private readonly x: Tensor,
    private readonly alpha: Value,
    private readonly beta: Value,
    private readonly sigma: Value,
  ) {
    const place = 'normal_id_glm';
    this.layout = layoutOf(x, beta, place);
    checkObservationShape(place, 'alpha', alpha, this.layout.n);
    checkObservationShape(place, 'sigma', sigma, this.layout.n);
    // x is data, built once and evaluated against thousands of times: checked once.
    if (!checkedPredictors.has(x)) {
      checkParameter(place, realSpec('x'), x);
      if (isConstant(x)) checkedPredictors.add(x);
    }
    checkParameter(place, realSpec('alpha'), alpha);
    checkParameter(place, realSpec('beta'), beta);
    checkParameter(place, sigmaSpec, sigma);
    this.shape = [this.layout.n];
  }

  logProb(y: Value): Value {
    const place = 'normal_id_glm';
    const value = expectValue(place, 'y', y);
    const ys = shapeOf(value);
    if (ys.length !== 1 || ys[0] !== this.layout.n) {
      throw new Error(`${place}: y has shape ${formatShape(ys)}, but x has ${this.layout.n} rows, so y must have shape [${this.layout.n}]`);
    }
    const args = [value, this.alpha, this.beta, this.sigma];
    const composed = fusionMode(args) === 'composed';
    // The checks read traced values with peek: the op repeats them at replay, except on the
    // composed path (nested traces), which must not be replayed.
    if (composed && args.some((a) => a instanceof Box)) noteRead('normal_id_glm: composed density checked traced arguments');
    // Traced parameters are checked here (plain ones were checked at construction).
    if (!plainValueInSupport(real, peek(value), value instanceof Box) || (this.sigma instanceof Box && !plainParameterValid(sigmaSpec, peek(this.sigma)))) {
      noteCheckFailed('normal_id_glm: an argument is outside its support');
      return -Infinity;
    }
    const result = composed ? composedGlm(this.x, this.layout, args) : fusedGlm(this.x, this.layout, args);
    const p = peek(result);
    if (typeof p === 'number' && Number.isNaN(p)) {
      noteCheckFailed('normal_id_glm: the density was NaN');
      return -Infinity;
    }
    return result;
  }

  /** Per observation: alpha + x·beta, from the plain parameter values. */
  get mean(): Primal {
    const { n, k } = this.layout;
    const ad = dataOf(primal(this.alpha));
    const bd = dataOf(primal(this.beta));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = predictor(this.x.data, ad, ad.length === 1 ? 0 : 1, bd, k, i);
    return new Tensor(out, [n]);
  }

  get variance(): Primal {
    const sd = dataOf(primal(this.sigma));
    const out = new Float64Array(this.layout.n);
    for (let i = 0; i < out.length; i++) out[i] = sd[sd.length === 1 ? 0 : i]! ** 2;
    return new Tensor(out, [this.layout.n]);
  }

  sample(rng: Rng, count?: number): Primal {
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      throw new Error(`normal_id_glm: sample count is ${count}, but must be a non-negative integer`);
    }
    const mean = (this.mean as Tensor).data;
    const sd = dataOf(primal(this.sigma));
    const n = this.layout.n;
    const draws = count ?? 1;
    const out = new Float64Array(draws * n);
    for (let c = 0; c < draws; c++) {
      for (let i = 0; i < n; i++) out[c * n + i] = mean[i]! + sd[sd.length === 1 ? 0 : i]! * rng.normal();
    }
    return new Tensor(out, count === undefined ? [n] : [count, n]);
  }
}

/**
 * y ~ normal(alpha + x·beta, sigma) as one fused density (Stan's normal_id_glm): x is an
 * [N, K] data matrix with beta [K], or an [N] data vector with a scalar beta; alpha and sigma
 * are scalars or one per observation (`gather(a, group)` for varying intercepts).
 */
export function normalIdGlm(x: Value, alpha: Value, beta: Value, sigma: Value): Distribution {
  const checked = PARAMS.map((name, k) => expectValue('normal_id_glm', name, [x, alpha, beta, sigma][k]));
  const xv = checked[0]!;
  if (xv instanceof Box) {
    throw new Error('normal_id_glm: x is a traced value, but must be data (its derivative is not computed); use normal(alpha + x·beta, sigma) when x depends on parameters');
  }
  if (typeof xv === 'number') throw new Error('normal_id_glm: x is a number, but must be a data matrix [N, K] or vector [N]');
  return new NormalIdGlm(xv, checked[1]!, checked[2]!, checked[3]!);
}
