// The Stan language front end: Stan programs parsed into leapfrog's program tree (its
// expressions are the shared tree of src/language/json/ast.ts), checked for where things
// may appear, and printed back as canonical Stan.
export { parseStan, MAX_PROGRAM_LENGTH } from './parse.js';
export { formatStan, formatStatement, formatDeclaredType, formatUnsizedType } from './format.js';
export { formatExpression, formatNumber } from './format-expression.js';
export { StanSyntaxError, type StanErrorKind } from './errors.js';
export { SourceText, type SourcePosition } from './source.js';
export { programToSExpression, statementToSExpression, exprToSExpression } from './sexpr.js';
export { STATEMENT_BLOCKS } from './tree.js';
export type {
  AssignOperator,
  Block,
  BlockField,
  BlockName,
  CallExpr,
  Constraint,
  Declaration,
  DeclaredType,
  ElementTypeName,
  FunctionDefinition,
  FunctionsBlock,
  Parameter,
  Printable,
  StanProgram,
  Statement,
  Truncation,
  UnsizedElement,
  UnsizedType,
} from './tree.js';
export { compileStan, checkStan, stanToSpec, type StanCompileOptions } from './compile.js';
export { lowerStan, type LoweredStan, type LowerStanOptions, type StanSourceMap, type SourcePlace } from './lower.js';
export { StanModelError, type StanIssue } from './locate.js';
export { specToStan } from './to-stan.js';
