import { Box, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { DataRecord } from '../api/data.js';
import type { ParameterSlot } from '../api/parameters.js';
import type { Target } from '../api/target.js';
import type { Distribution } from '../distributions/distribution.js';
import { declaredConstraintViolation } from './declared-constraint.js';
import { drawWithShape } from './draw-shape.js';
import type { ParameterView } from './parameter-view.js';

// The targets of forward (ancestral) sampling. A run of the model block goes until the
// first sampling statement on a parameter not drawn yet, draws it there and stops (the
// DrawnSignal); the next run starts over with that parameter fixed. After one run per
// parameter every parameter is drawn in the order the model block reaches them, each from
// a distribution computed from parameters drawn before it.

export const SUGGESTION =
  'forward sampling draws each parameter from its own sampling statement, target.sample(parameter, distribution); ' +
  'give every parameter a proper prior that way, or sample the prior-only model (no data statements) with NUTS';

/** Thrown (not an Error, so no model code wraps it) to end a run once a parameter is drawn. */
export class DrawnSignal {
  constructor(
    readonly name: string,
    readonly value: Primal,
  ) {}
}

const withLabel = (label: string | undefined): string => (label === undefined ? '' : ` (${label})`);

/** A run with some parameters still placeholders (traced values); adds are left to CheckTarget. */
export class ForwardTarget implements Target {
  readonly total: Value = 0;

  constructor(
    private readonly slots: ReadonlyMap<Value, ParameterSlot>,
    private readonly view: ParameterView,
    private readonly drawn: Readonly<Record<string, Value>>,
    private readonly data: DataRecord,
    private readonly rng: Rng,
    private readonly place: string,
  ) {}

  add(_term: Value, _label?: string): void {}

  sample(x: Value, distribution: Distribution, label?: string): void {
    if (!(x instanceof Box)) return; // data, or a parameter drawn in an earlier run
    const slot = this.slots.get(x);
    if (slot === undefined) {
      const read = [...this.view.placeholderReads].join(', ');
      throw new Error(
        `${this.place}: a sampling statement${withLabel(label)} has a left-hand side computed from parameters not drawn yet (${read}), not a parameter itself; ${SUGGESTION}`,
      );
    }
    const read = [...this.view.placeholderReads].filter((n) => n !== slot.name);
    // Reading only itself: its distribution is computed from the parameter being drawn.
    const others = read.length > 0 ? read : [slot.name];
    const usedTooEarly = (): Error =>
      new Error(
        `${this.place}: the prior of '${slot.name}'${withLabel(label)} uses parameter${others.length === 1 ? '' : 's'} ${others.map((n) => `'${n}'`).join(', ')} ` +
          `before ${others.length === 1 ? 'its' : 'their'} own sampling statement; put each parameter's sampling statement before its first use`,
      );
    let value: Primal;
    try {
      value = drawWithShape(distribution, slot.shape, this.rng, `${this.place}: parameter '${slot.name}'`);
    } catch (error) {
      if (read.length > 0) throw usedTooEarly();
      throw error;
    }
    // Traced iff the distribution was computed from a placeholder (a parameter used before
    // its own statement); −∞ there means a placeholder made some argument invalid.
    const logProb = distribution.logProb(value);
    if (logProb instanceof Box || (read.length > 0 && !Number.isFinite(logProb as number))) throw usedTooEarly();
    const violation = declaredConstraintViolation(slot, value, this.drawn, this.data);
    if (violation !== undefined) {
      throw new Error(
        `${this.place}: the prior draw of ${violation}; the sampling statement${withLabel(label)} must give draws inside the declared support ` +
          '(use a distribution with that support, e.g. halfNormal or lognormal for a positive parameter)',
      );
    }
    throw new DrawnSignal(slot.name, value);
  }
}

/**
 * A run with one parameter traced and the others plain: finds what forward sampling
 * cannot draw from, terms of the density that involve the parameter other than its one
 * sampling statement (a target.add prior or Jacobian, a statement on a function of it, a
 * second statement on it). Statements on data, whose distributions involve it, are fine.
 */
export class CheckTarget implements Target {
  readonly total: Value = 0;
  private statements = 0;

  constructor(
    private readonly traced: Value,
    private readonly name: string,
    private readonly place: string,
  ) {}

  add(term: Value, label?: string): void {
    if (term instanceof Box) {
      throw new Error(`${this.place}: a target.add term${withLabel(label)} involves parameter '${this.name}', so its prior is not given by sampling statements alone; ${SUGGESTION}`);
    }
  }

  sample(x: Value, _distribution: Distribution, label?: string): void {
    if (x === this.traced) {
      if (++this.statements > 1) throw new Error(`${this.place}: parameter '${this.name}' has a second sampling statement${withLabel(label)}; ${SUGGESTION}`);
      return;
    }
    if (x instanceof Box) {
      throw new Error(`${this.place}: a sampling statement${withLabel(label)} is on a value computed from parameter '${this.name}', not on the parameter itself; ${SUGGESTION}`);
    }
  }
}
