import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/cli/json-syntax.js';
import { parseJsonText } from '../../src/cli/json-file.js';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1}', undefined],
    ['{"a": [1, -2.5e3, true, null, "x\\n"]}', undefined],
    ['{"a": }', { line: 1, column: 7, message: "expected a value (object, array, string, number, true, false or null), found '}'" }],
    ['{\n  "a": [1, 2,]\n}', { line: 2, column: 14, message: "expected a value after ',' (JSON allows no trailing comma), found ']'" }],
    ['{"a": 1,}', { line: 1, column: 9, message: "expected a property name after ',' (JSON allows no trailing comma), found '}'" }],
    ["{'a': 1}", { line: 1, column: 2, message: "expected a property name in double quotes, found '''" }],
    ['{"a": 1', { line: 1, column: 8, message: "expected ',' or '}' after the property value, found the end of the text" }],
    ['', { line: 1, column: 1, message: 'expected a value (object, array, string, number, true, false or null), found the end of the text' }],
    ['{"a": 01}', { line: 1, column: 8, message: "expected a number without leading zeros, with digits after '.' and after the exponent, found '1'" }],
    ['{"a": tru}', { line: 1, column: 7, message: "expected a value (object, array, string, number, true, false or null), found 't'" }],
    ['{"a": 1} x', { line: 1, column: 10, message: "expected nothing more after the JSON value, found 'x'" }],
  ])('%j', (text, expected) => {
    const found = findJsonSyntaxError(text);
    expect(found === undefined ? undefined : { line: found.line, column: found.column, message: found.message }).toEqual(expected);
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['[]', '{}', '"\\u00e9"', '-0', '1E+2', '[1,]', '[1 2]', '"\\x"', '01', '.5', '1.']) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findJsonSyntaxError(text) === undefined, text).toBe(valid);
    }
  });

  it('parseJsonText puts the file, line and column in one line', () => {
    expect(() => parseJsonText('{\n "J": 8,\n}', 'data.json')).toThrow("data.json:3:1: invalid JSON: expected a property name after ',' (JSON allows no trailing comma), found '}'");
  });
});
