import { describe, expect, it } from 'vitest';
import { formatSummaryCsv, parseSummaryCsv } from '../../src/io/summary-csv.js';
import { summary } from '../../src/samplers/run/summary.js';
import { smallFit } from './fixtures.js';

describe('summary.csv', () => {
  it('round-trips every row at full precision, names with commas quoted', () => {
    const rows = summary(smallFit()).rows.map((row, index) => (index === 1 ? { ...row, name: 'L[2,1]' } : row));
    const text = formatSummaryCsv(rows);
    expect(text.split('\n')[0]).toBe('"name","Mean","MCSE","StdDev","5%","50%","95%","ESS_bulk","ESS_tail","R_hat"');
    expect(parseSummaryCsv(text)).toEqual(rows);
  });

  it('rejects another header, saying which it expected', () => {
    expect(() => parseSummaryCsv('a,b\n1,2\n', 'x.csv')).toThrow("parseSummaryCsv: x.csv header is 'a,b', but must be");
  });
});
