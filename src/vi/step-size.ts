/**
 * Step-size sequences for stochastic gradient ascent on the variational parameters, as pure
 * `init` / `step` pairs over a readonly state. `step` returns the increment to add to lambda.
 */

export type StepSequenceKind = 'stan' | 'adam';

export interface StepState {
  /** Steps taken so far (the next step is iteration + 1). */
  readonly iteration: number;
  /** Stan: unused (zeros). Adam: first-moment estimate m. */
  readonly first: Float64Array;
  /** Stan: s_k, the weighted running mean of squared gradients. Adam: second moment v. */
  readonly second: Float64Array;
}

export interface StepResult {
  readonly state: StepState;
  readonly increment: Float64Array;
}

export function initialStepState(size: number): StepState {
  return { iteration: 0, first: new Float64Array(size), second: new Float64Array(size) };
}

/** Weight of the newest squared gradient in s_k (Kucukelbir et al. 2017, section 3.3). */
const STAN_ALPHA = 0.1;
/** tau, keeping the step finite while s_k is tiny. */
const STAN_TAU = 1;
/** The paper's epsilon in k^(-1/2 + epsilon); Stan uses 1/sqrt(k), the same in double precision. */
const STAN_EPSILON = 1e-16;

/**
 * ADVI's adaptive step-size sequence (Kucukelbir et al. 2017, eqs. 11–12; Stan's
 * advi::stochastic_gradient_ascent):
 *
 *   rho_k = eta · k^(−1/2 + eps) / (tau + sqrt(s_k)),   s_k = alpha g_k² + (1 − alpha) s_{k−1},
 *
 * elementwise, with s_1 = g_1² (Stan starts the running mean at the first gradient).
 */
export function stanStep(state: StepState, gradient: Float64Array, eta: number): StepResult {
  const k = state.iteration + 1;
  const second = new Float64Array(gradient.length);
  const increment = new Float64Array(gradient.length);
  const scale = eta * Math.pow(k, -0.5 + STAN_EPSILON);
  for (let i = 0; i < gradient.length; i++) {
    const squared = gradient[i]! * gradient[i]!;
    second[i] = k === 1 ? squared : STAN_ALPHA * squared + (1 - STAN_ALPHA) * state.second[i]!;
    increment[i] = (scale * gradient[i]!) / (STAN_TAU + Math.sqrt(second[i]!));
  }
  return { state: { iteration: k, first: state.first, second }, increment };
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * Adam (Kingma & Ba 2015, "Adam: a method for stochastic optimization", ICLR, algorithm 1)
 * with its default moment decays, as an ascent step with learning rate eta.
 */
export function adamStep(state: StepState, gradient: Float64Array, eta: number): StepResult {
  const k = state.iteration + 1;
  const first = new Float64Array(gradient.length);
  const second = new Float64Array(gradient.length);
  const increment = new Float64Array(gradient.length);
  const firstCorrection = 1 - Math.pow(ADAM_BETA1, k);
  const secondCorrection = 1 - Math.pow(ADAM_BETA2, k);
  for (let i = 0; i < gradient.length; i++) {
    first[i] = ADAM_BETA1 * state.first[i]! + (1 - ADAM_BETA1) * gradient[i]!;
    second[i] = ADAM_BETA2 * state.second[i]! + (1 - ADAM_BETA2) * gradient[i]! * gradient[i]!;
    increment[i] = (eta * (first[i]! / firstCorrection)) / (Math.sqrt(second[i]! / secondCorrection) + ADAM_EPSILON);
  }
  return { state: { iteration: k, first, second }, increment };
}

export function stepFunction(kind: StepSequenceKind): (state: StepState, gradient: Float64Array, eta: number) => StepResult {
  switch (kind) {
    case 'stan':
      return stanStep;
    case 'adam':
      return adamStep;
    default: {
      const unknown: never = kind;
      throw new Error(`stepFunction: optimizer is '${String(unknown)}', but must be 'stan' or 'adam'`);
    }
  }
}
