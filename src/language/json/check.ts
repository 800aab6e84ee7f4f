import { SpecError, type SpecIssue } from './errors.js';
import { checked, compileProgram, defaultPrintSink } from './compile.js';
import { UnassignedReads } from './local-variable.js';
import { unassignedReads } from './warnings.js';
import type { ProgramParameter } from './program.js';
import { arrayDims, elementType, formatType } from './types.js';
import { resolveLimits, type ResourceLimits } from '../../models/api/limits.js';

/** A quantity a spec declares, as `checkSpec` lists it. */
export interface SpecQuantity {
  readonly name: string;
  readonly block: 'parameters' | 'transformed_parameters' | 'generated_quantities';
  /** `vector[8]`, `simplex[3]`, `real<lower=0>`; sizes are `?` when checked without data. */
  readonly type: string;
  /** Unconstrained coordinates (parameters only); null when the sizes are unknown. */
  readonly unconstrainedSize: number | null;
}

/**
 * The quantities a valid spec declares and its warnings (each at its JSON path: a real read
 * before it is assigned, which reads NaN as in Stan), or every problem.
 */
export type SpecCheck =
  | { readonly ok: true; readonly quantities: readonly SpecQuantity[]; readonly warnings: readonly SpecIssue[] }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/** Unconstrained reals of one element of a declared type, from its sizes (Stan's transforms). */
function elementUnconstrainedSize(typeName: string, n: number, m: number): number {
  switch (typeName) {
    case 'simplex':
    case 'sum_to_zero_vector':
      return n - 1;
    case 'cholesky_factor_corr':
    case 'corr_matrix':
      return (n * (n - 1)) / 2;
    case 'cov_matrix':
      return (n * (n + 1)) / 2;
    case 'cholesky_factor_cov':
      return (m * (m + 1)) / 2 + (n - m) * m;
    case 'row_stochastic_matrix':
      return n * (m - 1);
    case 'column_stochastic_matrix':
      return (n - 1) * m;
    case 'matrix':
      return n * m;
    case 'real':
      return 1;
    default:
      return n;
  }
}

function unconstrainedSize(p: ProgramParameter): number | null {
  const dims = arrayDims(p.type);
  const element = elementType(p.type);
  const sizes = element.kind === 'matrix' ? [element.rows, element.cols] : element.kind === 'vector' || element.kind === 'row_vector' ? [element.size, 1] : [1, 1];
  if ([...dims, ...sizes].some((d) => d === null)) return null;
  const count = (dims as number[]).reduce((a, b) => a * b, 1);
  return count * elementUnconstrainedSize(p.declaration.type, sizes[0]!, sizes[1]!);
}

/** `real<lower=0>`, `array[3] simplex[4]`, `vector<offset=mu, multiplier=tau>[8]`, with sizes as numbers (or `?`). */
function typeText(p: ProgramParameter): string {
  const d = p.declaration;
  const constraints = (['lower', 'upper', 'offset', 'multiplier'] as const).filter((side) => d[side] !== undefined).map((side) => `${side}=${String(d[side])}`);
  const constraintText = constraints.length > 0 ? `<${constraints.join(', ')}>` : '';
  const dims = arrayDims(p.type);
  const prefix = dims.length === 0 ? '' : `array[${dims.map((n) => n ?? '?').join(', ')}] `;
  const element = elementType(p.type);
  const show = (n: number | null): string => (n === null ? '?' : String(n));
  const sizes =
    element.kind === 'matrix'
      ? ['cholesky_factor_corr', 'corr_matrix', 'cov_matrix'].includes(d.type) || (d.type === 'cholesky_factor_cov' && element.rows === element.cols)
        ? `[${show(element.rows)}]`
        : `[${show(element.rows)}, ${show(element.cols)}]`
      : element.kind === 'vector' || element.kind === 'row_vector'
        ? `[${show(element.size)}]`
        : '';
  return `${prefix}${d.type}${constraintText}${sizes}`;
}

/**
 * Checks a spec (and its data, when given) without sampling: every problem with its
 * JSON path, or the table of quantities the model declares. With data (or when the spec
 * declares none) the model is also compiled and its model block run once, as compileSpec
 * does. Sizes, loops and nesting are held to `options.limits` (see ResourceLimits).
 */
export function checkSpec(specJson: unknown, data?: unknown, options: { readonly limits?: ResourceLimits; readonly print?: (line: string) => void } = {}): SpecCheck {
  const reads = new UnassignedReads();
  const program = checked(specJson, data, resolveLimits(options.limits), { print: options.print ?? defaultPrintSink, unassigned: reads });
  if (Array.isArray(program)) return { ok: false, issues: program };
  let warnings: SpecIssue[] = [];
  if (program.complete) {
    try {
      warnings = unassignedReads(program, compileProgram(program, options), reads);
    } catch (error) {
      if (error instanceof SpecError) return { ok: false, issues: error.issues };
      throw error;
    }
  }
  const quantities: SpecQuantity[] = [
    ...program.parameters.map((p) => ({ name: p.name, block: 'parameters' as const, type: typeText(p), unconstrainedSize: unconstrainedSize(p) })),
    ...program.transformedParameters.variables.map((q) => ({ name: q.name, block: 'transformed_parameters' as const, type: formatType(q.type), unconstrainedSize: 0 })),
    ...program.generatedQuantities.variables.map((q) => ({ name: q.name, block: 'generated_quantities' as const, type: formatType(q.type), unconstrainedSize: 0 })),
  ];
  return { ok: true, quantities, warnings };
}
