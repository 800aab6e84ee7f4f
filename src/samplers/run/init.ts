import type { CompiledModel } from '../../models/model.js';
import type { Rng } from '../../random/rng.js';

/**
 * Chain initialisation as Stan's (stan/services/util/initialize.hpp): draw each unconstrained
 * coordinate uniformly from (-radius, radius), default radius 2, and retry up to 100 times
 * until the log density and every gradient coordinate are finite. Radius 0 starts at the
 * origin (one try). A user-given unconstrained position is checked once, without retries.
 */

export interface InitOptions {
  /** Half-width of the uniform draws on the unconstrained scale (Stan's init radius). */
  readonly radius?: number;
  /** A starting point on the unconstrained scale (length model.dim); no random draws. */
  readonly position?: Float64Array;
  /** Attempts before giving up (Stan: 100). */
  readonly maxTries?: number;
  /** Whether the gradient must be finite too (default true; false for Metropolis). */
  readonly requireGradient?: boolean;
}

export const defaultInitRadius = 2;
export const defaultInitTries = 100;

/** What was wrong at one rejected starting point. */
function describeFailure(model: CompiledModel, position: Float64Array, requireGradient: boolean): string[] {
  const terms = model.nonFiniteTerms?.(position);
  if (terms !== undefined && terms.length > 0) return terms;
  if (!requireGradient) return [`log density (${model.logDensity(position)})`];
  const { logDensity, gradient } = model.logDensityAndGradient(position);
  if (!Number.isFinite(logDensity)) return [`log density (${logDensity})`];
  const coordinates: string[] = [];
  gradient.forEach((value, index) => {
    if (!Number.isFinite(value)) coordinates.push(`gradient[${index + 1}] (${value})`);
  });
  return coordinates;
}

function isFinitePoint(model: CompiledModel, position: Float64Array, requireGradient: boolean): boolean {
  if (!requireGradient) return Number.isFinite(model.logDensity(position));
  const { logDensity, gradient } = model.logDensityAndGradient(position);
  return Number.isFinite(logDensity) && gradient.every(Number.isFinite);
}

function formatCounts(counts: Map<string, number>, tries: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([term, count]) => (tries === 1 ? term : `${term} (in ${count} of ${tries} tries)`))
    .join(', ');
}

function checkUserPosition(model: CompiledModel, position: Float64Array, requireGradient: boolean): Float64Array {
  if (position.length !== model.dim) {
    throw new Error(
      `initialize: the initial position has length ${position.length}, but the model has ` +
        `${model.dim} unconstrained coordinates`,
    );
  }
  if (!isFinitePoint(model, position, requireGradient)) {
    const terms = describeFailure(model, position, requireGradient);
    throw new Error(
      `initialize: the log density or its gradient is not finite at the given initial ` +
        `values; non-finite: ${terms.join(', ') || 'unknown term'}. Give initial values ` +
        `inside the support of every distribution.`,
    );
  }
  return Float64Array.from(position);
}

/**
 * A starting position on the unconstrained scale where the log density and its gradient are
 * finite. Throws, naming the non-finite log-density terms, when every try fails.
 */
export function initialPosition(model: CompiledModel, rng: Rng, options: InitOptions = {}): Float64Array {
  const requireGradient = options.requireGradient ?? true;
  if (options.position !== undefined) return checkUserPosition(model, options.position, requireGradient);
  const radius = options.radius ?? defaultInitRadius;
  if (!(radius >= 0) || !Number.isFinite(radius)) {
    throw new Error(`initialize: radius is ${radius}, but must be finite and non-negative`);
  }
  const maxTries = radius === 0 ? 1 : (options.maxTries ?? defaultInitTries);
  const failures = new Map<string, number>();
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const position = new Float64Array(model.dim);
    // Radius 0 is Stan's init=0: the origin, drawing nothing.
    if (radius > 0) for (let i = 0; i < model.dim; i++) position[i] = radius * (2 * rng.uniform() - 1);
    if (isFinitePoint(model, position, requireGradient)) return position;
    for (const term of describeFailure(model, position, requireGradient)) {
      failures.set(term, (failures.get(term) ?? 0) + 1);
    }
  }
  const where = radius === 0 ? 'at the origin' : `drawn uniformly from (-${radius}, ${radius})`;
  throw new Error(
    `initialize: rejected ${maxTries} initial value${maxTries === 1 ? '' : 's'} ${where} on the ` +
      `unconstrained scale: the log density or its gradient was not finite; non-finite: ` +
      `${formatCounts(failures, maxTries) || 'unknown term'}. Check the data and the ` +
      `supports of the distributions, give initial values, or try a smaller init radius.`,
  );
}
