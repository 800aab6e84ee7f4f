/**
 * Finds the first syntax error in a JSON text (RFC 8259) and says what was expected there.
 * JSON.parse parses; this only runs after it has failed, because V8's messages give a
 * position for some errors and none for others ("Unexpected token '}', ... is not valid
 * JSON"), while a user editing a data file needs the line and column every time.
 */

export interface JsonSyntaxError {
  /** 0-based offset of the offending character (the text's length at an unexpected end). */
  readonly offset: number;
  /** 1-based line and column of `offset`. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

class Failure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * Walks the grammar with an explicit cursor; throws Failure at the first error. Objects and
 * arrays recurse, so nesting is bounded (`maxDepth`): text opening 100,000 arrays is reported
 * at the bracket past the limit instead of overflowing the stack.
 */
class Scanner {
  offset = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  private enter(): void {
    this.depth += 1;
    if (this.depth > this.maxDepth) throw new Failure(this.offset, `more than ${this.maxDepth} levels of nested arrays and objects here; leapfrog reads JSON nested at most ${this.maxDepth} levels`);
  }

  private found(): string {
    if (this.offset >= this.text.length) return 'the end of the text';
    const character = this.text[this.offset];
    return character === '\n' ? 'a line break' : `'${character}'`;
  }

  private fail(expected: string): never {
    throw new Failure(this.offset, `expected ${expected}, found ${this.found()}`);
  }

  private skipSpace(): void {
    while (this.offset < this.text.length && ' \t\n\r'.includes(this.text[this.offset]!)) this.offset++;
  }

  document(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.offset < this.text.length) this.fail('nothing more after the JSON value');
  }

  private value(): void {
    const character = this.text[this.offset]!;
    if (character === '{' || character === '[') {
      this.enter();
      if (character === '{') this.object();
      else this.array();
      this.depth -= 1;
      return;
    }
    if (character === '"') return this.string();
    if (character === '-' || (character >= '0' && character <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.offset)) {
        this.offset += literal.length;
        return;
      }
    }
    this.fail(`a value (object, array, string, number, true, false or null)${character === "'" ? '; JSON strings take double quotes' : ''}`);
  }

  private object(): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') this.fail(this.text[this.offset] === '}' ? 'a property name after \',\' (JSON allows no trailing comma)' : 'a property name in double quotes');
      this.string();
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.fail("':' after the property name");
      this.offset++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      if (this.text[this.offset] === ',') this.offset++;
      else if (this.text[this.offset] === '}') {
        this.offset++;
        return;
      } else this.fail("',' or '}' after the property value");
    }
  }

  private array(): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] === ']') this.fail("a value after ',' (JSON allows no trailing comma)");
      this.value();
      this.skipSpace();
      if (this.text[this.offset] === ',') this.offset++;
      else if (this.text[this.offset] === ']') {
        this.offset++;
        return;
      } else this.fail("',' or ']' after the array element");
    }
  }

  private string(): void {
    this.offset++;
    while (this.offset < this.text.length) {
      const character = this.text[this.offset]!;
      if (character === '"') {
        this.offset++;
        return;
      }
      if (character < ' ') this.fail('a closing \'"\' (strings cannot span lines; write \\n)');
      if (character === '\\') {
        this.offset++;
        const escape = this.text[this.offset];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 1, this.offset + 5))) this.fail('four hex digits after \\u');
          this.offset += 4;
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      }
      this.offset++;
    }
    this.fail('a closing \'"\'');
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.offset));
    if (match === null) {
      this.offset += this.text[this.offset] === '-' ? 1 : 0;
      this.fail('a digit');
    }
    this.offset += match[0].length;
    const next = this.text[this.offset];
    if (next !== undefined && /[0-9.eE]/.test(next)) this.fail("a number without leading zeros, with digits after '.' and after the exponent");
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Nesting the scanner follows by default: as deep as leapfrog reads JSON (see json-file.ts). */
const DEFAULT_MAX_DEPTH = 512;

/** The first syntax error of `text`, or undefined when it is valid JSON (nested at most `maxDepth` levels). */
export function findJsonSyntaxError(text: string, maxDepth = DEFAULT_MAX_DEPTH): JsonSyntaxError | undefined {
  try {
    new Scanner(text, maxDepth).document();
    return undefined;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), message: error.message };
  }
}
