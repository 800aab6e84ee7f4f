// Scalar expressions: the one declaration of every elementwise op and per-element log density.
//
// An elementwise op (exp, mul, a log density of normal) is declared once, as an expression
// over its inputs built from primitives (src/ad/scalar/primitives.ts), each of which states
// its own partial derivatives. Everything else is derived from that declaration: the
// derivatives (symbolic differentiation, differentiate.ts), the interpreter's loops (a small
// register machine, program.ts), generated loops and whole-gradient code (src/ad/codegen),
// and the derivative rules written with leapfrog's ops for higher orders. No second copy of
// an op's arithmetic exists to drift from the first.
//
// Expressions are DAGs made by an ExprBuilder, which interns them (a node with the same
// primitive and the same arguments is the same object), so derivatives share subexpressions
// with the values they differentiate and code emission computes each shared node once.

/** A primitive scalar function: its value, its code, and its partial derivatives. */
export interface Primitive {
  /** Its name in expressions, messages and runtime tables (identity is the object). */
  readonly name: string;
  readonly arity: number;
  /** The function on numbers. Generated code calls exactly this function, or evaluates
   *  exactly this arithmetic, so interpreted and generated results are bit-identical. */
  readonly evaluate: (...xs: number[]) => number;
  /**
   * Its JavaScript form given the code of its arguments (an infix operator, a Math
   * builtin): only leapfrog's own templates. Absent, generated code calls `evaluate` itself,
   * passed in as a function (special functions from @stdlib, log Φ, ...).
   */
  readonly emit?: (args: readonly string[]) => string;
  /**
   * ∂out/∂args[k] for each argument, as expressions over `args` and `out` (the node itself,
   * e.g. exp's is `out`); null where it is not differentiable (trigamma's, a comparison's).
   */
  readonly derivative: (b: ExprBuilder, args: readonly ScalarExpr[], out: ScalarExpr) => readonly (ScalarExpr | null)[];
  /** a ∘ b = b ∘ a exactly (IEEE addition and multiplication are). */
  readonly commutative?: boolean;
  /** A predicate (comparison, and, or, not): its value is 0 or 1 and it is never differentiated. */
  readonly predicate?: boolean;
}

export type ScalarExpr = ConstantExpr | InputExpr | ApplyExpr;

export interface ConstantExpr {
  readonly kind: 'constant';
  readonly id: number;
  readonly value: number;
}

/** Input `index` of the expression (an op's argument, its output, a cotangent, ...). */
export interface InputExpr {
  readonly kind: 'input';
  readonly id: number;
  readonly index: number;
}

export interface ApplyExpr {
  readonly kind: 'apply';
  readonly id: number;
  readonly fn: Primitive;
  readonly args: readonly ScalarExpr[];
}

/** Numbers are accepted wherever an expression is: they become constants. */
export type ExprLike = ScalarExpr | number;

/**
 * Makes interned expressions, with the simplifications that keep derivatives small and are
 * exact in floating point (x·1 = x, x + 0 = x up to the sign of a zero, constants folded
 * with the primitive's own function). One builder per declaration or compiled program:
 * its table lives as long as the expressions it made.
 */
export class ExprBuilder {
  /** Constants by value (−0 apart: a Map's keys make it +0) and inputs by index: numeric keys, no string per lookup. */
  private readonly constants = new Map<number, ConstantExpr>();
  private negativeZero: ConstantExpr | undefined;
  private readonly inputs = new Map<number, InputExpr>();
  /** Applications by primitive, then by their arguments' ids (numeric keys: no string per lookup). */
  private readonly applications = new Map<Primitive, Map<number, unknown>>();
  private count = 0;

  constant(value: number): ConstantExpr {
    // NaN is one key (SameValueZero), as it was one string.
    const minusZero = Object.is(value, -0);
    const found = minusZero ? this.negativeZero : this.constants.get(value);
    if (found !== undefined) return found;
    const node: ConstantExpr = { kind: 'constant', id: this.count++, value };
    if (minusZero) this.negativeZero = node;
    else this.constants.set(value, node);
    return node;
  }

  input(index: number): InputExpr {
    const found = this.inputs.get(index);
    if (found !== undefined) return found;
    const node: InputExpr = { kind: 'input', id: this.count++, index };
    this.inputs.set(index, node);
    return node;
  }

  /** `fn` applied to `args`, simplified and interned. */
  apply(fn: Primitive, given: readonly ExprLike[]): ScalarExpr {
    if (given.length !== fn.arity) throw new Error(`${fn.name}: expects ${fn.arity} argument(s), got ${given.length}`);
    // Arrays are made only where needed (a number to wrap, a new node): whole-model code
    // calls this for every node of its derivatives, most of which exist already.
    let allConstant = true;
    let numbers = false;
    for (let k = 0; k < given.length; k++) {
      const a = given[k]!;
      if (typeof a === 'number') numbers = true;
      else if (a.kind !== 'constant') allConstant = false;
    }
    const args: readonly ScalarExpr[] = numbers ? given.map((a) => this.of(a)) : (given as readonly ScalarExpr[]);
    if (allConstant) {
      return this.constant(fn.evaluate(...args.map((a) => (a as ConstantExpr).value)));
    }
    const simplified = simplify(this, fn, args);
    if (simplified !== null) return simplified;
    const swap = fn.commutative === true && args.length === 2 && args[0]!.id > args[1]!.id;
    let level = this.applications.get(fn);
    if (level === undefined) {
      level = new Map();
      this.applications.set(fn, level);
    }
    // One map level per argument but the last: ids are small integers.
    for (let k = 0; k < args.length - 1; k++) {
      let next = level.get(idAt(args, k, swap)) as Map<number, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(idAt(args, k, swap), next);
      }
      level = next;
    }
    const last = idAt(args, args.length - 1, swap);
    const found = level.get(last) as ScalarExpr | undefined;
    if (found !== undefined) return found;
    const node: ApplyExpr = { kind: 'apply', id: this.count++, fn, args: swap ? [args[1]!, args[0]!] : args.slice() };
    level.set(last, node);
    return node;
  }

  of(value: ExprLike): ScalarExpr {
    return typeof value === 'number' ? this.constant(value) : value;
  }
}

/** The id of argument k in the interned order (a commutative pair swapped to ascending ids). */
const idAt = (args: readonly ScalarExpr[], k: number, swap: boolean): number => args[swap ? 1 - k : k]!.id;

const isConstant = (e: ScalarExpr, value: number): boolean => e.kind === 'constant' && Object.is(e.value, value);
const isZero = (e: ScalarExpr): boolean => e.kind === 'constant' && e.value === 0;

/** Identities of +, −, ·, / and negation; null when none applies. */
function simplify(b: ExprBuilder, fn: Primitive, args: readonly ScalarExpr[]): ScalarExpr | null {
  const [x, y] = args as [ScalarExpr, ScalarExpr];
  switch (fn.name) {
    case 'add':
      if (isZero(x)) return y;
      if (isZero(y)) return x;
      // x + x = 2x exactly; c·u + c·u = (2c)·u exactly too, barring overflow and underflow
      // (a derivative of c·u² gives the first: one multiplication instead of two operations).
      if (x === y) {
        if (x.kind === 'apply' && x.fn.name === 'mul' && x.args[0]!.kind === 'constant') return b.apply(x.fn, [b.constant(2 * x.args[0]!.value), x.args[1]!]);
        if (x.kind === 'apply' && x.fn.name === 'mul' && x.args[1]!.kind === 'constant') return b.apply(x.fn, [x.args[0]!, b.constant(2 * x.args[1]!.value)]);
        return null;
      }
      return null;
    case 'sub':
      if (isZero(y)) return x;
      return null;
    case 'mul':
      // 0·y is taken as 0: these zeros are structural (a derivative that vanishes), and
      // keeping 0·y would carry y's NaN or ∞ into gradients where no dependence exists.
      if (isZero(x) || isZero(y)) return b.constant(0);
      if (isConstant(x, 1)) return y;
      if (isConstant(y, 1)) return x;
      return null;
    case 'div':
      if (isZero(x)) return b.constant(0);
      if (isConstant(y, 1)) return x;
      return null;
    case 'neg':
      if (x.kind === 'apply' && x.fn.name === 'neg') return x.args[0]!;
      return null;
    case 'and': {
      // 1 ∧ p = p for a predicate p (0 or 1 already).
      if (x.kind === 'constant' && y.kind === 'apply' && y.fn.predicate === true) return x.value !== 0 ? y : b.constant(0);
      if (y.kind === 'constant' && x.kind === 'apply' && x.fn.predicate === true) return y.value !== 0 ? x : b.constant(0);
      return null;
    }
    case 'select': {
      const [, ifTrue, ifFalse] = args as [ScalarExpr, ScalarExpr, ScalarExpr];
      if (x.kind === 'constant') return x.value !== 0 ? ifTrue : ifFalse;
      if (ifTrue === ifFalse) return ifTrue;
      return null;
    }
    default:
      return null;
  }
}

/** Every node of the expressions, each once, arguments before the nodes that use them. */
export function topologicalOrder(roots: readonly ScalarExpr[]): ScalarExpr[] {
  return topologicalOrderStopping(roots, null);
}

/**
 * As topologicalOrder, without descending below nodes `known` marks (they are listed, their
 * arguments are not): what an emitter needs when an enclosing scope computed part of the DAG.
 */
export function topologicalOrderStopping(roots: readonly ScalarExpr[], known: ((id: number) => boolean) | null): ScalarExpr[] {
  const seen = new Set<number>();
  const order: ScalarExpr[] = [];
  // Iterative post-order: expressions of whole-model code can be deep. The stack is two
  // parallel arrays (node, next argument), not an object per node: whole-model graphs have
  // tens of thousands of nodes, and the garbage was a good part of compiling them.
  const nodes: ScalarExpr[] = [];
  const next: number[] = [];
  for (const root of roots) {
    if (seen.has(root.id)) continue;
    nodes.push(root);
    next.push(0);
    seen.add(root.id);
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top]!;
      const k = next[top]!;
      if (node.kind === 'apply' && k < node.args.length && (known === null || !known(node.id))) {
        next[top] = k + 1;
        const child = node.args[k]!;
        if (!seen.has(child.id)) {
          seen.add(child.id);
          nodes.push(child);
          next.push(0);
        }
      } else {
        nodes.pop();
        next.pop();
        order.push(node);
      }
    }
  }
  return order;
}

/** The largest input index the expressions read, plus one. */
export function inputCount(roots: readonly ScalarExpr[]): number {
  let count = 0;
  for (const node of topologicalOrder(roots)) if (node.kind === 'input') count = Math.max(count, node.index + 1);
  return count;
}

/** The expressions with inputs replaced (`replace(index)` gives the new node), rebuilt in `b`. */
export function substitute(b: ExprBuilder, roots: readonly ScalarExpr[], replace: (node: ScalarExpr) => ScalarExpr | undefined): ScalarExpr[] {
  const mapped = new Map<number, ScalarExpr>();
  for (const node of topologicalOrder(roots)) {
    const replacement = replace(node);
    if (replacement !== undefined) {
      mapped.set(node.id, replacement);
      continue;
    }
    if (node.kind === 'constant') mapped.set(node.id, b.constant(node.value));
    else if (node.kind === 'input') mapped.set(node.id, b.input(node.index));
    else mapped.set(node.id, b.apply(node.fn, node.args.map((a) => mapped.get(a.id)!)));
  }
  return roots.map((r) => mapped.get(r.id)!);
}
