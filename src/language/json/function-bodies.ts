import type { ElementBudget, Limits } from '../../models/api/limits.js';
import { formatPath } from './errors.js';
import type { IssueList } from './issues.js';
import { Scope, type Declared } from './scope.js';
import type { Statement } from './schema.js';
import { lowerStatements, type StatementContext } from './statements.js';
import { formatArgumentType, type UserFunctions } from './user-functions.js';

// The bodies of user-defined functions, lowered once each after every signature is known.
// A body sees its arguments only (as in Stan: no data, parameters or other blocks'
// variables), in a scope and frame layout of its own, so that each call gets a fresh frame.

/** Whether every path through the statements ends in return, reject or fatal_error (Stan's rule for non-void functions). */
export function alwaysReturns(statements: readonly Statement[]): boolean {
  return statements.some((s) => {
    if ('return' in s || 'reject' in s || 'fatal_error' in s) return true;
    if ('if' in s) return s.else !== undefined && alwaysReturns(s.then) && alwaysReturns(s.else);
    if ('block' in s) return alwaysReturns(s.block);
    return false;
  });
}

/** Lowers every body (every overload's) into its function (`f.body`); problems go to `issues` at `functions.<name>...`. */
export function lowerFunctionBodies(functions: UserFunctions, program: { readonly limits: Limits; readonly budget: ElementBudget; readonly declared: ReadonlyMap<string, Declared> }, issues: IssueList): void {
  for (const f of [...functions.values()].flat()) {
    const scope = Scope.functionRoot(program.declared);
    const argumentSlots = f.args.map((a, k) => scope.defineSlot(a.name, a.data ? 'data argument' : 'function argument', a.type, formatPath([...f.path, 'args', k]), { local: false, assignable: false }).slot!);
    const body = scope.child();
    const context: StatementContext = {
      scope: body,
      // A body reads no data: only its literals are known now, and folding them is safe.
      foldable: true,
      allowRng: f.kind === 'rng',
      allowTarget: f.kind === 'lp',
      functions,
      limits: program.limits,
      budget: program.budget,
      loopTrips: 1,
      block: 'functions',
      inLoop: false,
      function: f,
    };
    const executors = lowerStatements(f.statements, [...f.path, 'body'], body, context, issues);
    if (f.returns !== 'void' && !alwaysReturns(f.statements)) {
      issues.add([...f.path, 'body'], `'${f.name}' returns ${formatArgumentType(f.returns)}, but its body can end without a return; end every path with a return statement (Stan's rule)`);
    }
    f.body = { executors, argumentSlots, slotCount: scope.slotCount, cacheCount: scope.cacheCount };
  }
}
