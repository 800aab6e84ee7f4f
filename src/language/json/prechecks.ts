import { raiseHint } from '../../models/api/limits.js';
import type { SpecIssue } from './errors.js';

// Walks of a raw spec and its data before anything recursive sees them.
//
// Nesting. zod validates
// statements by recursion (a `for` body holds statements), and structured cloning (posting
// data to worker threads) recurses in V8 too: 10,000 nested `if`s or arrays would overflow
// the stack with a raw RangeError. These walks use an explicit stack instead, so a depth
// limit is reported with its JSON path, however deep the input.

/** The statement lists inside a statement: a loop's body, a conditional's branches. */
const NESTED_LISTS = ['body', 'then', 'else'] as const;

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The statement lists of a raw spec that nest: the model block and each function's body, with their paths. */
function statementLists(spec: Readonly<Record<string, unknown>>): [readonly unknown[], readonly (string | number)[]][] {
  const lists: [readonly unknown[], readonly (string | number)[]][] = [];
  const functions = Object.hasOwn(spec, 'functions') ? spec['functions'] : undefined;
  if (isObject(functions)) {
    for (const [name, entry] of Object.entries(functions)) {
      // One definition, or overloads (an array of definitions).
      const definitions: [unknown, readonly (string | number)[]][] = Array.isArray(entry) ? entry.map((d, k) => [d, ['functions', name, k]]) : [[entry, ['functions', name]]];
      for (const [definition, path] of definitions) {
        const body = isObject(definition) && Object.hasOwn(definition, 'body') ? definition['body'] : undefined;
        if (Array.isArray(body)) lists.push([body, [...path, 'body']]);
      }
    }
  }
  if (Object.hasOwn(spec, 'model') && Array.isArray(spec['model'])) lists.push([spec['model'] as readonly unknown[], ['model']]);
  return lists;
}

/**
 * The first top-level statement of `model` (or of a function's body) whose `for`/`if`
 * statements nest more than `maxDepth` levels, as an issue at that statement's path;
 * undefined when none does. Anything not shaped like a statement is left to the schema.
 */
export function statementNestingIssue(spec: unknown, maxDepth: number): SpecIssue | undefined {
  if (!isObject(spec)) return undefined;
  for (const [list, path] of statementLists(spec)) {
    for (let top = 0; top < list.length; top++) {
      const stack: [unknown, number][] = [[list[top], 1]];
      while (stack.length > 0) {
        const [statement, depth] = stack.pop()!;
        if (depth > maxDepth) {
          return {
            path: [...path, top],
            message:
              `statements nest more than ${maxDepth} levels deep here (for and if inside one another); ` +
              `move inner work into local variables or flatten the loops, or ${raiseHint('maxDepth')}`,
          };
        }
        if (!isObject(statement)) continue;
        for (const key of NESTED_LISTS) {
          const inner = Object.hasOwn(statement, key) ? statement[key] : undefined;
          if (Array.isArray(inner)) for (const nested of inner) stack.push([nested, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

/**
 * How deeply a JSON value nests (a number is 0 deep, [1, 2] is 1, [[1]] is 2), counted up to
 * `cap` + 1 and no further: enough to tell whether it is over a limit of `cap`.
 */
export function jsonDepth(value: unknown, cap: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > cap) return deepest;
    const children = Array.isArray(item) ? item : Object.values(item);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, inner]);
  }
  return deepest;
}

/** Issues for data fields (declared or not) that nest more than `maxDepth` levels: never read, but posted to worker threads with the rest. */
export function dataNestingIssues(data: Readonly<Record<string, unknown>>, maxDepth: number): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (jsonDepth(value, maxDepth) <= maxDepth) continue;
    issues.push({
      path: ['data', name],
      message: `nests more than ${maxDepth} levels deep; a data value is a number, an array of numbers or an array of rows (${raiseHint('maxDepth')})`,
    });
  }
  return issues;
}

/**
 * Own keys `__proto__` anywhere in a spec, each as an issue at its path. zod drops such a key
 * from records and objects without a word (it would set the prototype), so a declaration
 * `{"__proto__": {...}}` would vanish silently: it is refused here instead.
 */
export function reservedKeyIssues(spec: unknown): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const stack: { value: unknown; path: readonly (string | number)[] }[] = [{ value: spec, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, k) => {
        if (item !== null && typeof item === 'object') stack.push({ value: item, path: [...path, k] });
      });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        issues.push({ path: [...path, key], message: "'__proto__' cannot be a name or key (JavaScript reserves it); choose another name" });
        continue;
      }
      const child = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push({ value: child, path: [...path, key] });
    }
  }
  return issues;
}
