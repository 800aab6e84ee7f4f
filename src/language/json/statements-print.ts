import { noteRead, peek, type Value } from '../../ad/trace.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { Lowered } from './lowered.js';
import type { Frame } from './scope.js';
import type { PrintItem, Statement } from './schema.js';
import { NEXT, type Executor, type StatementContext } from './statement-flow.js';

// print, reject and fatal_error, with Stan's meanings: print writes a line to the sink the
// caller set (CompileOptions.print; stderr in the command line); reject makes the current
// evaluation a rejection (a plain Error: in the model block the point's log density is −∞,
// in transformed data an error with the message, in generated quantities a draw of NaN);
// fatal_error stops the algorithm (FatalError, which nothing turns into a rejection).
//
// Values are read with `peek` (printing a parameter does not steer the computation), but a
// print statement that runs while a gradient is recorded marks the recording as not
// replayable: a replayed gradient does not run the model's code, and Stan's print writes at
// every evaluation. A model that prints is therefore re-run at every gradient, as in Stan,
// where print is a debugging aid; take the print out for speed.

/** Stan's fatal_error: stops the algorithm, whatever block it is in. */
export class FatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalError';
  }
}

/** A number as print writes it: integers plainly, reals in full (shortest round-trip). */
const formatNumber = (x: number): string => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));

/** A value as print writes it: `1.5`, `[1,2,3]`, `[[1,2],[3,4]]` (nested by the value's axes). */
export function formatValue(value: Value): string {
  const p = peek(value);
  if (typeof p === 'number') return formatNumber(p);
  const nest = (axis: number, offset: number): string => {
    if (axis === p.shape.length) return formatNumber(p.data[offset]!);
    const stride = p.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return `[${Array.from({ length: p.shape[axis]! }, (_, k) => nest(axis + 1, offset + k * stride)).join(',')}]`;
  };
  return nest(0, 0);
}

/** The line of a print statement's items. */
function lineOf(items: readonly (Lowered | string)[], frame: Frame): string {
  let line = '';
  for (const item of items) line += typeof item === 'string' ? item : formatValue(item.evaluate(frame));
  return line;
}

export function lowerPrint(statement: Extract<Statement, { print: PrintItem[] } | { reject: PrintItem[] } | { fatal_error: PrintItem[] }>, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const kind = 'print' in statement ? 'print' : 'reject' in statement ? 'reject' : 'fatal_error';
  const source = 'print' in statement ? statement.print : 'reject' in statement ? statement.reject : statement.fatal_error;
  const items = source.map((item, k) => (typeof item === 'string' ? lowerAt(item, [...path, kind, k], context, issues) : item.text));
  if (items.some((i) => i === undefined)) return undefined;
  const parts = items as (Lowered | string)[];
  if (kind === 'print') {
    return (frame) => {
      if (frame.print === undefined) return NEXT;
      noteRead('a print statement writes at every evaluation');
      frame.print(lineOf(parts, frame));
      return NEXT;
    };
  }
  if (kind === 'reject') {
    return (frame) => {
      // A plain Error is what the log density turns into a rejected point (−∞).
      throw new Error(`reject: ${lineOf(parts, frame)}`);
    };
  }
  return (frame) => {
    throw new FatalError(`fatal_error: ${lineOf(parts, frame)}`);
  };
}
