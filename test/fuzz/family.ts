import type { Json, JsonObject } from './corpus.js';
import type { Picker } from './picker.js';
import { isObject, statementLists } from './spec-walk.js';

/** A spec and its data, mutated in place. */
export interface Target {
  readonly spec: JsonObject;
  readonly data: JsonObject;
}

/**
 * A family of mutations. `invalid` says what the mutation makes by construction: true, an
 * input leapfrog must refuse (accepting it is a failure); false, an input it must accept
 * (refusing it is reported, not failed); null, either.
 */
export interface Family {
  readonly name: string;
  readonly invalid: boolean | null;
  /** Mutates the target; returns what it did, or undefined when the target has no place for it. */
  readonly apply: (target: Target, pick: Picker) => string | undefined;
}

export const family = (name: string, invalid: boolean | null, apply: Family['apply']): Family => ({ name, invalid, apply });

/** The model block's top-level statements (an empty list if the spec has none). */
export function topStatements(spec: JsonObject): Json[] {
  if (!Array.isArray(spec['model'])) spec['model'] = [];
  return spec['model'] as Json[];
}

/** Appends a statement to the model block. */
export function appendStatement(spec: JsonObject, statement: JsonObject): void {
  topStatements(spec).push(statement);
}

/** A block's record, created when missing. */
export function blockRecord(spec: JsonObject, block: string): JsonObject {
  if (!isObject(spec[block])) spec[block] = {};
  return spec[block] as JsonObject;
}

/** Data fields declared with a type in `kinds` and present in the data, with their values. */
export function declaredData(target: Target, kinds: readonly string[]): { name: string; declaration: JsonObject; value: Json }[] {
  const declared = isObject(target.spec['data']) ? Object.entries(target.spec['data']) : [];
  return declared
    .filter(([name, d]) => isObject(d) && kinds.includes(String(d['type'])) && Object.hasOwn(target.data, name))
    .map(([name, d]) => ({ name, declaration: d as JsonObject, value: target.data[name]! }));
}

/** Int data fields that some declaration uses as a size (`"size": "N"`). */
export function sizeFields(target: Target): string[] {
  const ints = new Set(declaredData(target, ['int']).map((d) => d.name));
  const used = new Set<string>();
  const visit = (declaration: Json): void => {
    if (!isObject(declaration)) return;
    for (const key of ['size', 'rows', 'cols']) {
      const size = declaration[key];
      if (typeof size === 'string' && ints.has(size)) used.add(size);
    }
  };
  for (const block of ['data', 'transformed_data', 'parameters', 'transformed_parameters', 'generated_quantities']) {
    const record = target.spec[block];
    if (isObject(record)) Object.values(record).forEach(visit);
  }
  for (const { list } of statementLists(target.spec)) list.forEach(visit);
  return [...used].sort();
}

/** Statements that declare nothing (`sample`, `target`), so that wrapping them hides no name. */
export function plainStatementIndices(spec: JsonObject): number[] {
  return topStatements(spec).flatMap((s, k) => (isObject(s) && ('sample' in s || 'target' in s) ? [k] : []));
}
