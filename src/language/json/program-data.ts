import type { Value } from '../../ad/trace.js';
import { primal } from '../../ad/trace.js';
import { markConstant } from '../../ad/constants.js';
import { Tensor } from '../../ad/tensor.js';
import { indexText } from '../../models/api/names.js';
import { structureViolation } from '../../models/transforms/membership.js';
import type { ProgramContext } from './blocks.js';
import { checkConstantBounds, lowerDeclarationBound } from './bounds.js';
import { checkDataBound, readDataValue } from './data-values.js';
import { formatPath } from './errors.js';
import type { IssueList, JsonPath } from './issues.js';
import type { DataDeclaration, ModelSpec } from './schema.js';
import type { Scope } from './scope.js';
import { chargeBudget, declaredType, type DeclaredShape, type Shaped } from './sizes.js';
import { arrayDims, elementType, type SpecType } from './types.js';

// The data block: each declared field read from the data object, checked against its type
// (arrays of any rank), its bounds and, for constrained types (a simplex, a correlation
// matrix), its structure, once, when the spec is compiled.

/** A field of the data object: own properties only, so that a missing field named `valueOf` is missing. */
function dataField(input: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(input, name) ? input[name] : undefined;
}

/** ` with J = 8`: the values of named sizes, for messages about the data. */
function sizeNames(declaration: Shaped, type: SpecType): string {
  const named: string[] = [];
  const add = (size: number | string | undefined, value: number | null | undefined): void => {
    if (typeof size === 'string' && value !== null && value !== undefined && !named.some((n) => n.startsWith(`${size} =`))) named.push(`${size} = ${value}`);
  };
  (declaration.array ?? []).forEach((size, k) => add(size, arrayDims(type)[k]));
  const element = elementType(type);
  if (element.kind === 'matrix') {
    add(declaration.rows ?? declaration.size, element.rows);
    add(declaration.cols ?? declaration.size, element.cols);
  } else if (element.kind === 'vector' || element.kind === 'row_vector') add(declaration.size, element.size);
  else if (type.kind === 'int_array' && declaration.array === undefined) add(declaration.size, type.size);
  return named.length === 0 ? '' : ` with ${named.join(', ')}`;
}

/** A constrained data value's structure (a simplex, ...), checked as it is read. */
function checkStructure(name: string, declared: DeclaredShape, value: Value, issues: IssueList): boolean {
  if (declared.structure === undefined) return true;
  const p = primal(value);
  if (typeof p === 'number') return true;
  const broken = structureViolation(declared.structure, p.data, p.shape);
  if (broken === undefined) return true;
  const path: JsonPath = ['data', name];
  issues.add(path, `${name}${indexText(p.shape, broken.index)} (1-based) is ${p.data[broken.index]}, but must be ${broken.rule}`);
  return false;
}

/** Reads and checks every data field; scalars first, so that sizes and bounds may use any of them (as the TypeScript API does). */
export function readData(
  spec: ModelSpec,
  input: Readonly<Record<string, unknown>> | undefined,
  scope: Scope,
  context: ProgramContext,
  issues: IssueList,
): { values: Record<string, Value>; types: Map<string, SpecType> } {
  const values: Record<string, Value> = Object.create(null);
  const types = new Map<string, SpecType>();
  const entries = Object.entries(spec.data) as [string, DataDeclaration][];
  const isScalar = (d: DataDeclaration): boolean => (d.type === 'int' || d.type === 'real') && d.array === undefined;
  const ordered = [...entries.filter(([, d]) => isScalar(d)), ...entries.filter(([, d]) => !isScalar(d))];
  for (const [name, declaration] of ordered) {
    const path: JsonPath = ['data', name];
    const declared = chargeBudget(declaredType(declaration, path, context, issues), context.budget, false, path, issues);
    const type = declared?.type;
    const lower = type && lowerDeclarationBound(declaration.lower, type, [...path, 'lower'], context, issues);
    const upper = type && lowerDeclarationBound(declaration.upper, type, [...path, 'upper'], context, issues);
    const boundsOk = checkConstantBounds(lower, upper, path, context, issues, false);
    let value: Value | undefined;
    if (declared !== undefined && input !== undefined && boundsOk) {
      value = readDataValue(name, declared.type, dataField(input, name), sizeNames(declaration, declared.type), issues);
      if (value !== undefined) {
        const before = issues.count;
        if (lower !== undefined) checkDataBound(name, value, lower.evaluate({ slots: [] }), 'lower', issues);
        if (upper !== undefined) checkDataBound(name, value, upper.evaluate({ slots: [] }), 'upper', issues);
        if (issues.count === before && checkStructure(name, declared, value, issues)) {
          // Data never change: marked so (ad/constants.ts), as the TypeScript API does, so that
          // their checks are remembered and dense kernels keep a copy of them (src/ad/wasm).
          if (value instanceof Tensor) markConstant(value);
          values[name] = value;
        } else value = undefined;
      }
    }
    const usable = type !== undefined && (input === undefined || value !== undefined);
    scope.defineConstant(name, 'data', usable ? type : null, formatPath(path), value);
    if (usable) types.set(name, type);
  }
  return { values, types };
}
