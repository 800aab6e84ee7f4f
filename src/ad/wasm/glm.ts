import { newBuffer } from '../buffers.js';
import type { Tensor } from '../tensor.js';
import { residentMatrix, writePadded } from './resident.js';

// The GLM densities' pass in WebAssembly (assembly/glm.ts) over a resident design matrix: the
// value, Σ ∂/∂η, and the partials that are wanted, for the callers in
// src/models/distributions (glm.ts, normal-id-glm.ts), which fall back to their own
// JavaScript pass when this returns null.

/** The family's code in the module (assembly/glm.ts). */
export const GLM_FAMILY = { bernoulli_logit: 0, poisson_log: 1, normal_id: 2 } as const;
export type GlmFamily = keyof typeof GLM_FAMILY;

export interface GlmPassRequest {
  readonly family: GlmFamily;
  /** The design matrix [N, K], or [N] with one predictor: constant data. */
  readonly x: Tensor;
  readonly y: Float64Array;
  /** Whether y is constant data (placed once) or changes between calls (copied each time). */
  readonly yConstant: boolean;
  /** One value (a number, or an array of one), or one per observation. */
  readonly alpha: number | Float64Array;
  readonly beta: Float64Array;
  /** normal_id only: one value, or one per observation. */
  readonly sigma?: Float64Array;
  readonly wantBeta: boolean;
  /** Whether ∂/∂η per observation is wanted (a vector α's or y's partials). */
  readonly wantW: boolean;
  /** normal_id with σ per observation: whether ∂/∂σ_i are wanted. */
  readonly wantSigma: boolean;
  /**
   * A term of the log density that depends on y alone (poisson_log's −Σ log y!), computed once
   * per resident y and added to the value; required for poisson_log.
   */
  readonly outcomeTerm?: (y: Float64Array) => number;
}

export interface GlmPassResult {
  /** bernoulli_logit, poisson_log: Σ log p; normal_id: Σ z² (the caller adds the rest). */
  readonly value: number;
  /** Σ ∂/∂η. */
  readonly wSum: number;
  readonly w: Float64Array | null;
  readonly dbeta: Float64Array | null;
  readonly dsigma: Float64Array | null;
}

/**
 * The pass, or null where the WebAssembly kernels do not serve: off or unavailable, x not
 * constant data or small (see residentMatrix), no memory for the GLM's copy of x in panels,
 * or a y-only term wanted of a y not resident.
 */
export function wasmGlmPass(request: GlmPassRequest): GlmPassResult | null {
  const resident = residentMatrix(request.x);
  if (resident === null) return null;
  const n = resident.rows;
  const k = resident.cols;
  const slots = resident.glmSlots();
  if (slots === null) return null;
  const placed = resident.outcome(request.y, request.yConstant);
  if (placed === null && request.outcomeTerm !== undefined) return null;
  const f64 = resident.space.f64;
  let yAt = slots.y;
  let outcomeValue = 0;
  if (placed !== null) {
    yAt = placed.at;
    if (request.outcomeTerm !== undefined) {
      let term = placed.derived.get(request.outcomeTerm);
      if (term === undefined) {
        term = request.outcomeTerm(request.y);
        placed.derived.set(request.outcomeTerm, term);
      }
      outcomeValue = term;
    }
  } else {
    f64.set(request.y.subarray(0, n), slots.y / 8);
  }
  const { alpha, sigma } = request;
  if (typeof alpha === 'number') f64[slots.alpha / 8] = alpha;
  else f64.set(alpha, slots.alpha / 8);
  if (sigma !== undefined) f64.set(sigma, slots.sigma / 8);
  writePadded(f64, slots.beta / 8, request.beta, k, resident.stride);
  const perSigma = sigma !== undefined && sigma.length !== 1;
  const value = resident.space.kernels.glm(
    GLM_FAMILY[request.family],
    slots.panels,
    n,
    resident.stride,
    yAt,
    slots.alpha,
    typeof alpha === 'number' || alpha.length === 1 ? 0 : 1,
    slots.beta,
    slots.sigma,
    perSigma ? 1 : 0,
    slots.w,
    slots.dbeta,
    request.wantBeta ? 1 : 0,
    perSigma && request.wantSigma ? slots.dsigma : 0,
    slots.scratch,
  );
  const view = resident.space.f64;
  return {
    value: value + outcomeValue,
    wSum: view[slots.scratch / 8]!,
    w: request.wantW ? copyOut(view, slots.w, n) : null,
    dbeta: request.wantBeta ? copyOut(view, slots.dbeta, k) : null,
    dsigma: perSigma && request.wantSigma ? copyOut(view, slots.dsigma, n) : null,
  };
}

/** A new array of `count` doubles from byte offset `at` of the memory (a loop: no subarray view to make). */
function copyOut(view: Float64Array, at: number, count: number): Float64Array {
  const out = newBuffer(count);
  const start = at / 8;
  for (let i = 0; i < count; i++) out[i] = view[start + i]!;
  return out;
}
