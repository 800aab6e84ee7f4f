import { quoteSource } from './errors.js';
import { primal } from '../../ad/trace.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import type { Lowered } from './lowered.js';
import type { Expr } from './ast.js';
import { parseExpression } from './parse.js';
import { EvaluationError } from './local-variable.js';
import { formatCount, raiseHint, type ElementBudget } from '../../models/api/limits.js';
import type { StructuredKind } from '../../models/transforms/membership.js';
import type { TypeName } from './schema-declarations.js';
import type { Frame } from './scope.js';
import { INT, REAL, arrayType, elementCount, intArrayType, matrixType, rowVectorType, vectorType, withArticle, type Size, type SpecType } from './types.js';

/** A declaration's shape fields, as every block writes them. */
export interface Shaped {
  readonly type: string;
  readonly size?: number | string | undefined;
  readonly rows?: number | string | undefined;
  readonly cols?: number | string | undefined;
  readonly array?: readonly (number | string)[] | undefined;
}

/** The structure a constrained type puts on its value, checked where values are given rather than made by a transform. */
export const STRUCTURE_OF: Readonly<Partial<Record<TypeName, StructuredKind>>> = {
  simplex: 'simplex',
  unit_vector: 'unitVector',
  sum_to_zero_vector: 'sumToZero',
  ordered: 'ordered',
  positive_ordered: 'positiveOrdered',
  cholesky_factor_corr: 'choleskyCorr',
  cholesky_factor_cov: 'choleskyCov',
  corr_matrix: 'corrMatrix',
  cov_matrix: 'covMatrix',
  row_stochastic_matrix: 'rowStochastic',
  column_stochastic_matrix: 'columnStochastic',
};

/**
 * How sizes may be given: `data` (an int expression over data, known before sampling: the
 * sizes of every block's variables) or `local` (any int expression that does not depend on
 * parameters, such as a loop variable: the sizes of local variables, known when the
 * declaration runs).
 */
export type SizeRule = 'data' | 'local';

/** A size as lowered: its value when known at check time (null: not yet), and how to compute it at run time. */
interface LoweredSize {
  readonly known: Size;
  readonly evaluate: ((frame: Frame) => number) | undefined;
}

/**
 * A size: a number, or an int expression, evaluated now when it is over data. Returns
 * undefined after an issue.
 */
function lowerSize(size: number | string, path: JsonPath, rule: SizeRule, context: LowerContext, issues: IssueList): LoweredSize | undefined {
  if (typeof size === 'number') return withinLimit(size, path, context, issues) === undefined ? undefined : { known: size, evaluate: undefined };
  const lowered = lowerAt(size, path, context, issues);
  if (lowered === undefined) return undefined;
  if (lowered.type.kind !== 'int') {
    issues.add(path, `a size must be an int, but ${quoteSource(size)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  if (!lowered.constant) {
    if (rule === 'local' && !readsParameters(size, context)) return { known: null, evaluate: runtimeSize(lowered, size) };
    issues.add(path, `a size must be known before sampling (an int expression over data), but ${quoteSource(size)} depends on parameters or local variables`);
    return undefined;
  }
  if (!context.foldable) return { known: null, evaluate: undefined };
  const n = primal(lowered.evaluate({ slots: [] })) as number;
  if (n < 0) {
    issues.add(path, `size ${quoteSource(size)} is ${n}, but a size must be non-negative`);
    return undefined;
  }
  return withinLimit(n, path, context, issues) === undefined ? undefined : { known: n, evaluate: undefined };
}

/** The names an expression reads, without recursion (the tree may be deep). */
function namesIn(expr: Expr): string[] {
  const names: string[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    switch (e.kind) {
      case 'name':
        names.push(e.name);
        break;
      case 'negate':
      case 'not':
      case 'transpose':
        stack.push(e.operand);
        break;
      case 'binary':
        stack.push(e.left, e.right);
        break;
      case 'conditional':
        stack.push(e.condition, e.ifTrue, e.ifFalse);
        break;
      case 'call':
        stack.push(...e.args);
        break;
      case 'index':
        stack.push(e.target);
        for (const i of e.indices) stack.push(...(i.kind === 'single' ? [i.expr] : [i.start, i.end].filter((b): b is Expr => b !== null)));
        break;
      case 'vector':
      case 'rowVector':
      case 'array':
        stack.push(...e.elements);
        break;
      default:
        break;
    }
  }
  return names;
}

/** Whether a size reads parameters or transformed parameters (a shape that would change with the point: refused). */
function readsParameters(source: string, context: LowerContext): boolean {
  let expr: Expr;
  try {
    expr = parseExpression(source, context.limits.maxDepth);
  } catch {
    return false;
  }
  return namesIn(expr).some((name) => {
    const role = context.scope.lookup(name)?.role;
    return role === 'parameter' || role === 'transformed parameter';
  });
}

/** A size known only when the declaration runs (a loop variable's): checked then. */
function runtimeSize(lowered: Lowered, source: string): (frame: Frame) => number {
  return (frame) => {
    const n = primal(lowered.evaluate(frame)) as number;
    if (!(n >= 0)) throw new EvaluationError(`size ${quoteSource(source)} is ${n}, but a size must be non-negative`);
    return n;
  };
}

/** One size (an axis) over the element limit is refused on its own: matrix[1e308, 0] holds no element, but no axis is that long. */
function withinLimit(n: number, path: JsonPath, context: LowerContext, issues: IssueList): number | undefined {
  const { maxElements } = context.limits;
  if (n <= maxElements) return n;
  issues.add(path, `size ${formatCount(n)} exceeds the limit of ${formatCount(maxElements)} elements; ${raiseHint('maxElements')}`);
  return undefined;
}

/** A declared type: static (sizes null where unknown) and, when some size is known only at run time, the shape then. */
export interface DeclaredShape {
  readonly type: SpecType;
  /** The structured constraint of the type (simplex, corr_matrix, ...), if any. */
  readonly structure: StructuredKind | undefined;
  /** Computes the shape when the declaration runs; undefined when every size is known now. */
  readonly shape: ((frame: Frame) => number[]) | undefined;
}

/** The element type of a type name with its sizes (as many as the type takes). */
function typeOf(name: string, sizes: readonly Size[]): SpecType | undefined {
  switch (name) {
    case 'int':
      return INT;
    case 'real':
      return REAL;
    case 'vector':
    case 'simplex':
    case 'unit_vector':
    case 'sum_to_zero_vector':
    case 'ordered':
    case 'positive_ordered':
      return vectorType(sizes[0]!);
    case 'row_vector':
      return rowVectorType(sizes[0]!);
    case 'int_array':
      return intArrayType(sizes[0]!);
    case 'cholesky_factor_corr':
    case 'corr_matrix':
    case 'cov_matrix':
      return matrixType(sizes[0]!, sizes[0]!);
    case 'cholesky_factor_cov':
      return sizes.length === 1 ? matrixType(sizes[0]!, sizes[0]!) : matrixType(sizes[0]!, sizes[1]!);
    case 'matrix':
    case 'row_stochastic_matrix':
    case 'column_stochastic_matrix':
      return matrixType(sizes[0]!, sizes[1]!);
    default:
      return undefined;
  }
}

/** The size keys a type name takes, in order. */
function sizeKeys(declaration: Shaped): ('size' | 'rows' | 'cols')[] | string {
  switch (declaration.type) {
    case 'int':
    case 'real':
      return [];
    case 'matrix':
    case 'row_stochastic_matrix':
    case 'column_stochastic_matrix':
      return ['rows', 'cols'];
    case 'cholesky_factor_cov':
      if (declaration.size !== undefined && (declaration.rows !== undefined || declaration.cols !== undefined)) return 'give "size" (a K×K factor) or "rows" and "cols" (an M×N factor, M ≥ N), not both';
      return declaration.size !== undefined || (declaration.rows === undefined && declaration.cols === undefined) ? ['size'] : ['rows', 'cols'];
    default:
      return ['size'];
  }
}

/**
 * The static type of a declaration with type `type`, its sizes and array sizes (evaluated
 * when over data). Scalars, vectors, row vectors, int arrays, matrices; constrained vectors
 * (simplex, ordered, ...) are vectors and constrained matrices matrices, with their
 * structure beside; `array` wraps any of them.
 */
export function declaredType(declaration: Shaped, path: JsonPath, context: LowerContext, issues: IssueList, rule: SizeRule = 'data'): DeclaredShape | undefined {
  const keys = sizeKeys(declaration);
  if (typeof keys === 'string') {
    issues.add([...path, 'size'], keys);
    return undefined;
  }
  const sizes: LoweredSize[] = [];
  for (const key of keys) {
    const value = declaration[key];
    if (value === undefined) {
      issues.add([...path, key], `is required for a ${declaration.type}`);
      return undefined;
    }
    const lowered = lowerSize(value, [...path, key], rule, context, issues);
    if (lowered === undefined) return undefined;
    sizes.push(lowered);
  }
  const dims: LoweredSize[] = [];
  for (const [k, value] of (declaration.array ?? []).entries()) {
    const lowered = lowerSize(value, [...path, 'array', k], rule, context, issues);
    if (lowered === undefined) return undefined;
    dims.push(lowered);
  }
  const element = typeOf(declaration.type, sizes.map((s) => s.known));
  if (element === undefined) {
    issues.add([...path, 'type'], `unknown type "${declaration.type}"`);
    return undefined;
  }
  if (declaration.type === 'cholesky_factor_cov' && sizes.length === 2 && sizes[0]!.known !== null && sizes[1]!.known !== null && sizes[0]!.known < sizes[1]!.known) {
    issues.add([...path, 'rows'], `a Cholesky factor of a covariance matrix has at least as many rows as columns, but rows is ${sizes[0]!.known} and cols ${sizes[1]!.known}`);
    return undefined;
  }
  const type = arrayType(dims.map((d) => d.known), element);
  const all = [...dims, ...sizes];
  // cholesky_factor_cov[K] and the square types read their one size twice.
  const square = sizes.length === 1 && element.kind === 'matrix';
  const shape = all.some((s) => s.evaluate !== undefined)
    ? (frame: Frame): number[] => {
        const values = all.map((s) => (s.evaluate === undefined ? s.known! : s.evaluate(frame)));
        return square ? [...values, values[values.length - 1]!] : values;
      }
    : undefined;
  return { type, structure: STRUCTURE_OF[declaration.type as TypeName], shape };
}

/**
 * Charges a declaration's elements to the program's budget before anything of its size is
 * read or computed; an issue at `path` (and undefined, so that its uses stay silent) when
 * it is over. Sizes still unknown (checking without data) cost nothing yet.
 */
export function chargeBudget<T extends { readonly type: SpecType }>(declared: T | undefined, budget: ElementBudget, output: boolean, path: JsonPath, issues: IssueList): T | undefined {
  if (declared === undefined) return undefined;
  const n = elementCount(declared.type);
  const problem = n === null ? undefined : budget.add(n, output);
  if (problem === undefined) return declared;
  issues.add(path, problem);
  return undefined;
}
