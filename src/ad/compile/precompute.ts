import { substitute, topologicalOrder, type ExprBuilder, type ScalarExpr } from '../scalar/expr.js';
import { ADD, DIV, MUL, SUB } from '../scalar/primitives.js';
import { ScalarProgram } from '../scalar/program.js';
import type { GradientPlan, SymbolInfo } from './plan.js';

/**
 * Subexpressions of a loop that depend on data alone (log σ_j and 1/σ_j for a data scale
 * vector, y_j − x_j·β for data-only terms) are the same at every evaluation: they are
 * computed once, when the gradient is compiled, into new constant arrays that the loop
 * reads instead. (A model's data are its own copies, never changed after compile.)
 * Returns the expressions with those subexpressions replaced.
 */
export function precomputeDataTerms(plan: GradientPlan, original: readonly ScalarExpr[], size: number): ScalarExpr[] {
  const { symbols, builder } = plan;
  const isData = (info: SymbolInfo | undefined): boolean =>
    info !== undefined && info.kind === 'element' && info.array.adjoint === null && info.size === size && plan.constantsByName.has(info.array.name);
  const classify = (order: readonly ScalarExpr[]): Map<number, boolean> => {
    const dataOnly = new Map<number, boolean>();
    for (const node of order) {
      if (node.kind === 'constant') dataOnly.set(node.id, true);
      else if (node.kind === 'input') dataOnly.set(node.id, isData(symbols[node.index]));
      else dataOnly.set(node.id, node.args.every((a) => dataOnly.get(a.id) === true));
    }
    return dataOnly;
  };
  const roots = rewriteForData(builder, original, classify(topologicalOrder(original)));
  const order = topologicalOrder(roots);
  const dataOnly = classify(order);
  // Data-only nodes that read an array (not constants alone, which the builder folds).
  const readsData = new Map<number, boolean>();
  for (const node of order) readsData.set(node.id, node.kind === 'input' || (node.kind === 'apply' && node.args.some((a) => readsData.get(a.id) === true)));
  // The largest data-only subexpressions: applications used by something that is not one.
  const chosen = new Map<number, ScalarExpr>();
  const consider = (node: ScalarExpr): void => {
    if (node.kind === 'apply' && dataOnly.get(node.id) === true && readsData.get(node.id) === true) chosen.set(node.id, node);
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

/** Whether symbol `index` reads element j of a data array of `size` elements (the same at every evaluation). */
export function isDataSymbol(plan: GradientPlan, index: number, size: number): boolean {
  const info = plan.symbols[index];
  return info !== undefined && info.kind === 'element' && info.array.adjoint === null && info.size === size && plan.constantsByName.has(info.array.name);
}

/** Whether `expr` depends on data arrays of `size` elements and numbers alone (the same at every evaluation). */
export function isDataOnly(plan: GradientPlan, expr: ScalarExpr, size: number): boolean {
  return topologicalOrder([expr]).every((node) => node.kind !== 'input' || isDataSymbol(plan, node.index, size));
}

/** Σ_j of a data-only expression (isDataOnly) over its `size` elements, computed once at compile time. */
export function sumOverData(plan: GradientPlan, expr: ScalarExpr, size: number): number {
  if (expr.kind === 'constant') return size * expr.value;
  const inputs = topologicalOrder([expr]).filter((n) => n.kind === 'input') as { index: number }[];
  const program = new ScalarProgram([expr]);
  const point = new Float64Array(Math.max(0, ...inputs.map((n) => n.index)) + 1);
  let total = 0;
  for (let j = 0; j < size; j++) {
    for (const { index } of inputs) {
      const info = plan.symbols[index] as SymbolInfo & { kind: 'element' };
      point[index] = plan.constantsByName.get(info.array.name)![info.array.offset + j]!;
    }
    total += program.value(point);
  }
  return total;
}

/**
 * Rewrites that let more work move into precomputed data arrays (compiled gradients agree
 * with the interpreter to rounding, not bit for bit):
 * - x / y with y from data alone (a scale vector) and x not becomes x · (1/y), so that 1/y is
 *   precomputed and the loop multiplies: a division costs several multiplications;
 * - (x ± d₁) ± d₂ with d₁, d₂ from data (a log-scale and a normalising constant) becomes
 *   x ± (d₁ ± d₂), one precomputed term, when nothing else uses x ± d₁.
 */
function rewriteForData(builder: ExprBuilder, roots: readonly ScalarExpr[], dataOnly: ReadonlyMap<number, boolean>): ScalarExpr[] {
  const order = topologicalOrder(roots);
  const uses = new Map<number, number>();
  for (const node of order) if (node.kind === 'apply') for (const a of node.args) uses.set(a.id, (uses.get(a.id) ?? 0) + 1);
  for (const root of roots) uses.set(root.id, (uses.get(root.id) ?? 0) + 1);
  const isData = (node: ScalarExpr): boolean => dataOnly.get(node.id) === true;
  const mapped = new Map<number, ScalarExpr>();
  for (const node of order) {
    if (node.kind !== 'apply') {
      mapped.set(node.id, node);
      continue;
    }
    const args = node.args.map((a) => mapped.get(a.id)!);
    const [x, y] = node.args;
    let result: ScalarExpr | null = null;
    if (node.fn === DIV && !isData(x!) && isData(y!) && y!.kind !== 'constant') {
      result = builder.apply(MUL, [args[0]!, builder.apply(DIV, [1, args[1]!])]);
    } else if ((node.fn === ADD || node.fn === SUB) && isData(y!) && x!.kind === 'apply' && (x!.fn === ADD || x!.fn === SUB) && uses.get(x!.id) === 1) {
      const [inner, d1] = x!.args;
      if (!isData(inner!) && isData(d1!)) {
        // (u + d₁) + d₂ = u + (d₁ + d₂); (u + d₁) − d₂ = u + (d₁ − d₂); (u − d₁) + d₂ = u − (d₁ − d₂); (u − d₁) − d₂ = u − (d₁ + d₂)
        const data = builder.apply(x!.fn === node.fn ? ADD : SUB, [mapped.get(d1!.id)!, args[1]!]);
        result = builder.apply(x!.fn, [mapped.get(inner!.id)!, data]);
      }
    }
    mapped.set(node.id, result ?? builder.apply(node.fn, args));
  }
  return roots.map((r) => mapped.get(r.id)!);
}
