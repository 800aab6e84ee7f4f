import { quoteSource } from './errors.js';
import { primal } from '../../ad/trace.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { formatCount, raiseHint, type ElementBudget } from '../../models/api/limits.js';
import { INT, REAL, elementCount, intArrayType, matrixType, rowVectorType, vectorType, withArticle, type Size, type SpecType } from './types.js';

/** A declaration's shape fields, as every block writes them. */
export interface Shaped {
  readonly type: string;
  readonly size?: number | string | undefined;
  readonly rows?: number | string | undefined;
  readonly cols?: number | string | undefined;
}

/**
 * A size: a number, or an int expression over data ("J", "N - 1"), evaluated now.
 * Returns null when it cannot be known (checking without data), undefined after an issue.
 */
export function evaluateSize(size: number | string, path: JsonPath, context: LowerContext, issues: IssueList): Size | undefined {
  if (typeof size === 'number') return withinLimit(size, path, context, issues);
  const lowered = lowerAt(size, path, context, issues);
  if (lowered === undefined) return undefined;
  if (lowered.type.kind !== 'int') {
    issues.add(path, `a size must be an int, but ${quoteSource(size)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  if (!lowered.constant) {
    issues.add(path, `a size must be known before sampling (an int expression over data), but ${quoteSource(size)} depends on parameters or local variables`);
    return undefined;
  }
  if (!context.foldable) return null;
  const n = primal(lowered.evaluate({ slots: [] })) as number;
  if (n < 0) {
    issues.add(path, `size ${quoteSource(size)} is ${n}, but a size must be non-negative`);
    return undefined;
  }
  return withinLimit(n, path, context, issues);
}

/** One size (an axis) over the element limit is refused on its own: matrix[1e308, 0] holds no element, but no axis is that long. */
function withinLimit(n: number, path: JsonPath, context: LowerContext, issues: IssueList): Size | undefined {
  const { maxElements } = context.limits;
  if (n <= maxElements) return n;
  issues.add(path, `size ${formatCount(n)} exceeds the limit of ${formatCount(maxElements)} elements; ${raiseHint('maxElements')}`);
  return undefined;
}

/**
 * The static type of a declaration with type `type` and sizes (evaluated). Scalars,
 * vectors, int arrays, matrices; constrained vectors (simplex, ordered, ...) are vectors
 * and Cholesky factors square matrices.
 */
export function declaredType(declaration: Shaped, path: JsonPath, context: LowerContext, issues: IssueList): SpecType | undefined {
  const sizeOf = (key: 'size' | 'rows' | 'cols'): Size | undefined => {
    const value = declaration[key];
    if (value === undefined) {
      issues.add([...path, key], `is required for a ${declaration.type}`);
      return undefined;
    }
    return evaluateSize(value, [...path, key], context, issues);
  };
  switch (declaration.type) {
    case 'int':
      return INT;
    case 'real':
      return REAL;
    case 'vector':
    case 'simplex':
    case 'ordered':
    case 'positive_ordered': {
      const n = sizeOf('size');
      return n === undefined ? undefined : vectorType(n);
    }
    case 'row_vector': {
      const n = sizeOf('size');
      return n === undefined ? undefined : rowVectorType(n);
    }
    case 'int_array': {
      const n = sizeOf('size');
      return n === undefined ? undefined : intArrayType(n);
    }
    case 'cholesky_factor_corr':
    case 'cholesky_factor_cov': {
      const n = sizeOf('size');
      return n === undefined ? undefined : matrixType(n, n);
    }
    case 'matrix': {
      const rows = sizeOf('rows');
      const cols = sizeOf('cols');
      return rows === undefined || cols === undefined ? undefined : matrixType(rows, cols);
    }
    default:
      issues.add([...path, 'type'], `unknown type "${declaration.type}"`);
      return undefined;
  }
}

/**
 * Charges a declaration's elements to the program's budget before anything of its size is
 * read or computed; an issue at `path` (and undefined, so that its uses stay silent) when
 * it is over. Sizes still unknown (checking without data) cost nothing yet.
 */
export function chargeBudget(type: SpecType | undefined, budget: ElementBudget, output: boolean, path: JsonPath, issues: IssueList): SpecType | undefined {
  if (type === undefined) return undefined;
  const n = elementCount(type);
  const problem = n === null ? undefined : budget.add(n, output);
  if (problem === undefined) return type;
  issues.add(path, problem);
  return undefined;
}
