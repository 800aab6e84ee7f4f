/**
 * The limited-memory BFGS inverse-Hessian approximation (Nocedal & Wright 2006, "Numerical
 * Optimization", 2nd ed., section 7.2): the last `capacity` pairs s_k = x_{k+1} − x_k,
 * y_k = ∇f_{k+1} − ∇f_k, applied to a vector by the two-loop recursion (algorithm 7.4)
 * with the initial matrix H0 = gamma I, gamma = s'y / y'y of the newest pair (eq. 7.20).
 */

export interface LbfgsHistory {
  /** Oldest first. */
  readonly steps: readonly Float64Array[];
  readonly gradientChanges: readonly Float64Array[];
  readonly capacity: number;
}

export function emptyHistory(capacity: number): LbfgsHistory {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`lbfgs: history is ${capacity}, but must be a positive integer`);
  return { steps: [], gradientChanges: [], capacity };
}

export function dotProduct(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dotProduct(a, a));
}

/**
 * The history with (s, y) added (the oldest pair dropped when full). A pair without positive
 * curvature s'y > 0 would make the approximation indefinite; it is skipped (N&W section
 * 7.2; the strong Wolfe conditions guarantee s'y > 0 in exact arithmetic).
 */
export function pushPair(history: LbfgsHistory, step: Float64Array, gradientChange: Float64Array): LbfgsHistory {
  const curvature = dotProduct(step, gradientChange);
  if (!(curvature > Number.EPSILON * dotProduct(gradientChange, gradientChange))) return history;
  return {
    steps: [...history.steps, step].slice(-history.capacity),
    gradientChanges: [...history.gradientChanges, gradientChange].slice(-history.capacity),
    capacity: history.capacity,
  };
}

/** H g by the two-loop recursion (N&W algorithm 7.4); g itself for an empty history. */
export function applyInverseHessian(history: LbfgsHistory, gradient: Float64Array): Float64Array {
  const { steps, gradientChanges } = history;
  const count = steps.length;
  const q = Float64Array.from(gradient);
  const alphas = new Float64Array(count);
  const rhos = new Float64Array(count);
  for (let k = count - 1; k >= 0; k--) {
    rhos[k] = 1 / dotProduct(gradientChanges[k]!, steps[k]!);
    alphas[k] = rhos[k]! * dotProduct(steps[k]!, q);
    const y = gradientChanges[k]!;
    for (let i = 0; i < q.length; i++) q[i]! -= alphas[k]! * y[i]!;
  }
  if (count > 0) {
    const newest = count - 1;
    const gamma = dotProduct(steps[newest]!, gradientChanges[newest]!) / dotProduct(gradientChanges[newest]!, gradientChanges[newest]!);
    for (let i = 0; i < q.length; i++) q[i]! *= gamma;
  }
  for (let k = 0; k < count; k++) {
    const beta = rhos[k]! * dotProduct(gradientChanges[k]!, q);
    const s = steps[k]!;
    for (let i = 0; i < q.length; i++) q[i]! += s[i]! * (alphas[k]! - beta);
  }
  return q;
}
