import { ExprBuilder, topologicalOrder, type ScalarExpr } from './expr.js';
import { ADD, MUL } from './primitives.js';

/**
 * ∂root/∂(input k) for k in `inputs`, symbolically: reverse accumulation over the DAG, each
 * primitive contributing adjoint · its declared partial to its arguments. Where the root
 * does not depend on an input, its derivative is the constant 0; where a primitive on the
 * way has no derivative (trigamma, a comparison's branch condition aside), null.
 */
export function gradientExpressions(b: ExprBuilder, root: ScalarExpr, inputs: readonly number[]): (ScalarExpr | null)[] {
  return gradientsWithObstacles(b, root, inputs).partials;
}

/**
 * As gradientExpressions, and for each input without a derivative, the primitive whose
 * missing rule stopped it (for the message "vjp of 'trigamma' ... is not defined").
 */
export function gradientsWithObstacles(b: ExprBuilder, root: ScalarExpr, inputs: readonly number[]): { partials: (ScalarExpr | null)[]; obstacles: (string | undefined)[] } {
  return new Adjoints(b, root).of(inputs);
}

/**
 * The reverse accumulation from `root` over its whole DAG, done once: the partials for any
 * set of inputs are then read off it (a compiled gradient asks twice for the same root, the
 * model's output, first for its sums' constant factors and then for its whole reverse sweep).
 */
export class Adjoints {
  private readonly adjoints = new Map<number, ScalarExpr>();
  private readonly broken = new Map<number, string>();
  private readonly byInput = new Map<number, ScalarExpr>();
  /** The input indices the root reads, in topological order (as symbolsOf would list them). */
  readonly inputs: readonly number[];

  constructor(
    private readonly b: ExprBuilder,
    root: ScalarExpr,
  ) {
    const { adjoints, broken } = this;
    const order = topologicalOrder([root]);
    adjoints.set(root.id, b.constant(1));
    for (let n = order.length - 1; n >= 0; n--) {
      const node = order[n]!;
      if (node.kind !== 'apply') continue;
      const adjoint = adjoints.get(node.id);
      if (adjoint === undefined && !broken.has(node.id)) continue;
      // Predicates are piecewise constant: nothing flows through them to their arguments.
      if (node.fn.predicate === true) continue;
      const partials = node.fn.derivative(b, node.args, node);
      for (let k = 0; k < node.args.length; k++) {
        const arg = node.args[k]!;
        const partial = partials[k];
        if (partial === undefined) throw new Error(`${node.fn.name}: derivative rule gave ${partials.length} partials for ${node.args.length} arguments`);
        if (partial !== null && partial.kind === 'constant' && partial.value === 0) continue;
        if (partial === null || broken.has(node.id)) {
          broken.set(arg.id, broken.get(node.id) ?? node.fn.name);
          continue;
        }
        const contribution = b.apply(MUL, [adjoint!, partial]);
        const previous = adjoints.get(arg.id);
        adjoints.set(arg.id, previous === undefined ? contribution : b.apply(ADD, [previous, contribution]));
      }
    }
    const inputs: number[] = [];
    for (const node of order) {
      if (node.kind !== 'input') continue;
      this.byInput.set(node.index, node);
      inputs.push(node.index);
    }
    this.inputs = inputs;
  }

  /** ∂root/∂(input k) for k in `inputs` (as gradientsWithObstacles). */
  of(inputs: readonly number[]): { partials: (ScalarExpr | null)[]; obstacles: (string | undefined)[] } {
    const { adjoints, broken, byInput, b } = this;
    const partials = inputs.map((index) => {
      const node = byInput.get(index);
      if (node === undefined) return b.constant(0);
      if (broken.has(node.id)) return null;
      return adjoints.get(node.id) ?? b.constant(0);
    });
    const obstacles = inputs.map((index) => {
      const node = byInput.get(index);
      return node === undefined ? undefined : broken.get(node.id);
    });
    return { partials, obstacles };
  }
}
