import { SpecError, type SpecIssue } from './errors.js';
import { checked, compileProgram } from './compile.js';
import type { ProgramParameter } from './program.js';
import { formatType, shapeOfType } from './types.js';
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

export type SpecCheck = { readonly ok: true; readonly quantities: readonly SpecQuantity[] } | { readonly ok: false; readonly issues: readonly SpecIssue[] };

function unconstrainedSize(p: ProgramParameter): number | null {
  const [n, m] = shapeOfType(p.type).map((d) => (d === undefined || d === null ? null : d));
  if (n === null || (p.type.kind === 'matrix' && m === null)) return null;
  switch (p.declaration.type) {
    case 'simplex':
      return n! - 1;
    case 'cholesky_factor_corr':
      return (n! * (n! - 1)) / 2;
    case 'cholesky_factor_cov':
      return (n! * (n! + 1)) / 2;
    case 'matrix':
      return n! * m!;
    default:
      return n ?? 1;
  }
}

function typeText(p: ProgramParameter): string {
  const d = p.declaration as { type: string; lower?: unknown; upper?: unknown };
  const bounds = [d.lower === undefined ? '' : `lower=${String(d.lower)}`, d.upper === undefined ? '' : `upper=${String(d.upper)}`].filter((b) => b !== '');
  const boundText = bounds.length > 0 ? `<${bounds.join(', ')}>` : '';
  const shape = formatType(p.type);
  if (d.type === 'real' || d.type === 'vector' || d.type === 'matrix') return shape.replace(/^(real|vector|matrix)/, `$1${boundText}`);
  return `${d.type}[${shape.replace(/^[^[]*\[([^,\]]*).*$/, '$1')}]`;
}

/**
 * Checks a spec (and its data, when given) without sampling: every problem with its
 * JSON path, or the table of quantities the model declares. With data (or when the spec
 * declares none) the model is also compiled and its model block run once, as compileSpec
 * does. Sizes, loops and nesting are held to `options.limits` (see ResourceLimits).
 */
export function checkSpec(specJson: unknown, data?: unknown, options: { readonly limits?: ResourceLimits } = {}): SpecCheck {
  const program = checked(specJson, data, resolveLimits(options.limits));
  if (Array.isArray(program)) return { ok: false, issues: program };
  if (program.complete) {
    try {
      compileProgram(program, options);
    } catch (error) {
      if (error instanceof SpecError) return { ok: false, issues: error.issues };
      throw error;
    }
  }
  const quantities: SpecQuantity[] = [
    ...program.parameters.map((p) => ({ name: p.name, block: 'parameters' as const, type: typeText(p), unconstrainedSize: unconstrainedSize(p) })),
    ...program.transformedParameters.map((q) => ({ name: q.name, block: 'transformed_parameters' as const, type: formatType(q.type), unconstrainedSize: 0 })),
    ...program.generatedQuantities.map((q) => ({ name: q.name, block: 'generated_quantities' as const, type: formatType(q.type), unconstrainedSize: 0 })),
  ];
  return { ok: true, quantities };
}
