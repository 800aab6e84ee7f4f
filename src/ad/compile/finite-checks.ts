import type { ScalarExpr } from '../scalar/expr.js';
import { ABS, ADD, DIV, LOG, MUL, NEG, SQRT, SUB } from '../scalar/primitives.js';

// A density's check that an argument is finite (its guard's isFinite per element) costs a
// running sum of x − x per element in a fused loop. Where the summed term is non-finite
// whenever that argument is — (y − μ)²/σ² is ±∞ or NaN once y is — a finite sum after the
// loop already proves every argument finite, and the check runs only when the sum is not
// (a second pass, on a path a sampler meets at a divergence).
//
// IEEE 754 arithmetic, for a non-finite operand u (±∞ or NaN) and any other operand v:
// u ± v and v ± u are ±∞ or NaN (∞ − ∞ = NaN); u · v is ±∞ or NaN (∞ · 0 = NaN); u / v is
// ±∞ or NaN (∞/∞ = NaN, ∞/0 = ±∞) but v / u may be 0; −u, |u|, log u and √u are ±∞ or NaN
// (log −∞ and √−∞ are NaN). Other functions may map ∞ to a finite number (exp(−∞) = 0).

/** Whether `root` is non-finite whenever `argument` is (a sound, not complete, test on the DAG). */
export function nonFiniteFollows(root: ScalarExpr, argument: ScalarExpr): boolean {
  const memo = new Map<number, boolean>();
  const follows = (node: ScalarExpr): boolean => {
    if (node === argument) return true;
    if (node.kind !== 'apply') return false;
    const known = memo.get(node.id);
    if (known !== undefined) return known;
    const fn = node.fn;
    const [a, b] = node.args;
    let result = false;
    if (fn === ADD || fn === SUB || fn === MUL) result = follows(a!) || follows(b!);
    else if (fn === DIV) result = follows(a!);
    else if (fn === NEG || fn === ABS || fn === LOG || fn === SQRT) result = follows(a!);
    memo.set(node.id, result);
    return result;
  };
  return follows(root);
}
