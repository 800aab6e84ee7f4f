import type { Target } from '../../models/api/target.js';
import type { ElementBudget } from '../../models/api/limits.js';
import { makeDistribution, checkDistributionCall } from './distribution-calls.js';
import { findDistributionFamily } from './distribution-registry.js';
import { checkDataSupport } from './data-support.js';
import { formatPath } from './errors.js';
import { placeError } from './error-places.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { CheckError, type Lowered } from './lowered.js';
import type { Frame, Scope } from './scope.js';
import type { Statement } from './schema.js';
import type { BlockVariable } from './block-variables.js';
import { lowerDeclareStatement } from './statements-declare.js';
import { lowerAssign } from './statements-assign.js';
import { lowerBlockStatement, lowerBreak, lowerFor, lowerIf, lowerWhile } from './statements-control.js';
import { lowerPrint } from './statements-print.js';
import { lowerTruncated } from './statements-truncated.js';
import { lowerCallStatement, lowerReturn, lowerUserSample } from './statements-function.js';
import { NEXT, locate, type Executor, type StatementContext } from './statement-flow.js';

export { BREAK, CONTINUE, NEXT, RETURN, locate, runAll, type BlockName, type Executor, type Flow, type LowerList, type StatementContext } from './statement-flow.js';

/** Statements that hold statements: errors inside them carry the inner statement's path already. */
const COMPOUND = ['for', 'while', 'if', 'block'] as const;

/** Lowers a list of statements in `scope`; problems go to `issues`. */
export function lowerStatements(statements: readonly Statement[], path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor[] {
  const executors: Executor[] = [];
  statements.forEach((statement, k) => {
    const executor = lowerStatement(statement, [...path, k], scope, { ...context, scope }, issues);
    if (executor === undefined) return;
    const isLeaf = !COMPOUND.some((key) => key in statement);
    executors.push(isLeaf ? locate(executor, [...path, k]) : executor);
  });
  return executors;
}

function lowerStatement(statement: Statement, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  if ('sample' in statement || 'target' in statement) {
    if (context.block !== 'model' && context.function?.kind !== 'lp') {
      const key = 'sample' in statement ? 'sample' : 'target';
      const where = context.block === 'functions' ? 'the model block and to functions whose names end in _lp' : 'the model block';
      issues.add([...path, key], `${key === 'sample' ? '~ statements' : 'target +='} belong${key === 'sample' ? '' : 's'} to ${where} (as in Stan)${context.block === 'generated_quantities' ? '; draw values here with a _rng function, e.g. normal_rng(mu, sigma)' : ''}`);
      return undefined;
    }
    return 'sample' in statement ? lowerSample(statement, path, context, issues) : lowerTarget(statement.target, path, context, issues);
  }
  if ('declare' in statement || 'local' in statement) return lowerDeclareStatement(statement, path, scope, context, issues);
  if ('assign' in statement) return lowerAssign(statement, path, context, issues);
  if ('for' in statement) return lowerFor(statement, path, scope, context, issues, lowerStatements);
  if ('while' in statement) return lowerWhile(statement, path, scope, context, issues, lowerStatements);
  if ('if' in statement) return lowerIf(statement, path, scope, context, issues, lowerStatements);
  if ('block' in statement) return lowerBlockStatement(statement.block, [...path, 'block'], scope, context, issues, lowerStatements);
  if ('break' in statement || 'continue' in statement) return lowerBreak('break' in statement ? 'break' : 'continue', path, context, issues);
  if ('return' in statement) return lowerReturn(statement, path, context, issues);
  if ('call' in statement) return lowerCallStatement(statement.call, path, context, issues);
  return lowerPrint(statement, path, context, issues);
}

function lowerTarget(source: string, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const term = lowerAt(source, [...path, 'target'], context, issues);
  if (term === undefined) return undefined;
  const label = `${formatPath(path)}: target += ${source}`;
  const evaluate = term.evaluate;
  return (frame, target) => {
    target.add(evaluate(frame), label);
    return NEXT;
  };
}

function lowerSample(statement: Extract<Statement, { sample: string }>, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const family = findDistributionFamily(statement.distribution);
  if (family === undefined) return lowerUserSample(statement, path, context, issues);
  const outcome = lowerAt(statement.sample, [...path, 'sample'], context, issues);
  const params = statement.args.map((a, k) => lowerAt(a, [...path, 'args', k], context, issues));
  if (outcome === undefined || params.some((p) => p === undefined)) return undefined;
  const lowered = params as Lowered[];
  const wholeSpan = { start: 0, end: 0 };
  try {
    checkDistributionCall(family, outcome.type, lowered, statement.args.map(() => wholeSpan), wholeSpan, context);
  } catch (error) {
    if (!(error instanceof CheckError)) throw error;
    issues.add(error.argument === undefined ? path : [...path, 'args', error.argument], error.message);
    return undefined;
  }
  if (statement.censor !== undefined && !family.hasCdf) {
    issues.add([...path, 'censor'], `${family.name} has no CDF in leapfrog, so its values cannot be censored`);
    return undefined;
  }
  const y = outcome.evaluate;
  const label = `${formatPath(path)}: ${statement.sample} ~ ${statement.distribution}`;
  if (statement.truncate !== undefined) return lowerTruncated(statement, family, outcome, lowered, label, path, context, issues);
  if (outcome.constant && context.foldable) checkDataSupport(family, outcome, statement.sample, [...path, 'sample'], issues);
  if (statement.censor === undefined) {
    return (frame, target) => {
      target.sample(y(frame), makeDistribution(family, lowered, frame), label);
      return NEXT;
    };
  }
  const left = statement.censor === 'left';
  return (frame, target) => {
    const distribution = makeDistribution(family, lowered, frame);
    target.add(left ? distribution.logCdf!(y(frame)) : distribution.logCcdf!(y(frame)), label);
    return NEXT;
  };
}
