import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceText, StanSyntaxError, checkStan } from '../../../src/language/stan/index.js';

// Damaged posteriordb programs through the whole front end (parse, lower, check without
// data): a StanSyntaxError, or the quantities, or problems each at a line and column inside
// the text, never another exception.

const root = fileURLToPath(new URL('../../../examples/posteriordb/', import.meta.url));
const texts = readdirSync(root)
  .filter((name) => existsSync(join(root, name, 'model.stan')))
  .map((name) => readFileSync(join(root, name, 'model.stan'), 'utf8'));

const FRAGMENTS = ['[', ']', "'", ',', '1', '2.5', 'x', 'mu', 'N', '-', '*', '.*', '{', '}', ';', '(', ')', 'vector[2] ', 'real ', 'T[0, ]', '<lower=0>', 'normal(0, 1)', ' ~ ', 'target += ', '[1, 2]', '\\'];

/** A typo: one word of the program (a name, a keyword, a function) with a letter added. */
const typo = fc.record({ text: fc.constantFrom(...texts), at: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ text, at }) => {
  const words = [...text.matchAll(/\b[A-Za-z_]\w*\b/g)];
  const word = words[Math.floor(at * words.length)]!;
  const end = word.index + word[0].length;
  return text.slice(0, end) + 'z' + text.slice(end);
});

const damaged = fc
  .record({
    text: fc.constantFrom(...texts),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    cut: fc.nat({ max: 8 }),
    insert: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }).map((parts) => parts.join('')),
  })
  .map(({ text, at, cut, insert }) => {
    const position = Math.floor(at * text.length);
    return text.slice(0, position) + insert + text.slice(position + cut);
  });

describe('the Stan front end on damaged programs', () => {
  it('checks, or reports each problem inside the text', () => {
    let checkedOk = 0;
    let located = 0;
    fc.assert(
      fc.property(fc.oneof(damaged, typo), (source) => {
        const lines = new SourceText('', source).lineCount;
        let result: ReturnType<typeof checkStan>;
        try {
          result = checkStan(source, undefined, { print: () => undefined });
        } catch (error) {
          expect(error).toBeInstanceOf(StanSyntaxError);
          expect((error as StanSyntaxError).line).toBeLessThanOrEqual(lines);
          return;
        }
        if (result.ok) {
          checkedOk++;
          return;
        }
        located++;
        for (const issue of result.issues) {
          const { line, column } = issue as unknown as { line: number; column: number };
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(lines);
          expect(column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 400, seed: 18 },
    );
    // The property reached both outcomes, not only syntax errors.
    expect(checkedOk).toBeGreaterThan(10);
    expect(located).toBeGreaterThan(5);
  });
});
