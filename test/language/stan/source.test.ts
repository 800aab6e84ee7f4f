import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../../src/language/stan/index.js';

describe('SourceText: offsets to lines and columns', () => {
  const text = 'data {\r\n  int N;\n\n  real y;\r}';
  const source = new SourceText('m.stan', text);

  it('counts lines ended by \\n, \\r\\n or a lone \\r, with 1-based lines and columns', () => {
    expect(source.lineCount).toBe(5);
    expect(source.position(0)).toEqual({ line: 1, column: 1 });
    expect(source.position(text.indexOf('int'))).toEqual({ line: 2, column: 3 });
    expect(source.position(text.indexOf('real'))).toEqual({ line: 4, column: 3 });
    expect(source.position(text.indexOf('}'))).toEqual({ line: 5, column: 1 });
    expect(source.position(text.length + 10)).toEqual({ line: 5, column: 2 });
    expect([1, 2, 3, 4, 5].map((n) => source.line(n))).toEqual(['data {', '  int N;', '', '  real y;', '}']);
  });

  it('agrees with counting line breaks by hand, at every offset of random text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\t', '\n', '\r', '\r\n'), { maxLength: 60 }).map((parts) => parts.join('')), (random) => {
        const s = new SourceText('r.stan', random);
        for (let offset = 0; offset <= random.length; offset++) {
          const before = random.slice(0, offset).replace(/\r\n/g, '\n').replace(/\r/g, '\n');
          // An offset between '\r' and '\n' belongs to the line the pair ends.
          const splitPair = random[offset - 1] === '\r' && random[offset] === '\n';
          const lines = before.split('\n');
          const expected = splitPair ? { line: lines.length - 1, column: lines[lines.length - 2]!.length + 2 } : { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
          expect(s.position(offset)).toEqual(expected);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
