// JSON model specs: Stan's blocks as JSON, expressions in Stan's syntax, compiled through
// the TypeScript model API (defineModel) to a CompiledModel.
export { compileSpec } from './compile';
export { checkSpec, type SpecCheck, type SpecQuantity } from './check';
export { SpecError, formatIssue, formatPath, type SpecIssue } from './errors';
// The zod schema (a value) and its type; aliased, since the TypeScript API has its own ModelSpec.
export { ModelSpec as JsonModelSpec, modelSpecJsonSchema } from './schema';
export { ParseError, parseExpression } from './parse';
export { EvaluationError } from './local-variable';
