import { formatStan, parseStan, programToSExpression, StanSyntaxError } from '../../../src/language/stan/index.js';
import type { StanProgram } from '../../../src/language/stan/index.js';
import { exprToSExpression, statementToSExpression } from '../../../src/language/stan/sexpr.js';

/** The tree of a whole program, rendered (spans left out). */
export const tree = (source: string): string => programToSExpression(parseStan(source));

/** The statements of one block, rendered and joined by spaces. */
export function blockTree(block: 'data' | 'transformed data' | 'parameters' | 'transformed parameters' | 'model' | 'generated quantities', source: string): string {
  const program = parseStan(`${block} {\n${source}\n}\n`);
  const field = { data: 'data', 'transformed data': 'transformedData', parameters: 'parameters', 'transformed parameters': 'transformedParameters', model: 'model', 'generated quantities': 'generatedQuantities' } as const;
  return program[field[block]]!.statements.map(statementToSExpression).join(' ');
}

/** The tree of one expression, read as the value of `target += ...;` in the model block. */
export function exprTree(source: string): string {
  const statement = parseStan(`model {\n  target += ${source};\n}\n`).model!.statements[0]!;
  if (statement.kind !== 'target') throw new Error('expected a target statement');
  return exprToSExpression(statement.value);
}

/** parse(print(parse(source))) renders as parse(source) does. */
export function reprinted(program: StanProgram): string {
  return programToSExpression(parseStan(formatStan(program)));
}

/** The error parseStan throws on `source` (failing the test if it parses). */
export function parseError(source: string, fileName?: string): StanSyntaxError {
  try {
    parseStan(source, fileName);
  } catch (error) {
    if (error instanceof StanSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a StanSyntaxError, but this parsed:\n${source}`);
}
