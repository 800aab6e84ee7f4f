import type { Target } from '../../models/api/target.js';
import type { ElementBudget } from '../../models/api/limits.js';
import type { BlockVariable } from './block-variables.js';
import { placeError } from './error-places.js';
import type { IssueList, JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import type { Frame, Scope } from './scope.js';
import type { Statement } from './schema.js';
import type { UserFunction } from './user-functions.js';

// What statements share: how a lowered statement runs (an Executor, returning how to go on)
// and what lowering one needs. Kept apart from statements.ts, which dispatches to the
// statement forms' files, so that those files import this and not the dispatcher (no
// import cycle); statements that hold statements get the list lowering as an argument.

/**
 * What a statement tells the statements around it: go on, or leave the innermost loop
 * (break), or its iteration (continue), or the user-defined function it is in (return).
 */
export type Flow = 0 | 1 | 2 | 3;
export const NEXT: Flow = 0;
export const BREAK: Flow = 1;
export const CONTINUE: Flow = 2;
export const RETURN: Flow = 3;

/** One statement, ready to run: adds to the target or updates the frame, and says how to go on. */
export type Executor = (frame: Frame, target: Target) => Flow;

/** The blocks statements stand in, by their names in a spec. */
export type BlockName = 'transformed_data' | 'transformed_parameters' | 'model' | 'generated_quantities' | 'functions';

/** What lowering statements needs beyond expressions. */
export interface StatementContext extends LowerContext {
  /** Declared locals are charged to it, once each (a local in a loop is rebuilt, not multiplied). */
  readonly budget: ElementBudget;
  /** Iterations per evaluation of the loops around (1 outside loops); null when one of them is known only at run time. */
  readonly loopTrips: number | null;
  readonly block: BlockName;
  /** Inside a loop body (break and continue are allowed). */
  readonly inLoop: boolean;
  /** At the top level of a transformed block: its declarations are the block's variables, collected here. */
  readonly variables?: BlockVariable[] | undefined;
  /** In the body of a user-defined function: the function (what `return` must give, whether `target +=` is allowed). */
  readonly function?: UserFunction | undefined;
}

/** Runs statements in order; a break or continue stops them and is passed up to the loop. */
export function runAll(executors: readonly Executor[], frame: Frame, target: Target): Flow {
  for (let k = 0; k < executors.length; k++) {
    const flow = executors[k]!(frame, target);
    if (flow !== NEXT) return flow;
  }
  return NEXT;
}

/** Lowers a list of statements (statements.ts's lowerStatements), passed to the statements that hold lists. */
export type LowerList = (statements: readonly Statement[], path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList) => Executor[];

/**
 * Adds the statement's path to errors: to the spec's own (an index out of range at run
 * time), and to plain Errors, which stay plain so that the log density still treats them
 * as a rejected point (a scale that is not positive), now saying where they came from.
 */
export function locate(executor: Executor, path: JsonPath): Executor {
  return (frame, target) => {
    try {
      return executor(frame, target);
    } catch (error) {
      throw placeError(error, path);
    }
  };
}
