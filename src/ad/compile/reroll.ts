import { substitute, topologicalOrder, type ExprBuilder, type ScalarExpr } from '../scalar/expr.js';
import type { ArrayRef } from './array-ref.js';

// Loop rerolling. A model written as a loop over observations (`for (n) target += f(y[n],
// θ)`) records one set of scalar ops per iteration, so its log density arrives as a sum of
// N terms of one shape that differ only in their constants (the data y[n]) and in which
// element of a vector they read (θ[n]). Compiled as they come, those terms are N copies of
// straight-line code: large, slow to compile, and too big for V8 to optimise. Grouping
// the terms of one shape and turning each group back into a loop — over a constant array
// of the values that vary, and over the vector positions that vary — gives the code the
// model's author had in mind.

/** What the rerolling needs to know of the planner's symbols. */
export interface RerollContext {
  /** The element of an array a scalar symbol reads, if it is such a read (θ[n], a buffer cell). */
  cellOf(symbol: number): CellRead | undefined;
  /** An element symbol reading a new constant array at j. */
  constantElements(values: Float64Array): ScalarExpr;
  /** An element symbol reading `array` at j (contiguous) or at index[j]. */
  elementsAt(array: ArrayRef, count: number, index: Int32Array | null): ScalarExpr;
}

/** A scalar symbol that reads one element of an array. */
export interface CellRead {
  readonly name: string;
  /** Absolute position in the array. */
  readonly position: number;
  /** The adjoint's array and absolute position, or null for data. */
  readonly adjointName: string | null;
  readonly adjointPosition: number;
}

/** Fewer terms of one shape than this stay straight-line code. */
const SMALLEST_GROUP = 4;

/**
 * Shape ids: two expressions have the same id when they are the same tree of primitives
 * over the same symbols, up to their constants and to which element of one array their
 * cells read. Computed once per node (memoised), so shared subexpressions cost nothing more.
 */
class Shapes {
  private readonly ids = new Map<number, number>();
  private readonly keys = new Map<string, number>();

  constructor(private readonly context: RerollContext) {}

  of(root: ScalarExpr): number {
    const known = this.ids.get(root.id);
    if (known !== undefined) return known;
    for (const node of this.unknownBelow(root)) {
      let key: string;
      if (node.kind === 'constant') key = 'c';
      else if (node.kind === 'input') {
        const cell = this.context.cellOf(node.index);
        key = cell === undefined ? `s${node.index}` : `r:${cell.name}:${cell.adjointName ?? ''}:${cell.adjointPosition - cell.position}`;
      } else key = `${node.fn.name}(${node.args.map((a) => this.ids.get(a.id)).join(',')})`;
      let id = this.keys.get(key);
      if (id === undefined) {
        id = this.keys.size;
        this.keys.set(key, id);
      }
      this.ids.set(node.id, id);
    }
    return this.ids.get(root.id)!;
  }

  /** Nodes under `root` without an id yet, arguments first (not descending into known ones). */
  private unknownBelow(root: ScalarExpr): ScalarExpr[] {
    const order: ScalarExpr[] = [];
    const seen = new Set<number>([root.id]);
    const stack: { node: ScalarExpr; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const args = top.node.kind === 'apply' ? top.node.args : [];
      if (top.next < args.length) {
        const child = args[top.next++]!;
        if (!seen.has(child.id) && !this.ids.has(child.id)) {
          seen.add(child.id);
          stack.push({ node: child, next: 0 });
        }
      } else {
        stack.pop();
        order.push(top.node);
      }
    }
    return order;
  }
}

/**
 * The leaves of `first` that differ in `other` (same shape): leaf node id → other's leaf.
 * Walks the two in step, skipping subexpressions they share; false when one leaf of
 * `first` would have to stand for two different leaves of `other`.
 */
function differences(first: ScalarExpr, other: ScalarExpr, found: Map<number, ScalarExpr>): boolean {
  const stack: [ScalarExpr, ScalarExpr][] = [[first, other]];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    if (a === b) continue;
    const pair = `${a.id}:${b.id}`;
    if (visited.has(pair)) continue;
    visited.add(pair);
    if (a.kind === 'apply' && b.kind === 'apply') {
      for (let k = 0; k < a.args.length; k++) stack.push([a.args[k]!, b.args[k]!]);
      continue;
    }
    const previous = found.get(a.id);
    if (previous !== undefined && previous !== b) return false;
    found.set(a.id, b);
  }
  return true;
}

/** A group's template term: the first term with each varying leaf replaced by a read at j. */
function template(group: readonly ScalarExpr[], builder: ExprBuilder, context: RerollContext): ScalarExpr | null {
  const first = group[0]!;
  const count = group.length;
  const columns = new Map<number, ScalarExpr[]>();
  const leaves = new Map<number, ScalarExpr>();
  for (let t = 1; t < count; t++) {
    const found = new Map<number, ScalarExpr>();
    if (!differences(first, group[t]!, found)) return null;
    for (const [id, leaf] of found) {
      let column = columns.get(id);
      if (column === undefined) {
        column = [];
        columns.set(id, column);
      }
      column[t] = leaf;
    }
  }
  for (const node of topologicalOrder([first])) if (columns.has(node.id)) leaves.set(node.id, node);
  const replacements = new Map<number, ScalarExpr>();
  for (const [id, column] of columns) {
    const leaf0 = leaves.get(id)!;
    const column0 = Array.from({ length: count }, (_, t) => (t === 0 ? leaf0 : column[t] ?? leaf0));
    if (leaf0.kind === 'constant') {
      if (!column0.every((c) => c.kind === 'constant')) return null;
      replacements.set(id, context.constantElements(Float64Array.from(column0, (c) => (c as { value: number }).value)));
      continue;
    }
    if (leaf0.kind !== 'input') return null;
    const cell0 = context.cellOf(leaf0.index);
    if (cell0 === undefined) return null;
    const positions = new Int32Array(count);
    for (let t = 0; t < count; t++) {
      const c = column0[t]!;
      const cell = c.kind === 'input' ? context.cellOf(c.index) : undefined;
      if (cell === undefined) return null;
      positions[t] = cell.position;
    }
    const delta = cell0.adjointPosition - cell0.position;
    const contiguous = positions.every((p, j) => p === positions[0]! + j);
    const offset = contiguous ? positions[0]! : 0;
    const base: ArrayRef = {
      name: cell0.name,
      offset,
      adjoint: cell0.adjointName === null ? null : { name: cell0.adjointName, offset: offset + delta },
      tensorCode: '',
      shape: [count],
    };
    replacements.set(id, context.elementsAt(base, count, contiguous ? null : positions));
  }
  return substitute(builder, [first], (node) => replacements.get(node.id))[0]!;
}

/**
 * Terms of a sum: groups of at least SMALLEST_GROUP terms of one shape come back as
 * `loops` (a template per element and the count), the rest as they were.
 */
export function rerollSum(
  terms: readonly ScalarExpr[],
  builder: ExprBuilder,
  context: RerollContext,
): { readonly loops: { readonly root: ScalarExpr; readonly size: number }[]; readonly rest: ScalarExpr[] } {
  if (terms.length < SMALLEST_GROUP) return { loops: [], rest: [...terms] };
  // Terms of one shape have the same primitive at the root and at its arguments: only terms
  // sharing those with enough others can group, and only theirs are worth a shape (a
  // recursion's one huge term costs a key per node, to no end).
  const outline = (term: ScalarExpr): string => (term.kind === 'apply' ? `${term.fn.name}(${term.args.map((a) => (a.kind === 'apply' ? a.fn.name : a.kind)).join(',')})` : '');
  const outlineOf = terms.map(outline);
  const outlines = new Map<string, number>();
  for (const o of outlineOf) outlines.set(o, (outlines.get(o) ?? 0) + 1);
  const shapes = new Shapes(context);
  const groups = new Map<number, ScalarExpr[]>();
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!;
    if (term.kind !== 'apply' || outlines.get(outlineOf[t]!)! < SMALLEST_GROUP) continue;
    const id = shapes.of(term);
    let group = groups.get(id);
    if (group === undefined) {
      group = [];
      groups.set(id, group);
    }
    group.push(term);
  }
  const loops: { root: ScalarExpr; size: number }[] = [];
  const rolled = new Set<ScalarExpr>();
  for (const group of groups.values()) {
    if (group.length < SMALLEST_GROUP) continue;
    const root = template(group, builder, context);
    if (root === null) continue;
    loops.push({ root, size: group.length });
    for (const term of group) rolled.add(term);
  }
  return { loops, rest: terms.filter((t) => !rolled.has(t)) };
}
