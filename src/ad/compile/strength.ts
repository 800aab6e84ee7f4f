import { topologicalOrder, type ExprBuilder, type ScalarExpr } from '../scalar/expr.js';
import { DIV, MUL } from '../scalar/primitives.js';

/**
 * x / y with y fixed over a loop becomes x · (1/y), the reciprocal computed once before
 * the loop: a division costs several multiplications. (Compiled gradients agree with the
 * interpreter to rounding, not bit for bit; the interpreter's own loops keep the division.)
 * `varies(input)` tells whether an input changes along the loop.
 */
export function reduceDivisions(builder: ExprBuilder, roots: readonly ScalarExpr[], varies: (input: number) => boolean): ScalarExpr[] {
  const variable = new Map<number, boolean>();
  const mapped = new Map<number, ScalarExpr>();
  for (const node of topologicalOrder(roots)) {
    if (node.kind === 'constant') {
      variable.set(node.id, false);
      mapped.set(node.id, node);
    } else if (node.kind === 'input') {
      variable.set(node.id, varies(node.index));
      mapped.set(node.id, node);
    } else {
      const args = node.args.map((a) => mapped.get(a.id)!);
      variable.set(node.id, node.args.some((a) => variable.get(a.id) === true));
      const [x, y] = node.args;
      const reduce = node.fn === DIV && variable.get(x!.id) === true && variable.get(y!.id) === false;
      mapped.set(node.id, reduce ? builder.apply(MUL, [args[0]!, builder.apply(DIV, [1, args[1]!])]) : builder.apply(node.fn, args));
    }
  }
  return roots.map((r) => mapped.get(r.id)!);
}
