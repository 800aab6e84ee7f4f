import { findNodeAtLocation, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';

/**
 * Places in JSON text: syntax errors with their offsets, and the text range of a JSON path
 * (`model[2].args[0]`), so that leapfrog's problems show where they are. jsonc-parser (the
 * parser of VS Code's JSON support) keeps every node's offset and length.
 */

export interface TextRange {
  readonly from: number;
  readonly to: number;
}

export interface SyntaxProblem extends TextRange {
  readonly message: string;
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

const WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'expected the end of the text',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'comments are not JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/** Line and column (1-based) of an offset, for messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The value of `text` as JSON, or its syntax problems (strict JSON: no comments, no trailing commas). */
export function parseJson(text: string): { value: unknown; problems: readonly SyntaxProblem[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, STRICT);
  if (errors.length > 0 || tree === undefined) {
    const problems = errors.map((error) => {
      const { line, column } = lineColumn(text, error.offset);
      const code = printParseErrorCode(error.error);
      return { from: error.offset, to: error.offset + Math.max(1, error.length), message: `line ${line}, column ${column}: ${WORDS[code] ?? code}` };
    });
    return { value: undefined, problems: problems.length > 0 ? problems : [{ from: 0, to: 0, message: 'expected a JSON value' }] };
  }
  return { value: JSON.parse(text) as unknown, problems: [] };
}

/** Whether `path` leads to a node of `text`. */
export function hasPath(text: string, path: readonly (string | number)[]): boolean {
  const tree = parseTree(text, [], STRICT);
  return tree !== undefined && findNodeAtLocation(tree, [...path]) !== undefined;
}

/**
 * The range to mark for `path`: its node, else (a missing key) the opening of its nearest
 * ancestor that exists, so a problem always has a place.
 */
export function rangeOfPath(text: string, path: readonly (string | number)[]): TextRange {
  const tree = parseTree(text, [], STRICT);
  if (tree === undefined) return { from: 0, to: 0 };
  for (let depth = path.length; depth >= 0; depth--) {
    const node: Node | undefined = findNodeAtLocation(tree, path.slice(0, depth) as (string | number)[]);
    if (node === undefined) continue;
    if (depth === path.length) return { from: node.offset, to: node.offset + node.length };
    // An ancestor: its key if it has one, else its first character.
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key !== undefined ? { from: key.offset, to: key.offset + key.length } : { from: node.offset, to: node.offset + 1 };
  }
  return { from: 0, to: 0 };
}
