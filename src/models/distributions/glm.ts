import { newBuffer } from '../../ad/buffers.js';
import { isConstant } from '../../ad/constants.js';
import { apply } from '../../ad/op.js';
import { add, mul } from '../../ad/ops/arithmetic.js';
import { matvec } from '../../ad/ops/linalg.js';
import { Tensor, formatShape, type Shape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, noteRead, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { wasmGlmPass, type GlmFamily } from '../../ad/wasm/glm.js';
import { real, type Constraint } from '../constraints.js';
import { checkParameter, expectValue, plainParameterValid, plainValueInSupport } from './checks.js';
import type { Distribution } from './distribution.js';
import { densityAt, linearPredictorRow } from './glm-rows.js';
import type { RowDensity } from '../../ad/compile/plan.js';
import { fusionMode, partialsOp, type FusedDensity, type FusedOptions } from './fused.js';

// Generalised linear models in one pass over the design matrix, after Stan Math's
// poisson_log_glm_lpmf and bernoulli_logit_glm_lpmf (whose argument order they keep:
// y | x, alpha, beta): η = α + x·β per observation, the log likelihood of y given η and its
// derivative in η in the same loop, and β's partials Σᵢ xᵢⱼ ∂/∂ηᵢ accumulated there, so
// the whole likelihood is one tape node however many rows x has. x and y are data.
// Shapes: y [N]; x [N, K] with β [K], or x [N] with a scalar β; α a scalar or [N].

/** One observation's log likelihood given η, and its derivative in η, written to out[0], out[1]. */
type Term = (y: number, eta: number, out: Float64Array) => void;

interface GlmSpec {
  readonly name: string;
  readonly support: Constraint;
  readonly term: Term;
  /** The same likelihood as a fused density of [y, η] (the path for higher orders). */
  readonly density: FusedDensity;
  /** An elementwise draw given η, built once per `sample` call. */
  readonly sampler: (rng: Rng) => (eta: number) => number;
  readonly mean: (eta: number) => number;
  readonly variance: (eta: number) => number;
  /** The same pass in WebAssembly SIMD (src/ad/wasm/glm.ts), where it serves. */
  readonly wasm: { readonly family: GlmFamily; readonly outcomeTerm?: (y: Float64Array) => number };
  /** Up to how many predictors compiled gradients plan it per row (glm-rows.ts ROW_PREDICTORS). */
  readonly rowPredictors: number;
}

interface Layout {
  readonly n: number;
  readonly k: number;
}

interface GlmOptions extends FusedOptions {
  readonly x: Tensor;
  readonly y: Float64Array;
  /** Whether y is constant data (its copy in WebAssembly memory is then made once). */
  readonly yConstant: boolean;
  readonly layout: Layout;
}

const realSpec = (name: string) => ({ name, constraint: real });
const dataOf = (v: Primal): Float64Array => (typeof v === 'number' ? Float64Array.of(v) : v.data);

type PassResult = { value: number; partials: (Primal | undefined)[] };

/** The pass: Σ log p(yᵢ | ηᵢ) and the partials of α and β where traced; WebAssembly where it serves. */
function glmPass(spec: GlmSpec, x: Tensor, y: Float64Array, yConstant: boolean, layout: Layout, alpha: Primal, beta: Primal, traced: readonly boolean[]): PassResult {
  const [wantAlpha, wantBeta] = traced as [boolean, boolean];
  // A scalar α goes as a number (no array made per call); an object literal of fixed shape, not
  // a spread of spec.wasm: V8 copied that spread on a slow path (about 4 µs, 8% of
  // logistic_regression's gradient).
  const alphaValues = typeof alpha === 'number' ? alpha : alpha.data;
  const bd = dataOf(beta);
  const { family, outcomeTerm } = spec.wasm;
  const wantW = wantAlpha && typeof alphaValues !== 'number' && alphaValues.length !== 1;
  const simd = wasmGlmPass({ family, outcomeTerm, x, y, yConstant, alpha: alphaValues, beta: bd, wantBeta, wantW, wantSigma: false });
  if (simd !== null) return passResult(simd.value, simd.w, simd.wSum, simd.dbeta, alpha, beta, traced);
  return plainPass(spec, x.data, y, layout, dataOf(alpha), bd, alpha, beta, traced);
}

/** The pass in JavaScript. */
function plainPass(spec: GlmSpec, x: Float64Array, y: Float64Array, layout: Layout, ad: Float64Array, bd: Float64Array, alpha: Primal, beta: Primal, traced: readonly boolean[]): PassResult {
  const { n, k } = layout;
  const sa = ad.length === 1 ? 0 : 1;
  const [wantAlpha, wantBeta] = traced as [boolean, boolean];
  const dalpha = wantAlpha && sa === 1 ? newBuffer(n) : null;
  const dbeta = wantBeta ? new Float64Array(k) : null;
  const out = new Float64Array(2);
  let value = 0;
  let alphaSum = 0;
  for (let i = 0; i < n; i++) {
    let eta = ad[i * sa]!;
    const row = i * k;
    for (let j = 0; j < k; j++) eta += x[row + j]! * bd[j]!;
    spec.term(y[i]!, eta, out);
    value += out[0]!;
    const w = out[1]!;
    alphaSum += w;
    if (dalpha !== null) dalpha[i] = w;
    if (dbeta !== null) for (let j = 0; j < k; j++) dbeta[j]! += x[row + j]! * w;
  }
  return passResult(value, dalpha, alphaSum, dbeta, alpha, beta, traced);
}

/** The value (NaN as −∞) and the partials at their arguments' shapes (zeros where the value is not finite). */
function passResult(value: number, dalpha: Float64Array | null, alphaSum: number, dbeta: Float64Array | null, alpha: Primal, beta: Primal, traced: readonly boolean[]): PassResult {
  const [wantAlpha, wantBeta] = traced as [boolean, boolean];
  const partials: (Primal | undefined)[] = [undefined, undefined];
  const finite = Number.isFinite(value);
  if (wantAlpha) partials[0] = !finite ? zerosLike(alpha) : dalpha !== null ? new Tensor(dalpha, shapeOf(alpha)) : shapeOf(alpha).length === 0 ? alphaSum : new Tensor(Float64Array.of(alphaSum), shapeOf(alpha));
  if (wantBeta) partials[1] = !finite ? zerosLike(beta) : shapeOf(beta).length === 0 ? dbeta![0]! : new Tensor(dbeta!, shapeOf(beta));
  return { value: Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value, partials };
}

const zerosLike = (v: Primal): Primal => (typeof v === 'number' ? 0 : new Tensor(newBuffer(v.size), v.shape));

/** α and β traced: their rule (finite) repeated at replay, −∞ when broken. */
const parametersValid = (alpha: Primal, beta: Primal, traced: readonly boolean[]): boolean =>
  !(traced[0] === true && !plainParameterValid(realSpec('alpha'), alpha)) && !(traced[1] === true && !plainParameterValid(realSpec('beta'), beta));

/**
 * One row of the GLM for the compiler (few predictors): the family's declared element
 * density at (y_i, α_i + Σ_j x_ij β_j), −∞ where a traced α or β is not finite, as the op's
 * check. With them finite, η is finite (x is finite data) and so is the density.
 */
function glmRows(spec: GlmSpec): RowDensity {
  return {
    rows: (options) => {
      const { layout } = options as GlmOptions;
      return layout.k <= spec.rowPredictors ? layout.n : undefined;
    },
    element: (reads, options) => {
      const { x, y, layout } = options as GlmOptions;
      const { e, traced } = reads;
      const alpha = reads.row(0);
      if (alpha === null) return undefined;
      const linear = linearPredictorRow(reads, x, layout, alpha, 1);
      if (linear === null) return undefined;
      const value = densityAt(reads, spec.density, [reads.data(y), linear.eta]);
      if (value === undefined) return undefined;
      let condition = linear.betaFinite;
      if (traced[0] === true) condition = condition === null ? e.isFinite(alpha) : e.and(e.isFinite(alpha), condition);
      return { value, condition };
    },
  };
}

/** The op of one GLM: its value and partials in the options, recomputed at replay (planned per row when compiled). */
function glmOpOf(spec: GlmSpec) {
  const op = glmKernelOpOf(spec);
  return Object.freeze({ ...op, rowDensity: glmRows(spec) });
}

function glmKernelOpOf(spec: GlmSpec) {
  return partialsOp(`${spec.name}_lpmf`, ['alpha', 'beta'], (args, options, traced) => {
    const { x, y, yConstant, layout } = options as GlmOptions;
    if (!parametersValid(args[0]!, args[1]!, traced)) {
      const zeros = args.map((a, i) => (traced[i] ? zerosLike(a) : undefined));
      return { value: Number.NEGATIVE_INFINITY, partials: zeros, x, y, yConstant, layout } satisfies GlmOptions;
    }
    const { value, partials } = glmPass(spec, x, y, yConstant, layout, args[0]!, args[1]!, traced);
    return { value, partials, x, y, yConstant, layout } satisfies GlmOptions;
  });
}

function layoutOf(name: string, x: Tensor, beta: Value): Layout {
  const bs = shapeOf(beta);
  if (x.shape.length === 1) {
    if (bs.length !== 0) throw new Error(`${name}: x is a vector ${formatShape(x.shape)}, so beta must be a scalar, but has shape ${formatShape(bs)}`);
    return { n: x.shape[0]!, k: 1 };
  }
  if (x.shape.length !== 2) throw new Error(`${name}: x must be a matrix [N, K] or a vector [N], but has shape ${formatShape(x.shape)}`);
  if (bs.length !== 1 || bs[0] !== x.shape[1]) throw new Error(`${name}: x has shape ${formatShape(x.shape)}, so beta must have shape [${x.shape[1]}], but has shape ${formatShape(bs)}`);
  return { n: x.shape[0]!, k: x.shape[1]! };
}

/** A GLM distribution over y given data x and parameters α, β. */
function makeGlm(spec: GlmSpec, op: ReturnType<typeof glmOpOf>, xGiven: Value, alphaGiven: Value, betaGiven: Value): Distribution {
  const name = spec.name;
  const x = expectValue(name, 'x', xGiven);
  const alpha = expectValue(name, 'alpha', alphaGiven);
  const beta = expectValue(name, 'beta', betaGiven);
  if (x instanceof Box) throw new Error(`${name}: x is a traced value, but must be data (its derivative is not computed)`);
  if (typeof x === 'number') throw new Error(`${name}: x is a number, but must be a data matrix [N, K] or vector [N]`);
  const layout = layoutOf(name, x, beta);
  const as = shapeOf(alpha);
  if (!(as.length === 0 || (as.length === 1 && as[0] === layout.n))) throw new Error(`${name}: alpha has shape ${formatShape(as)}, but must be a scalar or have shape [${layout.n}] (one per row of x)`);
  checkParameter(name, realSpec('x'), x);
  checkParameter(name, realSpec('alpha'), alpha);
  checkParameter(name, realSpec('beta'), beta);
  const etaOf = (): Float64Array => {
    const ad = dataOf(primal(alpha));
    const bd = dataOf(primal(beta));
    const eta = new Float64Array(layout.n);
    for (let i = 0; i < layout.n; i++) {
      let e = ad[ad.length === 1 ? 0 : i]!;
      for (let j = 0; j < layout.k; j++) e += x.data[i * layout.k + j]! * bd[j]!;
      eta[i] = e;
    }
    return eta;
  };
  const shape: Shape = [layout.n];
  return {
    name,
    support: spec.support,
    shape,
    logProb: (yGiven: Value): Value => {
      const y = expectValue(name, 'y', yGiven);
      const ys = shapeOf(y);
      if (ys.length !== 1 || ys[0] !== layout.n) throw new Error(`${name}: y has shape ${formatShape(ys)}, but x has ${layout.n} rows, so y must have shape [${layout.n}]`);
      const yData = primal(y);
      if (!plainValueInSupport(spec.support, yData, false)) return -Infinity;
      const args = [alpha, beta];
      const traced = args.map((a) => a instanceof Box);
      if (fusionMode(args) === 'composed') {
        if (traced.includes(true)) noteRead(`${name}: composed density checked traced arguments`);
        const eta = add(alpha, layout.k === 1 && x.shape.length === 1 ? mul(x, beta) : matvec(x, beta));
        return spec.density([yData, eta]);
      }
      // peek: the op repeats the checks and the pass at replay.
      const [a, b] = [peek(alpha), peek(beta)];
      if (!parametersValid(a, b, traced)) {
        noteCheckFailed(`${name}: alpha or beta is not finite`);
        return -Infinity;
      }
      const yTensor = yData as Tensor;
      const yConstant = isConstant(yTensor);
      const { value, partials } = glmPass(spec, x, yTensor.data, yConstant, layout, a, b, traced);
      if (!traced.includes(true)) return value;
      const options: GlmOptions = { value, partials, x, y: yTensor.data, yConstant, layout };
      return apply(op, args, options);
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      const eta = etaOf();
      const draw = spec.sampler(rng);
      const draws = count ?? 1;
      const out = new Float64Array(draws * layout.n);
      for (let c = 0; c < draws; c++) for (let i = 0; i < layout.n; i++) out[c * layout.n + i] = draw(eta[i]!);
      return new Tensor(out, count === undefined ? shape : [count, ...shape]);
    },
    get mean(): Primal {
      return new Tensor(etaOf().map(spec.mean), shape);
    },
    get variance(): Primal {
      return new Tensor(etaOf().map(spec.variance), shape);
    },
  };
}

/** The family constructor of a GLM: (x, alpha, beta) → distribution over y. */
export function defineGlm(spec: GlmSpec): (x: Value, alpha: Value, beta: Value) => Distribution {
  const op = glmOpOf(spec);
  return (x, alpha, beta) => makeGlm(spec, op, x, alpha, beta);
}
