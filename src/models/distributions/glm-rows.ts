import type { RowReads } from '../../ad/compile/plan.js';
import { substitute, type ScalarExpr } from '../../ad/scalar/expr.js';
import type { Tensor } from '../../ad/tensor.js';
import type { FusedDensity } from './fused.js';

// What the GLMs (normal_id_glm, poisson_log_glm, bernoulli_logit_glm) share when compiled
// gradients (src/ad/compile) take them row by row into their fused loop: the linear
// predictor α_i + Σ_j x_ij β_j written out (x's columns as data arrays, β's elements one
// cell each), so the likelihood fuses with what produces its arguments (an intercept
// read through a group index, its gradient added there) and no kernel is called.

/**
 * Up to how many predictors a family's GLM is planned per row; past it the kernel runs
 * (WebAssembly SIMD for many predictors). Set where rows stopped beating the kernel at
 * N = 1000 (the measurement is in the commit that set them): the written-out sum grows with
 * K while the kernel's pass is vectorised. bernoulli_logit_glm's kernel beat its written-out
 * −log1p_exp((1 − 2y)·η) rows even at K = 1, so it keeps the kernel.
 */
export const ROW_PREDICTORS = { normal: 5, poisson: 8, bernoulli: 0 } as const;

/** Column j of the [n, k] data x (x's own array when it has one column). */
function predictorColumn(x: Tensor, n: number, k: number, j: number): Float64Array {
  if (k === 1) return x.data;
  const column = new Float64Array(n);
  for (let i = 0; i < n; i++) column[i] = x.data[i * k + j]!;
  return column;
}

/**
 * α_i + Σ_j x_ij β_j for one row, β being argument `betaArgument` ([k], or a scalar when
 * k = 1), with the finiteness of β's traced cells (null where a read is not possible).
 */
export function linearPredictorRow(
  reads: RowReads,
  x: Tensor,
  layout: { readonly n: number; readonly k: number },
  alpha: ScalarExpr,
  betaArgument: number,
): { readonly eta: ScalarExpr; readonly betaFinite: ScalarExpr | null } | null {
  const { e } = reads;
  let eta = alpha;
  let betaFinite: ScalarExpr | null = null;
  for (let j = 0; j < layout.k; j++) {
    const beta = reads.cell(betaArgument, j);
    if (beta === null) return null;
    eta = e.add(eta, e.mul(reads.data(predictorColumn(x, layout.n, layout.k, j)), beta));
    if (reads.traced[betaArgument] === true) betaFinite = betaFinite === null ? e.isFinite(beta) : e.and(betaFinite, e.isFinite(beta));
  }
  return { eta, betaFinite };
}

/** A declared density's element expression at the given arguments, in the reads' builder. */
export function densityAt(reads: RowReads, density: FusedDensity, args: readonly ScalarExpr[]): ScalarExpr | undefined {
  const declaration = density.declaration;
  if (declaration === undefined) return undefined;
  return substitute(reads.e.b, [declaration.value], (node) => (node.kind === 'input' ? args[node.index] : undefined))[0];
}
