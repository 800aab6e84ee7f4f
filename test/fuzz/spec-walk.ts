import type { Json, JsonObject } from './corpus.js';

// Places in a spec that mutations aim at: expression strings (with what they are), statement
// lists, declarations; and a consistent rename of a declared name.

export type JsonPath = (string | number)[];

export const BLOCKS = ['data', 'transformed_data', 'parameters', 'transformed_parameters', 'generated_quantities'] as const;
export type Block = (typeof BLOCKS)[number];

/** What an expression string is: a value, a size (int over data), a bound, or a loop bound. */
export type SlotKind = 'value' | 'size' | 'bound' | 'loop-bound' | 'condition';

export interface Slot {
  readonly path: JsonPath;
  readonly kind: SlotKind;
  /** The object holding it and its key, to read and replace it. */
  readonly holder: JsonObject | Json[];
  readonly key: string | number;
  /** Inside a loop body or a branch (runs an unknown number of times). */
  readonly nested: boolean;
}

export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

export const slotValue = (slot: Slot): Json => (slot.holder as Record<string | number, Json>)[slot.key]!;

export function setSlot(slot: Slot, value: Json): void {
  (slot.holder as Record<string | number, Json>)[slot.key] = value;
}

/** The declarations of a block, as [name, declaration] pairs. */
export function declarations(spec: JsonObject, block: Block): [string, JsonObject][] {
  const record = spec[block];
  return isObject(record) ? (Object.entries(record).filter(([, d]) => isObject(d)) as [string, JsonObject][]) : [];
}

function declarationSlots(spec: JsonObject, slots: Slot[]): void {
  for (const block of BLOCKS) {
    for (const [name, declaration] of declarations(spec, block)) {
      const path: JsonPath = [block, name];
      for (const key of ['size', 'rows', 'cols'] as const) {
        if (typeof declaration[key] === 'string') slots.push({ path: [...path, key], kind: 'size', holder: declaration, key, nested: false });
      }
      for (const key of ['lower', 'upper'] as const) {
        if (typeof declaration[key] === 'string') slots.push({ path: [...path, key], kind: 'bound', holder: declaration, key, nested: false });
      }
      if (typeof declaration['value'] === 'string') slots.push({ path: [...path, 'value'], kind: 'value', holder: declaration, key: 'value', nested: false });
      const sample = declaration['sample'];
      if (isObject(sample) && Array.isArray(sample['args'])) {
        const args = sample['args'];
        args.forEach((a, k) => typeof a === 'string' && slots.push({ path: [...path, 'sample', 'args', k], kind: 'value', holder: args, key: k, nested: false }));
      }
    }
  }
}

/** Every statement list with its path and nesting (0 for the model block). */
export function statementLists(spec: JsonObject): { path: JsonPath; list: Json[]; depth: number }[] {
  const out: { path: JsonPath; list: Json[]; depth: number }[] = [];
  const visit = (list: Json[], path: JsonPath, depth: number): void => {
    out.push({ path, list, depth });
    list.forEach((statement, k) => {
      if (!isObject(statement)) return;
      for (const key of ['body', 'then', 'else']) {
        const inner = statement[key];
        if (Array.isArray(inner)) visit(inner, [...path, k, key], depth + 1);
      }
    });
  };
  if (Array.isArray(spec['model'])) visit(spec['model'], ['model'], 0);
  return out;
}

function statementSlots(spec: JsonObject, slots: Slot[]): void {
  for (const { path, list, depth } of statementLists(spec)) {
    list.forEach((statement, k) => {
      if (!isObject(statement)) return;
      const at: JsonPath = [...path, k];
      const nested = depth > 0;
      const add = (key: string, kind: SlotKind): void => {
        if (typeof statement[key] === 'string') slots.push({ path: [...at, key], kind, holder: statement, key, nested });
      };
      add('target', 'value');
      add('sample', 'value');
      add('if', 'condition');
      add('from', 'loop-bound');
      add('to', 'loop-bound');
      for (const key of ['size', 'rows', 'cols']) add(key, 'size');
      // A local's or an assignment's value (the assigned place itself is not a value).
      add('value', 'value');
      const args = statement['args'];
      if (Array.isArray(args)) args.forEach((a, j) => typeof a === 'string' && slots.push({ path: [...at, 'args', j], kind: 'value', holder: args, key: j, nested }));
    });
  }
}

/** Every expression string of a spec. */
export function expressionSlots(spec: JsonObject): Slot[] {
  const slots: Slot[] = [];
  declarationSlots(spec, slots);
  statementSlots(spec, slots);
  return slots;
}

/** Names declared anywhere: blocks, locals and loop variables. */
export function declaredNames(spec: JsonObject): string[] {
  const names = BLOCKS.flatMap((block) => declarations(spec, block).map(([name]) => name));
  for (const { list } of statementLists(spec)) {
    for (const s of list) {
      if (isObject(s) && typeof s['local'] === 'string') names.push(s['local']);
      if (isObject(s) && typeof s['for'] === 'string') names.push(s['for']);
    }
  }
  return names;
}

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Renames `from` to `to` everywhere it names something: declaration keys (keeping their
 * order), data fields, locals, loop variables and identifiers in expressions (a call
 * `from(...)` is a function, not the name, and is left alone).
 */
export function renameEverywhere(spec: JsonObject, data: JsonObject, from: string, to: string): void {
  const pattern = new RegExp(`(?<![A-Za-z0-9_.])${escape(from)}(?![A-Za-z0-9_])(?!\\s*\\()`, 'g');
  for (const slot of expressionSlots(spec)) setSlot(slot, (slotValue(slot) as string).replace(pattern, to));
  for (const { list } of statementLists(spec)) {
    for (const s of list) {
      if (!isObject(s)) continue;
      if (typeof s['assign'] === 'string') s['assign'] = s['assign'].replace(pattern, to);
      if (s['local'] === from) s['local'] = to;
      if (s['for'] === from) s['for'] = to;
    }
  }
  for (const block of BLOCKS) {
    const record = spec[block];
    if (!isObject(record) || !Object.hasOwn(record, from)) continue;
    spec[block] = renameKey(record, from, to);
  }
  if (Object.hasOwn(data, from)) {
    const renamed = renameKey(data, from, to);
    for (const key of Object.keys(data)) delete data[key];
    Object.assign(data, renamed);
  }
}

/** A copy of `record` with one key renamed, in place of the old one. `__proto__` is set as an own key. */
export function renameKey(record: JsonObject, from: string, to: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) defineOwn(out, key === from ? to : key, value);
  return out;
}

/** Sets an own, enumerable property, even for the key `__proto__` (as JSON.parse does). */
export function defineOwn(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
