import { topologicalOrder, type ExprBuilder, type ScalarExpr } from '../scalar/expr.js';
import { ADD, MUL, SUB } from '../scalar/primitives.js';

// A loop's summed partial of a scalar (a broadcast scale's, a coefficient's) is often a
// factor the same for every element times a varying part, plus or minus terms the same for
// every element: Σ_j k·(u_j ± c) = k·(Σ_j u_j ± n·c). The loop then adds u_j alone and k
// and c are applied once after it (σ's partial of a normal over N rows, σ·(z_j² − 1)/σ...,
// loses two operations per row).

/** Which nodes of `roots` change along the loop (`varies(input)`: an input that does). */
export function varyingNodes(roots: readonly ScalarExpr[], varies: (input: number) => boolean): Set<number> {
  const varying = new Set<number>();
  for (const node of topologicalOrder(roots)) {
    if (node.kind === 'input' ? varies(node.index) : node.kind === 'apply' && node.args.some((a) => varying.has(a.id))) varying.add(node.id);
  }
  return varying;
}

/** A summed expression's varying part, and the sum rebuilt from the varying part's sum. */
export interface LiftedSum {
  readonly varying: ScalarExpr;
  /** Σ_j of the original expression, given Σ_j of `varying` over `size` elements. */
  total(sum: ScalarExpr, size: number): ScalarExpr;
}

/** `p` split as k·(u ± c...) with k and c fixed along the loop (null when there is nothing to lift). */
export function liftInvariants(builder: ExprBuilder, p: ScalarExpr, varying: ReadonlySet<number>): LiftedSum | null {
  if (!varying.has(p.id)) return null;
  let rest = p;
  const peelFactor = (): ScalarExpr | null => {
    if (rest.kind !== 'apply' || rest.fn !== MUL) return null;
    const [left, right] = rest.args as [ScalarExpr, ScalarExpr];
    if (!varying.has(left.id)) {
      rest = right;
      return left;
    }
    if (!varying.has(right.id)) {
      rest = left;
      return right;
    }
    return null;
  };
  const outer = peelFactor();
  const offsets: { readonly expr: ScalarExpr; readonly sign: 1 | -1 }[] = [];
  while (rest.kind === 'apply' && (rest.fn === ADD || rest.fn === SUB)) {
    const [left, right] = rest.args as [ScalarExpr, ScalarExpr];
    if (!varying.has(right.id)) {
      offsets.push({ expr: right, sign: rest.fn === ADD ? 1 : -1 });
      rest = left;
    } else if (rest.fn === ADD && !varying.has(left.id)) {
      offsets.push({ expr: left, sign: 1 });
      rest = right;
    } else break;
  }
  const inner = offsets.length > 0 ? peelFactor() : null;
  if (outer === null && offsets.length === 0) return null;
  return {
    varying: rest,
    total: (sum, size) => {
      let t = inner === null ? sum : builder.apply(MUL, [inner, sum]);
      for (const { expr, sign } of offsets) t = builder.apply(sign === 1 ? ADD : SUB, [t, builder.apply(MUL, [builder.constant(size), expr])]);
      return outer === null ? t : builder.apply(MUL, [outer, t]);
    },
  };
}
