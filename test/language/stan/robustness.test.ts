import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStan, SourceText, StanSyntaxError } from '../../../src/language/stan/index.js';

// Damaged programs get one StanSyntaxError at a place inside the text, never another
// exception, a hang or a crash: random cuts, insertions and replacements of real programs.

const programs = fileURLToPath(new URL('./programs/', import.meta.url));
const texts = readdirSync(programs)
  .filter((name) => name.endsWith('.stan'))
  .map((name) => readFileSync(join(programs, name), 'utf8'));

const FRAGMENTS = ['{', '}', '(', ')', '[', ']', ';', ',', '<', '>', '=', '~', '|', "'", ':', '?', '"', '/*', '//', '#', 'T[', 'real', 'array[', 'for', 'if', 'else', 'target', '+=', '<-', '.*', '2.', '1e', 'x', '_', '\n', ' '];

const damaged = fc
  .record({
    text: fc.constantFrom(...texts),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    cut: fc.nat({ max: 12 }),
    insert: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }).map((parts) => parts.join('')),
  })
  .map(({ text, at, cut, insert }) => {
    const position = Math.floor(at * text.length);
    return text.slice(0, position) + insert + text.slice(position + cut);
  });

describe('parseStan on damaged programs', () => {
  it('parses or throws a StanSyntaxError that points inside the text', () => {
    fc.assert(
      fc.property(damaged, (source) => {
        try {
          parseStan(source);
        } catch (error) {
          expect(error).toBeInstanceOf(StanSyntaxError);
          const e = error as StanSyntaxError;
          expect(e.span.start).toBeGreaterThanOrEqual(0);
          expect(e.span.start).toBeLessThanOrEqual(source.length);
          expect(e.line).toBeLessThanOrEqual(new SourceText('', source).lineCount);
          expect(e.detail.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 1500, seed: 18 },
    );
  });
});
