// JSON model specs: Stan's blocks as JSON, expressions in Stan's syntax, compiled through
// the TypeScript model API (defineModel) to a CompiledModel.
export { compileSpec, type SpecCompileOptions } from './compile.js';
export { loadSpec, type LoadSpecOptions } from './load-spec.js';
export { checkSpec, type SpecCheck, type SpecQuantity } from './check.js';
export { SpecError, formatIssue, formatPath, type SpecIssue } from './errors.js';
// The zod schema (a value) and its type; aliased, since the TypeScript API has its own ModelSpec.
export { ModelSpec as JsonModelSpec, modelSpecJsonSchema } from './schema.js';
export { ParseError, parseExpression } from './parse.js';
export { EvaluationError } from './local-variable.js';
