import { ParseFailure, StanSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import { parseProgram } from './parse-program.js';
import { SourceText } from './source.js';
import { TokenStream } from './token-stream.js';
import type { StanProgram } from './tree.js';
import { validateProgram } from './validate.js';

/** The longest program read (characters): larger input is refused before it is tokenised. */
export const MAX_PROGRAM_LENGTH = 16 * 1024 * 1024;

/**
 * Parses a Stan program (current syntax, or the pre-2.33 array syntax) into leapfrog's Stan
 * program tree, then checks the rules of where things may appear (see validate.ts).
 * Throws a StanSyntaxError naming the file, line and column, with the source line, a caret
 * and the fix where there is one. Nothing in the program is evaluated.
 */
export function parseStan(source: string, fileName = 'model.stan'): StanProgram {
  const text = new SourceText(fileName, source);
  if (source.length > MAX_PROGRAM_LENGTH) {
    throw new StanSyntaxError(text, 'syntax', { start: 0, end: 0 }, `The program is ${source.length} characters long; leapfrog reads programs of at most ${MAX_PROGRAM_LENGTH}.`);
  }
  try {
    const program = parseProgram(new TokenStream(tokenize(source)), { fileName, text: source });
    validateProgram(program);
    return program;
  } catch (error) {
    if (error instanceof ParseFailure) throw new StanSyntaxError(text, error.kind, error.span, error.detail);
    throw error;
  }
}
