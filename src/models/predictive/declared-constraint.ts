import { primal, type Primal, type Value } from '../../ad/trace.js';
import type { DataRecord } from '../api/data.js';
import { describeDeclaration } from '../api/declarations.js';
import { indexText } from '../api/names.js';
import { constraintOf, type ParameterSlot, type ResolvedBound } from '../api/parameters.js';
import type { Constraint } from '../constraints.js';

// A parameter drawn from its prior must lie where its declaration says (Stan would reject
// the point): `sigma ~ normal(0, 1)` for `real<lower=0> sigma` is an improper prior for
// forward sampling, since half of its draws are outside the support. The check returns
// the first offending element as a message naming it, the value and the rule.

const TOLERANCE = 1e-8;

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

function structureBroken(kind: Constraint['kind'], values: Float64Array, n: number): { index: number; rule: string } | undefined {
  if (kind === 'simplex') {
    const negative = values.findIndex((x) => x < 0);
    if (negative >= 0) return { index: negative, rule: 'non-negative (a simplex)' };
    const total = values.reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > TOLERANCE * values.length) return { index: values.length - 1, rule: `part of a simplex, but the elements sum to ${total}` };
  }
  if (kind === 'ordered' || kind === 'positiveOrdered') {
    if (kind === 'positiveOrdered' && values.length > 0 && !(values[0]! > 0)) return { index: 0, rule: 'positive (positive_ordered)' };
    for (let k = 1; k < values.length; k++) if (!(values[k]! > values[k - 1]!)) return { index: k, rule: `greater than the element before it (${values[k - 1]}), as ordered` };
  }
  if (kind === 'choleskyCorr' || kind === 'choleskyCov') {
    for (let i = 0; i < n; i++) {
      if (!(values[i * n + i]! > 0)) return { index: i * n + i, rule: 'positive (a Cholesky factor\'s diagonal)' };
      for (let j = i + 1; j < n; j++) if (values[i * n + j] !== 0) return { index: i * n + j, rule: '0 (a Cholesky factor is lower triangular)' };
      if (kind === 'choleskyCorr') {
        let norm = 0;
        for (let j = 0; j <= i; j++) norm += values[i * n + j]! ** 2;
        if (Math.abs(norm - 1) > TOLERANCE * n) return { index: i * n + i, rule: `in a row of unit length (choleskyCorr), but row ${i + 1} has squared length ${norm}` };
      }
    }
  }
  return undefined;
}

/** Why `value` breaks `slot`'s declaration, or undefined when it satisfies it. */
export function declaredConstraintViolation(slot: ParameterSlot, value: Primal, parameters: Readonly<Record<string, Value>>, data: DataRecord): string | undefined {
  const constraint = constraintOf(slot.declaration, boundValue(slot.lower, parameters, data), boundValue(slot.upper, parameters, data));
  const values = typeof value === 'number' ? Float64Array.of(value) : value.data;
  const broken = boundsBroken(constraint, values) ?? structureBroken(constraint.kind, values, slot.shape[0] ?? 1);
  if (broken === undefined) return undefined;
  return `${slot.name}${indexText(slot.shape, broken.index)} is ${values[broken.index]}, but must be ${broken.rule} (declared ${describeDeclaration(slot.declaration)})`;
}
