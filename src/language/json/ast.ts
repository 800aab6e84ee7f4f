/**
 * The typed tree an expression parses into, shared by the front ends: JSON model specs
 * (src/language/json/parse.ts) and Stan programs (src/language/stan). Spans are character
 * offsets into the source the expression was read from — the expression string of a spec,
 * or the whole program of a Stan file (0-based; messages print 1-based columns).
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `.^` is elementwise power and `\` matrix left division (`A \ b` solves A x = b), as in Stan. */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '.*' | './' | '^' | '.^' | '%' | '%/%' | '\\';
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = '&&' | '||';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expr; readonly span: Span }
  /** Postfix `'`: the transpose of a matrix, or a vector turned into a row vector and back. */
  | { readonly kind: 'transpose'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr; readonly span: Span }
  /** `condition ? ifTrue : ifFalse`. */
  | { readonly kind: 'conditional'; readonly condition: Expr; readonly ifTrue: Expr; readonly ifFalse: Expr; readonly span: Span }
  /** `f(a, b)`, or Stan's density form `f(y | a, b)` (then `bar` is true). */
  | { readonly kind: 'call'; readonly callee: string; readonly calleeSpan: Span; readonly args: readonly Expr[]; readonly bar: boolean; readonly span: Span }
  | { readonly kind: 'index'; readonly target: Expr; readonly indices: readonly IndexExpr[]; readonly span: Span }
  /** `[a, b, c]`: a vector; `[[a, b], [c, d]]`: a matrix given by its rows. */
  | { readonly kind: 'vector'; readonly elements: readonly Expr[]; readonly span: Span }
  /**
   * Stan's `[a, b, c]`: a row vector of scalars, or a matrix whose rows are the given row
   * vectors (`[[1, 2], [3, 4]]`). JSON specs read `[ ]` as a column vector ('vector' above);
   * the Stan front end produces this kind instead.
   */
  | { readonly kind: 'rowVector'; readonly elements: readonly Expr[]; readonly span: Span }
  /** Stan's array literal `{1, 3, 4}`: an int array when every element is an int, else a vector. */
  | { readonly kind: 'array'; readonly elements: readonly Expr[]; readonly span: Span };

/** An index: one expression (a single position or an integer array), or a range a:b (1-based, inclusive). */
export type IndexExpr =
  | { readonly kind: 'single'; readonly expr: Expr }
  | { readonly kind: 'range'; readonly start: Expr | null; readonly end: Expr | null; readonly span: Span };
