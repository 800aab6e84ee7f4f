import type { CompiledModel } from '../models/model.js';
import type { ChainState, Metric } from './kernel.js';
import { kineticEnergy, kineticEnergyGrad } from './metric.js';

/**
 * A point in phase space with its cached log density and gradient: the working buffer that
 * an integrator advances in place. Kernels allocate a few per transition (never per step) and
 * return immutable `ChainState`s; a `PhasePoint` never leaves a kernel.
 */
export interface PhasePoint {
  readonly position: Float64Array;
  readonly momentum: Float64Array;
  readonly logDensityGrad: Float64Array;
  logDensity: number;
}

export function makePhasePoint(dim: number): PhasePoint {
  return {
    position: new Float64Array(dim),
    momentum: new Float64Array(dim),
    logDensityGrad: new Float64Array(dim),
    logDensity: Number.NaN,
  };
}

/** A phase point at a chain state, momentum zero (the caller then draws it). */
export function phasePointAt(state: ChainState): PhasePoint {
  return {
    position: Float64Array.from(state.position),
    momentum: new Float64Array(state.position.length),
    logDensityGrad: Float64Array.from(state.logDensityGrad),
    logDensity: state.logDensity,
  };
}

export function copyPhasePoint(from: PhasePoint, to: PhasePoint): void {
  to.position.set(from.position);
  to.momentum.set(from.momentum);
  to.logDensityGrad.set(from.logDensityGrad);
  to.logDensity = from.logDensity;
}

/** The (immutable) chain state at a phase point: fresh copies, momentum dropped. */
export function chainStateAt(point: PhasePoint): ChainState {
  return {
    position: Float64Array.from(point.position),
    logDensity: point.logDensity,
    logDensityGrad: Float64Array.from(point.logDensityGrad),
  };
}

/**
 * The Hamiltonian H = -log density + K(p) (Betancourt 2017, section 4, with the potential
 * energy written as minus the log density). NaN (a failed evaluation) is mapped to +Infinity, as
 * Stan's base_nuts and NumPyro do, so every comparison treats it as an infinite energy error.
 */
export function hamiltonian(metric: Metric, point: PhasePoint, scratch?: Float64Array): number {
  const energy = -point.logDensity + kineticEnergy(metric, point.momentum, scratch);
  return Number.isNaN(energy) ? Number.POSITIVE_INFINITY : energy;
}

/**
 * A palindromic splitting integrator for H = -log density(q) + K(p), generated from its
 * coefficients as in BlackJAX `integrators.py`: [b1, a1, b2, a2, ..., b1], where the b's
 * (even positions) scale momentum updates p += b eps grad log density(q) and the a's (odd
 * positions) scale position updates q += a eps M^{-1} p (Blanes, Casas & Sanz-Serna 2014,
 * "Numerical integrators for the Hybrid Monte Carlo method", section 2).
 */
export interface Integrator {
  readonly coefficients: readonly number[];
  /** Log-density gradient evaluations per step: one per position update. */
  readonly gradientEvaluationsPerStep: number;
  /**
   * Advances `point` in place by one step of `stepSize` (negative = backward in time).
   * Returns false as soon as the log density or any gradient entry is not finite (the
   * point is then part-way through the step and must be discarded); never throws for that.
   * `velocity` is scratch space of length dim.
   */
  step(model: CompiledModel, metric: Metric, stepSize: number, point: PhasePoint, velocity: Float64Array): boolean;
}

/**
 * Builds an integrator from its coefficients. They must be palindromic (so the integrator is
 * time-reversible and symplectic, hence a valid HMC proposal) and each family must sum to 1
 * (consistency: one step advances time by exactly eps).
 */
export function makeIntegrator(coefficients: readonly number[]): Integrator {
  validateCoefficients(coefficients);
  const stages = Object.freeze([...coefficients]);
  return {
    coefficients: stages,
    gradientEvaluationsPerStep: (stages.length - 1) / 2,
    step: (model, metric, stepSize, point, velocity) => {
      const { position, momentum, logDensityGrad } = point;
      const diag = metric.kind === 'diag' ? metric.inverseMassDiag : null;
      const dim = momentum.length;
      for (let stage = 0; stage < stages.length; stage++) {
        const scaledStep = stages[stage]! * stepSize;
        if (stage % 2 === 0) {
          const positionStep = stage + 1 < stages.length ? stages[stage + 1]! * stepSize : 0;
          if (diag !== null && stage + 1 < stages.length) {
            // A momentum update and the position update after it in one pass (diagonal
            // metric: the velocity of each coordinate is its own momentum scaled).
            for (let i = 0; i < dim; i++) {
              const p = momentum[i]! + scaledStep * logDensityGrad[i]!;
              momentum[i] = p;
              const v = diag[i]! * p;
              velocity[i] = v;
              position[i]! += positionStep * v;
            }
            stage += 1;
            if (!evaluate(model, point)) return false;
            continue;
          }
          for (let i = 0; i < dim; i++) momentum[i]! += scaledStep * logDensityGrad[i]!;
          continue;
        }
        kineticEnergyGrad(metric, momentum, velocity);
        for (let i = 0; i < dim; i++) position[i]! += scaledStep * velocity[i]!;
        if (!evaluate(model, point)) return false;
      }
      return true;
    },
  };
}

/**
 * The log density and gradient at `point.position`, into the point; false if either is
 * not finite anywhere (copy and check in one pass).
 */
function evaluate(model: CompiledModel, point: PhasePoint): boolean {
  if (model.logDensityAndGradientInto !== undefined) {
    const out = point.logDensityGrad;
    const logDensity = model.logDensityAndGradientInto(point.position, out);
    point.logDensity = logDensity;
    let finite = Number.isFinite(logDensity);
    // value - value is 0 for finite values and NaN for infinities and NaN.
    for (let i = 0; i < out.length; i++) finite = finite && out[i]! - out[i]! === 0;
    return finite;
  }
  const evaluated = model.logDensityAndGradient(point.position);
  point.logDensity = evaluated.logDensity;
  const gradient = evaluated.gradient;
  const out = point.logDensityGrad;
  let finite = Number.isFinite(evaluated.logDensity);
  for (let i = 0; i < out.length; i++) {
    const value = gradient[i]!;
    out[i] = value;
    // value - value is 0 for finite values and NaN for infinities and NaN.
    finite = finite && value - value === 0;
  }
  return finite;
}

function validateCoefficients(coefficients: readonly number[]): void {
  const count = coefficients.length;
  if (count < 3 || count % 2 === 0) {
    throw new Error(
      `makeIntegrator: ${count} coefficients given, but there must be an odd number >= 3 ` +
        '([b1, a1, ..., b1], e.g. [0.5, 1, 0.5] for leapfrog)',
    );
  }
  let momentumSum = 0;
  let positionSum = 0;
  for (let i = 0; i < count; i++) {
    const value = coefficients[i]!;
    if (!Number.isFinite(value)) throw new Error(`makeIntegrator: coefficients[${i}] is ${value}, but must be finite`);
    if (Math.abs(value - coefficients[count - 1 - i]!) > 1e-12) {
      throw new Error(
        `makeIntegrator: coefficients[${i}] is ${value} but coefficients[${count - 1 - i}] is ` +
          `${coefficients[count - 1 - i]}; they must be equal (palindromic, for reversibility)`,
      );
    }
    if (i % 2 === 0) momentumSum += value;
    else positionSum += value;
  }
  if (Math.abs(momentumSum - 1) > 1e-12 || Math.abs(positionSum - 1) > 1e-12) {
    throw new Error(
      `makeIntegrator: momentum coefficients sum to ${momentumSum} and position coefficients to ` +
        `${positionSum}, but each must sum to 1`,
    );
  }
}

/** Velocity Verlet / leapfrog (Neal 2011, "MCMC using Hamiltonian dynamics", section 2.3). */
export const leapfrog = makeIntegrator([0.5, 1, 0.5]);

const MCLACHLAN_B1 = 0.1931833275037836;

/**
 * McLachlan's (1995) two-stage minimum-error integrator (b1 = 0.1932, as in Blanes et al.
 * 2014 and BlackJAX's `mclachlan` coefficients): two gradients per step, smaller energy error than
 * two leapfrog steps of half the size on near-Gaussian targets.
 */
export const mclachlan = makeIntegrator([MCLACHLAN_B1, 0.5, 1 - 2 * MCLACHLAN_B1, 0.5, MCLACHLAN_B1]);
