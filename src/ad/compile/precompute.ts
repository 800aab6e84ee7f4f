import { substitute, topologicalOrder, type ScalarExpr } from '../scalar/expr.js';
import { ScalarProgram } from '../scalar/program.js';
import type { GradientPlan, SymbolInfo } from './plan.js';

/**
 * Subexpressions of a loop that depend on data alone (log σ_j and 1/σ_j for a data scale
 * vector, y_j − x_j·β for data-only terms) are the same at every evaluation: they are
 * computed once, when the gradient is compiled, into new constant arrays that the loop
 * reads instead. (A model's data are its own copies, never changed after compile.)
 * Returns the expressions with those subexpressions replaced.
 */
export function precomputeDataTerms(plan: GradientPlan, roots: readonly ScalarExpr[], size: number): ScalarExpr[] {
  const { symbols, builder } = plan;
  const isData = (info: SymbolInfo | undefined): boolean =>
    info !== undefined && info.kind === 'element' && info.array.adjoint === null && info.size === size && plan.constantsByName.has(info.array.name);
  const order = topologicalOrder(roots);
  const dataOnly = new Map<number, boolean>();
  for (const node of order) {
    if (node.kind === 'constant') dataOnly.set(node.id, true);
    else if (node.kind === 'input') dataOnly.set(node.id, isData(symbols[node.index]));
    else dataOnly.set(node.id, node.args.every((a) => dataOnly.get(a.id) === true));
  }
  // The largest data-only subexpressions: applications used by something that is not one.
  const chosen = new Map<number, ScalarExpr>();
  const consider = (node: ScalarExpr): void => {
    if (node.kind === 'apply' && dataOnly.get(node.id) === true && node.args.some((a) => a.kind === 'input')) chosen.set(node.id, node);
  };
  for (const node of order) if (node.kind === 'apply' && dataOnly.get(node.id) !== true) node.args.forEach(consider);
  roots.forEach(consider);
  if (chosen.size === 0) return [...roots];
  const replacements = new Map<number, ScalarExpr>();
  for (const node of chosen.values()) {
    const known = plan.precomputed.get(node.id);
    if (known !== undefined) {
      replacements.set(node.id, known);
      continue;
    }
    const inputs = topologicalOrder([node]).filter((n) => n.kind === 'input');
    const program = new ScalarProgram([node]);
    const point = new Float64Array(Math.max(0, ...inputs.map((n) => (n as { index: number }).index)) + 1);
    const values = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      for (const input of inputs) {
        const info = symbols[(input as { index: number }).index] as SymbolInfo & { kind: 'element' };
        point[(input as { index: number }).index] = plan.constantsByName.get(info.array.name)![info.array.offset + j]!;
      }
      values[j] = program.value(point);
    }
    const symbol = plan.addConstantElement(values);
    plan.precomputed.set(node.id, symbol);
    replacements.set(node.id, symbol);
  }
  return substitute(builder, roots, (node) => replacements.get(node.id));
}
