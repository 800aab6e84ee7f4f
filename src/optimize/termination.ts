/**
 * The termination tests of Stan's BFGS/L-BFGS optimizer (stan/optimization/bfgs.hpp; CmdStan
 * manual, "Optimization"), on the minimised objective f = −log p, in Stan's order:
 *
 *   |f_k − f_{k−1}| < tolObj                                         absolute objective
 *   ||∇f_k|| < tolGrad                                               absolute gradient
 *   ||x_k − x_{k−1}|| < tolParam                                     absolute parameter
 *   k >= maxIterations                                               iteration cap
 *   |f_k − f_{k−1}| / max(|f_k|, |f_{k−1}|, 1) < tolRelObj · eps      relative objective
 *   ∇f_k' Ĥ⁻¹ ∇f_k / max(|f_k|, 1) < tolRelGrad · eps                 relative gradient
 *
 * with eps the double-precision machine epsilon and Ĥ⁻¹ the L-BFGS inverse-Hessian
 * approximation. The relative tolerances are multiples of eps, as in Stan.
 */

export interface Tolerances {
  readonly tolObj: number;
  readonly tolRelObj: number;
  readonly tolGrad: number;
  readonly tolRelGrad: number;
  readonly tolParam: number;
}

/** CmdStan's defaults. */
export const defaultTolerances: Tolerances = { tolObj: 1e-12, tolRelObj: 1e4, tolGrad: 1e-8, tolRelGrad: 1e7, tolParam: 1e-8 };

export type TerminationReason =
  | 'absolute-objective'
  | 'absolute-gradient'
  | 'absolute-parameter'
  | 'max-iterations'
  | 'relative-objective'
  | 'relative-gradient'
  | 'line-search-failed';

/** Stan's wording of each reason. */
export const terminationMessages: Readonly<Record<TerminationReason, string>> = {
  'absolute-objective': 'Convergence detected: absolute change in objective function was below tolerance',
  'absolute-gradient': 'Convergence detected: gradient norm is below tolerance',
  'absolute-parameter': 'Convergence detected: absolute parameter change was below tolerance',
  'max-iterations': 'Maximum number of iterations hit, may not be at an optima',
  'relative-objective': 'Convergence detected: relative change in objective function was below tolerance',
  'relative-gradient': 'Convergence detected: relative gradient magnitude is below tolerance',
  'line-search-failed': 'Line search failed to achieve a sufficient decrease, no more progress can be made',
};

export interface IterationChange {
  readonly iteration: number;
  readonly maxIterations: number;
  readonly previousValue: number;
  readonly value: number;
  readonly gradientNorm: number;
  readonly stepNorm: number;
}

/** The first test met before the quasi-Newton update, or undefined. */
export function checkTermination(change: IterationChange, tolerances: Tolerances): TerminationReason | undefined {
  const decrease = Math.abs(change.value - change.previousValue);
  if (decrease < tolerances.tolObj) return 'absolute-objective';
  if (change.gradientNorm < tolerances.tolGrad) return 'absolute-gradient';
  if (change.stepNorm < tolerances.tolParam) return 'absolute-parameter';
  if (change.iteration >= change.maxIterations) return 'max-iterations';
  const scale = Math.max(Math.abs(change.value), Math.abs(change.previousValue), 1);
  if (decrease / scale < tolerances.tolRelObj * Number.EPSILON) return 'relative-objective';
  return undefined;
}

/** The relative-gradient test, given ∇f' Ĥ⁻¹ ∇f after the update. */
export function relativeGradientMet(gradientInHessianNorm: number, value: number, tolerances: Tolerances): boolean {
  return gradientInHessianNorm / Math.max(Math.abs(value), 1) < tolerances.tolRelGrad * Number.EPSILON;
}
