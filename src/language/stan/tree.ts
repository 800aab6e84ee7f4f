import type { Expr, Span } from '../json/ast.js';

/**
 * The tree a Stan program parses into. Expressions are the shared `Expr` of
 * src/language/json/ast.ts, so both front ends meet in one checker and evaluator; the rest
 * is Stan's program structure. Spans are offsets into the program's text.
 *
 * Both of Stan's array syntaxes give one tree (`real y[N]` and `array[N] real y` are the same
 * declaration), and so do the forms that differ only in layout: a loop or branch body is
 * always a list of statements, whether it was written in braces or not, and
 * `real a, b;` is two declarations. Parentheses are not kept (the tree's shape holds them).
 */

export type CallExpr = Extract<Expr, { kind: 'call' }>;

/** The names of Stan's declared types, the element of an `array[...]`. */
export type ElementTypeName =
  | 'int'
  | 'real'
  | 'vector'
  | 'row_vector'
  | 'matrix'
  | 'simplex'
  | 'unit_vector'
  | 'sum_to_zero_vector'
  | 'ordered'
  | 'positive_ordered'
  | 'cholesky_factor_corr'
  | 'cholesky_factor_cov'
  | 'corr_matrix'
  | 'cov_matrix'
  | 'column_stochastic_matrix'
  | 'row_stochastic_matrix'
  | 'sum_to_zero_matrix';

/** `<lower=L, upper=U>` (either may be absent) or `<offset=O, multiplier=M>`. */
export type Constraint =
  | { readonly kind: 'bounds'; readonly lower: Expr | null; readonly upper: Expr | null }
  | { readonly kind: 'affine'; readonly offset: Expr | null; readonly multiplier: Expr | null };

/**
 * A sized type as declared: `array[N, M] vector<lower=0>[K]` is arrayDims [N, M], element
 * 'vector' with sizes [K] and the bounds. `sizes` are as written: `cholesky_factor_cov[M]`
 * has one, `cholesky_factor_cov[M, N]` two.
 */
export interface DeclaredType {
  readonly arrayDims: readonly Expr[];
  readonly element: ElementTypeName;
  readonly sizes: readonly Expr[];
  readonly constraint: Constraint | null;
}

/** The element types a function argument or return value can have (unsized). */
export type UnsizedElement = 'int' | 'real' | 'vector' | 'row_vector' | 'matrix';

/** `array[,] real` is { element: 'real', arrayDims: 2 }; `data` marks arguments that must be data. */
export interface UnsizedType {
  readonly element: UnsizedElement;
  readonly arrayDims: number;
}

export interface Declaration {
  readonly kind: 'declaration';
  readonly name: string;
  readonly nameSpan: Span;
  readonly type: DeclaredType;
  /** The initial value (`real x = 1;`), or null. */
  readonly value: Expr | null;
  readonly span: Span;
}

export type AssignOperator = '=' | '+=' | '-=' | '*=' | '/=' | '.*=' | './=';

/** `T[L, U]`, `T[L, ]` or `T[, U]` after a sampling statement. */
export interface Truncation {
  readonly lower: Expr | null;
  readonly upper: Expr | null;
}

/** What print, reject and fatal_error take: expressions and string literals. */
export type Printable = Expr | { readonly kind: 'string'; readonly value: string; readonly span: Span };

export type Statement =
  | Declaration
  /** `x = e;`, `x[i] += e;`: target is a name, possibly indexed. */
  | { readonly kind: 'assign'; readonly target: Expr; readonly op: AssignOperator; readonly value: Expr; readonly span: Span }
  /** `lhs ~ distribution(args) T[L, U];` */
  | {
      readonly kind: 'sample';
      readonly lhs: Expr;
      readonly distribution: string;
      readonly distributionSpan: Span;
      readonly args: readonly Expr[];
      readonly truncation: Truncation | null;
      readonly span: Span;
    }
  /** `target += e;` */
  | { readonly kind: 'target'; readonly value: Expr; readonly span: Span }
  /** `jacobian += e;` (Stan 2.36): the log Jacobian of a change of variables written in transformed parameters. */
  | { readonly kind: 'jacobian'; readonly value: Expr; readonly span: Span }
  /** A call as a statement: a void function, or an `_lp` function. */
  | { readonly kind: 'call'; readonly call: CallExpr; readonly span: Span }
  /** `for (i in lower:upper) body` */
  | { readonly kind: 'for'; readonly variable: string; readonly variableSpan: Span; readonly lower: Expr; readonly upper: Expr; readonly body: readonly Statement[]; readonly span: Span }
  /** `for (x in xs) body`: over the elements of an array, vector or matrix. */
  | { readonly kind: 'foreach'; readonly variable: string; readonly variableSpan: Span; readonly collection: Expr; readonly body: readonly Statement[]; readonly span: Span }
  | { readonly kind: 'while'; readonly condition: Expr; readonly body: readonly Statement[]; readonly span: Span }
  /** `else if` is an else holding one if statement. */
  | { readonly kind: 'if'; readonly condition: Expr; readonly then: readonly Statement[]; readonly else: readonly Statement[] | null; readonly span: Span }
  /** `{ ... }` inside a block: a scope of its own. */
  | { readonly kind: 'block'; readonly body: readonly Statement[]; readonly span: Span }
  /** `profile("name") { ... }` */
  | { readonly kind: 'profile'; readonly name: string; readonly body: readonly Statement[]; readonly span: Span }
  | { readonly kind: 'print' | 'reject' | 'fatal_error'; readonly args: readonly Printable[]; readonly span: Span }
  | { readonly kind: 'return'; readonly value: Expr | null; readonly span: Span }
  | { readonly kind: 'break' | 'continue' | 'empty'; readonly span: Span };

export interface Parameter {
  readonly name: string;
  readonly nameSpan: Span;
  readonly type: UnsizedType;
  /** Declared `data`: the argument may not depend on parameters. */
  readonly dataOnly: boolean;
  readonly span: Span;
}

/**
 * A user-defined function. The suffix of its name says what it is, as in Stan: `_lpdf` and
 * `_lpmf` densities (usable with ~), `_lcdf`/`_lccdf`, `_rng` (random, generated quantities
 * only), `_lp` (may add to target).
 */
export interface FunctionDefinition {
  readonly name: string;
  readonly nameSpan: Span;
  readonly returnType: UnsizedType | 'void';
  readonly parameters: readonly Parameter[];
  /** The body's statements, or null for a forward declaration (`real f(real x);`). */
  readonly body: readonly Statement[] | null;
  readonly span: Span;
}

export interface Block {
  readonly statements: readonly Statement[];
  readonly span: Span;
}

export interface FunctionsBlock {
  readonly definitions: readonly FunctionDefinition[];
  readonly span: Span;
}

/** The program's blocks in Stan's order; an absent block is null (an empty one is an empty list). */
export interface StanProgram {
  readonly functions: FunctionsBlock | null;
  readonly data: Block | null;
  readonly transformedData: Block | null;
  readonly parameters: Block | null;
  readonly transformedParameters: Block | null;
  readonly model: Block | null;
  readonly generatedQuantities: Block | null;
  /** The text the spans point into, for the messages of later stages. */
  readonly source: { readonly fileName: string; readonly text: string };
}

/** The statement blocks by their field, with their names in Stan. */
export const STATEMENT_BLOCKS = [
  ['data', 'data'],
  ['transformedData', 'transformed data'],
  ['parameters', 'parameters'],
  ['transformedParameters', 'transformed parameters'],
  ['model', 'model'],
  ['generatedQuantities', 'generated quantities'],
] as const;

export type BlockField = (typeof STATEMENT_BLOCKS)[number][0];
export type BlockName = (typeof STATEMENT_BLOCKS)[number][1];
