import { describe, expect, it } from 'vitest';
import { hasPath, lineColumn, parseJson, rangeOfPath } from '../../web/src/json-places.js';

// The playground marks each problem at its place: JSON paths to text ranges, syntax errors with
// their line and column.

const spec = `{
  "parameters": { "mu": { "type": "real" } },
  "model": [
    { "sample": "mu", "distribution": "normall", "args": ["0", "5"] }
  ]
}`;

const textAt = (text: string, range: { from: number; to: number }): string => text.slice(range.from, range.to);

describe('json-places', () => {
  it('finds the text of a JSON path', () => {
    expect(textAt(spec, rangeOfPath(spec, ['model', 0, 'distribution']))).toBe('"normall"');
    expect(textAt(spec, rangeOfPath(spec, ['model', 0, 'args', 1]))).toBe('"5"');
    expect(textAt(spec, rangeOfPath(spec, ['parameters', 'mu']))).toBe('{ "type": "real" }');
    expect(hasPath(spec, ['model', 0, 'args'])).toBe(true);
    expect(hasPath(spec, ['model', 1])).toBe(false);
  });

  it('marks the nearest existing place for a path that is not there (a missing key)', () => {
    expect(textAt(spec, rangeOfPath(spec, ['parameters', 'mu', 'lower']))).toBe('"mu"');
    expect(textAt(spec, rangeOfPath(spec, ['data', 'y']))).toBe('{');
    expect(rangeOfPath('not json', ['a'])).toEqual({ from: 0, to: 0 });
  });

  it('reports syntax errors with their line and column, and parses valid JSON', () => {
    const broken = spec.replace('"model": [', '"model" [');
    const { value, problems } = parseJson(broken);
    expect(value).toBeUndefined();
    expect(problems[0]!.message).toBe("line 3, column 11: expected ':'");
    expect(lineColumn(broken, problems[0]!.from)).toEqual({ line: 3, column: 11 });
    expect(parseJson('{"a": [1, 2,]}').problems[0]!.message).toMatch(/^line 1, column 13: expected a value/);
    expect(parseJson('{"a": 1} // note').problems[0]!.message).toMatch(/comments are not JSON/);
    expect(parseJson('').problems).toHaveLength(1);
    expect(parseJson(spec)).toEqual({ value: JSON.parse(spec), problems: [] });
  });
});
