import { primal, type Primal, type Value } from '../../ad/trace.js';
import type { DataRecord } from '../api/data.js';
import { describeDeclaration } from '../api/declarations.js';
import { indexText } from '../api/names.js';
import { constraintOf, type ParameterSlot, type ResolvedBound } from '../api/parameters.js';
import type { Constraint } from '../constraints.js';
import { isStructured, structureViolation } from '../transforms/membership.js';

// A parameter drawn from its prior must lie where its declaration says (Stan would reject
// the point): `sigma ~ normal(0, 1)` for `real<lower=0> sigma` is an improper prior for
// forward sampling, since half of its draws are outside the support. The check returns
// the first offending element as a message naming it, the value and the rule.

function boundValue(bound: ResolvedBound, parameters: Readonly<Record<string, Value>>, data: DataRecord): Primal | undefined {
  if (bound === undefined) return undefined;
  return primal(typeof bound === 'function' ? bound(parameters, data) : bound);
}

const elementOf = (bound: Primal, k: number): number => (typeof bound === 'number' ? bound : bound.data[bound.data.length === 1 ? 0 : k]!);

function boundsBroken(constraint: Constraint, values: Float64Array): { index: number; rule: string } | undefined {
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!;
    if (!Number.isFinite(x)) return { index: k, rule: 'finite' };
    if ((constraint.kind === 'lower' || constraint.kind === 'interval') && x < elementOf(primal(constraint.lower), k)) {
      return { index: k, rule: `≥ ${elementOf(primal(constraint.lower), k)}` };
    }
    if ((constraint.kind === 'upper' || constraint.kind === 'interval') && x > elementOf(primal(constraint.upper), k)) {
      return { index: k, rule: `≤ ${elementOf(primal(constraint.upper), k)}` };
    }
  }
  return undefined;
}

/** Why `value` breaks `slot`'s declaration, or undefined when it satisfies it. */
export function declaredConstraintViolation(slot: ParameterSlot, value: Primal, parameters: Readonly<Record<string, Value>>, data: DataRecord): string | undefined {
  const bounds = { lower: boundValue(slot.bounds.lower, parameters, data), upper: boundValue(slot.bounds.upper, parameters, data) };
  const constraint = constraintOf(slot.declaration, bounds);
  const values = typeof value === 'number' ? Float64Array.of(value) : value.data;
  const broken = boundsBroken(constraint, values) ?? (isStructured(constraint.kind) ? structureViolation(constraint.kind, values, slot.shape) : undefined);
  if (broken === undefined) return undefined;
  return `${slot.name}${indexText(slot.shape, broken.index)} is ${values[broken.index]}, but must be ${broken.rule} (declared ${describeDeclaration(slot.declaration)})`;
}
