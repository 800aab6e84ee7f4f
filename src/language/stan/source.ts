import type { Span } from '../json/ast.js';

/** A 1-based line and column (columns count UTF-16 code units; a tab is one column). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** The start offset of every line of `text` (after '\n', '\r\n' or a lone '\r'). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

/**
 * A program's text and name, with the line index that turns span offsets into lines and
 * columns and renders the excerpt under an error (stanc3's layout: numbered lines, a caret
 * under the place).
 */
export class SourceText {
  private readonly starts: readonly number[];

  constructor(
    readonly fileName: string,
    readonly text: string,
  ) {
    this.starts = lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line and column of an offset (an offset past the end is on the last line). */
  position(offset: number): SourcePosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: at - this.starts[low]! + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  line(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? this.text.length : next).replace(/\r?\n$|\r$/, '');
  }

  /**
   * Up to two lines before the place, its line, a caret under the span's start (tabs kept so
   * that the caret lines up in a terminal), and the line after, framed as stanc3 frames them.
   */
  excerpt(span: Span): string {
    const { line, column } = this.position(span.start);
    const first = Math.max(1, line - 2);
    const last = Math.min(this.lineCount, line + 1);
    const width = String(last).length;
    const gutter = (n: number): string => `   ${String(n).padStart(width)}:  `;
    const rule = '   -------------------------------------------------';
    const out = [rule];
    for (let n = first; n <= last; n++) {
      out.push(`${gutter(n)}${this.line(n)}`.trimEnd());
      if (n === line) {
        const before = this.line(n).slice(0, column - 1).replace(/[^\t]/g, ' ');
        out.push(`${' '.repeat(gutter(n).length)}${before}^`);
      }
    }
    out.push(rule);
    return out.join('\n');
  }
}
