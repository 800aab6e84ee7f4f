import { describe, expect, it } from 'vitest';
import { escapeControlCharacters } from '../../src/io/safe-text.js';
import { renderConfig } from '../../src/io/stan-csv-format.js';
import { toStanCsvName } from '../../src/io/stan-csv-names.js';
import { formatSummaryCsv, parseSummaryCsv } from '../../src/io/summary-csv.js';

describe('user text in CSV files stays on its line', () => {
  it('escapes every character a reader may take as a line break or a control sequence', () => {
    expect(escapeControlCharacters('a\nb\rc\td\u0000e\u001b[31mf\u0085g\u2028h\u2029i\u007f')).toBe('a\\nb\\rc\\td\\u0000e\\u001b[31mf\\u0085g\\u2028h\\u2029i\\u007f');
    expect(escapeControlCharacters('C:\\data\\modèle ☃.json')).toBe('C:\\data\\modèle ☃.json');
  });

  it('writes configuration values on one comment line each', () => {
    const text = renderConfig([{ key: 'model', value: 'x\nlp__,injected\n1,2' }, { key: 'data', children: [{ key: 'file', value: 'd\r\n.json' }] }]);
    expect(text).toBe('# model = x\\nlp__,injected\\n1,2\n# data\n#   file = d\\r\\n.json\n');
    expect(text.split('\n').every((line) => line === '' || line.startsWith('#'))).toBe(true);
  });

  it('keeps a quantity name with a line break on its summary.csv row, and refuses it as a column name', () => {
    const row = { name: 'a\n"b",c', mean: 1, mcseMean: 0.1, sd: 2, q5: -1, q50: 1, q95: 3, essBulk: 100, essTail: 90, rhat: 1 };
    const text = formatSummaryCsv([row]);
    expect(text.split('\n')).toHaveLength(3);
    expect(parseSummaryCsv(text)).toEqual([{ ...row, name: 'a\\n"b",c' }]);
    expect(() => toStanCsvName('theta\n1')).toThrow(/toStanCsvName: name 'theta\\n1' has a line break, control character or quote/);
  });
});
