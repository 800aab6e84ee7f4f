import { topologicalOrder, type ExprBuilder, type ScalarExpr } from '../scalar/expr.js';
import { ADD, DIV, MUL, NEG, SUB } from '../scalar/primitives.js';

// Rewrites of a loop body's expressions (values and the partials symbolic differentiation
// made of them) that let the emitter share work, as a hand-written gradient does:
//
// - Signs move outward. Differentiation writes (−1)·u for every subtraction it passes, so a
//   residual's partial comes out as (−1)·(s·((−1)·z)); with each node held as ±(magnitude),
//   that is s·z, the same node as the value's s·z, computed once. Exact: negation is exact
//   and (−a)·b = −(a·b), a − b = −(b − a) in IEEE arithmetic (up to the sign of a zero).
// - Data factors of a product are gathered into one (precomputed per element, see
//   precompute.ts) that multiplies the first varying factor: (x·c)·(x·c) = (c²·x)·x and its
//   partial c·(x·c) = c²·x share c²·x — the hand-written p = x/σ², value p·x, gradient −p.
//   This reassociates products, so results agree with the interpreter's to rounding, as the
//   compiled gradient's other rewrites (reciprocals of data, reordered sums) already do.

interface Signed {
  readonly negative: boolean;
  readonly magnitude: ScalarExpr;
}

/** The expressions with signs moved outward and data factors gathered; `isData` marks data-only leaves of the loop. */
export function normalizeProducts(builder: ExprBuilder, roots: readonly ScalarExpr[], isData: (node: ScalarExpr) => boolean): ScalarExpr[] {
  const signed = new Map<number, Signed>();
  const materialize = (s: Signed): ScalarExpr => (s.negative ? builder.apply(NEG, [s.magnitude]) : s.magnitude);
  const sum = (a: Signed, b: Signed): Signed => {
    if (a.negative === b.negative) return { negative: a.negative, magnitude: builder.apply(ADD, [a.magnitude, b.magnitude]) };
    // a − b, or b − a.
    return a.negative ? { negative: false, magnitude: builder.apply(SUB, [b.magnitude, a.magnitude]) } : { negative: false, magnitude: builder.apply(SUB, [a.magnitude, b.magnitude]) };
  };
  for (const node of topologicalOrder(roots)) {
    if (node.kind === 'constant') {
      signed.set(node.id, node.value < 0 ? { negative: true, magnitude: builder.constant(-node.value) } : { negative: false, magnitude: node });
      continue;
    }
    if (node.kind === 'input') {
      signed.set(node.id, { negative: false, magnitude: node });
      continue;
    }
    const args = node.args.map((a) => signed.get(a.id)!);
    const [a, b] = args as [Signed, Signed];
    let result: Signed;
    if (node.fn === NEG) result = { negative: !a.negative, magnitude: a.magnitude };
    else if (node.fn === MUL || node.fn === DIV) {
      const magnitude = node.fn === MUL ? gatherData(builder, builder.apply(MUL, [a.magnitude, b.magnitude]), isData) : builder.apply(DIV, [a.magnitude, b.magnitude]);
      result = { negative: a.negative !== b.negative, magnitude };
    } else if (node.fn === ADD) result = sum(a, b);
    else if (node.fn === SUB) result = sum(a, { negative: !b.negative, magnitude: b.magnitude });
    else result = { negative: false, magnitude: builder.apply(node.fn, args.map(materialize)) };
    signed.set(node.id, result);
  }
  return roots.map((r) => materialize(signed.get(r.id)!));
}

/** The factors of a product tree (through multiplications only). */
function factorsOf(node: ScalarExpr, out: ScalarExpr[]): void {
  if (node.kind === 'apply' && node.fn === MUL) for (const a of node.args) factorsOf(a, out);
  else out.push(node);
}

/**
 * A product with two or more data factors as (∏ data)·v₁·v₂·… (varying factors in a fixed
 * order, latest first, so that products sharing factors share their prefix), its constant factors last;
 * any other product as it is.
 */
function gatherData(builder: ExprBuilder, product: ScalarExpr, isData: (node: ScalarExpr) => boolean): ScalarExpr {
  if (product.kind !== 'apply' || product.fn !== MUL) return product;
  const factors: ScalarExpr[] = [];
  factorsOf(product, factors);
  if (factors.length > 8) return product;
  const data = factors.filter((f) => f.kind !== 'constant' && isData(f)).sort((x, y) => x.id - y.id);
  if (data.length < 2) return product;
  let coefficient = 1;
  for (const f of factors) if (f.kind === 'constant') coefficient *= f.value;
  // Latest-made first: the factor most particular to this element (a residual) pairs with the data.
  const varying = factors.filter((f) => f.kind !== 'constant' && !isData(f)).sort((x, y) => y.id - x.id);
  let result = data.reduce((p, f) => builder.apply(MUL, [p, f]));
  for (const f of varying) result = builder.apply(MUL, [result, f]);
  return coefficient === 1 ? result : builder.apply(MUL, [builder.constant(coefficient), result]);
}
