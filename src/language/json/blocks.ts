import { primal, type Value } from '../../ad/trace.js';
import { guarded } from '../../models/distributions/guarded.js';
import type { Target } from '../../models/api/target.js';
import { declarationText, isConstrained, violationOf, type BlockVariable } from './block-variables.js';
import { lowerDeclarationBound } from './bounds.js';
import { formatPath } from './errors.js';
import { IssueList, type JsonPath } from './issues.js';
import type { LocalVariable } from './local-variable.js';
import type { LowerContext } from './lower-expression.js';
import type { Lowered } from './lowered.js';
import type { Frame, Scope } from './scope.js';
import type { GeneratedQuantity, Statement, TransformedData, TransformedParameter } from './schema.js';
import { lowerDeclaration } from './statements-declare.js';
import { locate, lowerStatements, runAll, type Executor, type StatementContext } from './statements.js';
import type { ElementBudget } from '../../models/api/limits.js';

// The transformed blocks (transformed data, transformed parameters, generated quantities)
// as Stan's: statements whose top-level declarations are the block's variables, or, in the
// short form, one declaration with its value (or draw) per variable. Either way the block
// lowers to statements and a list of variables, read when the block ends and checked
// against their declarations.

export type ComputedBlockName = 'transformed_data' | 'transformed_parameters' | 'generated_quantities';
type Declarations = Readonly<Record<string, TransformedData | TransformedParameter | GeneratedQuantity>>;

export interface LoweredBlock {
  readonly name: ComputedBlockName;
  readonly executors: readonly Executor[];
  readonly variables: readonly BlockVariable[];
}

/** The context of a whole program: expressions', plus the element budget all declarations share. */
export interface ProgramContext extends LowerContext {
  readonly budget: ElementBudget;
}

/** Lowers a transformed block, in the short form or as statements, in a scope of its own under `scope`. */
export function lowerComputedBlock(name: ComputedBlockName, source: Declarations | readonly Statement[], scope: Scope, context: ProgramContext, issues: IssueList): LoweredBlock {
  const blockScope = scope.child();
  const variables: BlockVariable[] = [];
  const statementContext: StatementContext = { ...context, scope: blockScope, allowRng: name !== 'transformed_parameters', loopTrips: 1, block: name, inLoop: false, variables };
  if (Array.isArray(source)) return { name, executors: lowerStatements(source as Statement[], [name], blockScope, statementContext, issues), variables };
  const executors: Executor[] = [];
  for (const [variable, declaration] of Object.entries(source as Declarations)) {
    const path: JsonPath = [name, variable];
    const given = declaration as { value?: string; sample?: { distribution: string; args: string[] } };
    const value = given.sample !== undefined ? { draw: given.sample, path: [...path, 'sample'] } : given.value !== undefined ? { source: given.value, path: [...path, 'value'] } : undefined;
    const executor = lowerDeclaration({ name: variable, namePath: path, path, fields: declaration, value }, blockScope, statementContext, issues);
    if (executor !== undefined) executors.push(locate(executor, path));
  }
  return { name, executors, variables };
}

/** A target for the blocks that have none (they cannot hold ~ or target +=: refused when lowered). */
const NO_TARGET: Target = {
  add: () => {
    throw new Error('internal: target += outside the model block');
  },
  sample: () => {
    throw new Error('internal: ~ outside the model block');
  },
  total: 0,
};

/** Runs a block's statements in `frame`. */
export function runBlock(block: LoweredBlock, frame: Frame): void {
  runAll(block.executors, frame, NO_TARGET);
}

/** The block's variables as values, after it ran; `nanWhereUnassigned` records NaN for elements never assigned (generated quantities). */
export function blockValues(block: LoweredBlock, frame: Frame, nanWhereUnassigned = false): Record<string, Value> {
  const out: Record<string, Value> = Object.create(null);
  for (const v of block.variables) {
    const local = frame.slots[v.slot] as LocalVariable;
    out[v.name] = local.read(undefined, undefined, nanWhereUnassigned);
  }
  return out;
}

/** The first variable whose value breaks its declaration, as a message with the declaration's path; bounds evaluated in `frame`. */
export function firstViolation(block: LoweredBlock, values: Readonly<Record<string, Value>>, frame: Frame): { path: JsonPath; message: string } | undefined {
  for (const v of block.variables) {
    if (!isConstrained(v)) continue;
    const bound = (b: Lowered | undefined) => (b === undefined ? undefined : primal(b.evaluate(frame)));
    const message = violationOf(v, primal(values[v.name]!), bound(v.lower), bound(v.upper));
    if (message !== undefined) return { path: v.path, message };
  }
  return undefined;
}

/** A transformed parameter's declared constraint, checked as a term of the log density (0, or −∞ where it is broken). */
export interface DeclaredCheck {
  readonly variable: BlockVariable;
  readonly label: string;
  /** The term, in a frame that holds the transformed parameters' values (the model block's). */
  readonly term: (frame: Frame) => Value;
  /** The message when the constraint is broken there, or undefined (for reports; reads values). */
  readonly describe: (frame: Frame) => string | undefined;
}

/**
 * The checks of the transformed parameters' declarations, in `scope` (where the transformed
 * parameters are values). Each is a guarded term, so that a gradient recorded where the
 * constraints held, and replayed elsewhere, still gives −∞ where they break (Stan rejects
 * such a point), without the model code reading a parameter's value.
 */
export function lowerDeclaredChecks(block: LoweredBlock, scope: Scope, context: LowerContext): DeclaredCheck[] {
  const checks: DeclaredCheck[] = [];
  for (const v of block.variables) {
    if (!isConstrained(v)) continue;
    // Lowered again where the transformed parameters are values; problems were reported at the declaration.
    const quiet = new IssueList();
    const lower = lowerDeclarationBound(v.boundSources.lower, v.type, [...v.path, 'lower'], { ...context, scope }, quiet);
    const upper = lowerDeclarationBound(v.boundSources.upper, v.type, [...v.path, 'upper'], { ...context, scope }, quiet);
    if (quiet.count > 0) continue;
    const slot = v.slot;
    const inputs = (frame: Frame): Value[] => [frame.slots[slot] as Value, ...[lower, upper].filter((b): b is Lowered => b !== undefined).map((b) => b.evaluate(frame))];
    const hasLower = lower !== undefined;
    const hasUpper = upper !== undefined;
    const holds = (values: readonly unknown[]): boolean => describeWith(v, values, hasLower, hasUpper) === undefined;
    checks.push({
      variable: v,
      label: `${formatPath(v.path)}: the declaration ${declarationText(v)}`,
      term: (frame) => guarded(0, inputs(frame), holds),
      describe: (frame) => describeWith(v, inputs(frame).map(primal), hasLower, hasUpper),
    });
  }
  return checks;
}

function describeWith(v: BlockVariable, values: readonly unknown[], hasLower: boolean, hasUpper: boolean): string | undefined {
  const [value, ...bounds] = values as Parameters<typeof violationOf>[1][];
  const lower = hasLower ? bounds[0] : undefined;
  const upper = hasUpper ? bounds[hasLower ? 1 : 0] : undefined;
  return violationOf(v, value!, lower, upper);
}
