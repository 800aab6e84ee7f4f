import { describe, expect, it } from 'vitest';
import {
  essBulk,
  essTail,
  formatSummaryTable,
  mcseMean,
  quantile,
  rhat,
  summarizeQuantity,
  type QuantitySummary,
} from '../../../src/samplers/diagnostics/index.js';
import { formatSignificant, summaryWorkspace } from '../../../src/samplers/diagnostics/summary-table.js';
import { iidNormalChains } from './simulated-chains.js';

describe('summarizeQuantity', () => {
  it('collects the diagnostics of one quantity', () => {
    const chains = iidNormalChains(61, 4, 200);
    const summary = summarizeQuantity('theta', chains);
    expect(summary.name).toBe('theta');
    expect(summary.mcseMean).toBe(mcseMean(chains));
    expect(summary.q5).toBe(quantile(chains, 0.05));
    expect(summary.q50).toBe(quantile(chains, 0.5));
    expect(summary.q95).toBe(quantile(chains, 0.95));
    expect(summary.essBulk).toBe(essBulk(chains));
    expect(summary.essTail).toBe(essTail(chains));
    expect(summary.rhat).toBe(rhat(chains));
    expect(Math.abs(summary.mean)).toBeLessThan(4 * summary.mcseMean);
    expect(summary.sd).toBeGreaterThan(0.9);
    expect(summary.sd).toBeLessThan(1.1);
  });

  it('equals the separate diagnostics bit for bit, for odd and even lengths, ties, and undiagnosable draws', () => {
    const rounded = (chains: Float64Array[]) => chains.map((chain) => chain.map((value) => Math.round(value * 2) / 2));
    const cases: [string, Float64Array[]][] = [
      ['even', iidNormalChains(3, 4, 200)],
      ['odd', iidNormalChains(4, 4, 201)],
      ['one chain', iidNormalChains(5, 1, 50)],
      ['ties, even', rounded(iidNormalChains(6, 3, 100))],
      ['ties, odd', rounded(iidNormalChains(7, 2, 99))],
      ['one draw', iidNormalChains(8, 3, 1)],
      ['constant', [new Float64Array(10).fill(2), new Float64Array(10).fill(2)]],
      ['NaN', [Float64Array.of(1, 2, NaN, 4), Float64Array.of(1, 2, 3, 4)]],
      ['Infinity', [Float64Array.of(1, 2, Infinity, 4), Float64Array.of(1, 2, 3, -Infinity)]],
    ];
    for (const [label, chains] of cases) {
      const pooled = Float64Array.from(chains.flatMap((chain) => Array.from(chain)));
      const mean = pooled.reduce((sum, value) => sum + value, 0) / pooled.length;
      const expected: QuantitySummary = {
        name: label,
        mean: summarizeQuantity(label, chains).mean,
        mcseMean: mcseMean(chains),
        sd: summarizeQuantity(label, chains).sd,
        q5: quantile(chains, 0.05),
        q50: quantile(chains, 0.5),
        q95: quantile(chains, 0.95),
        essBulk: essBulk(chains),
        essTail: essTail(chains),
        rhat: rhat(chains),
      };
      const shared = summarizeQuantity(label, chains, summaryWorkspace(pooled.length));
      expect(shared, label).toEqual(expected);
      expect(summarizeQuantity(label, chains), label).toEqual(expected);
      if (Number.isFinite(mean)) expect(shared.mean, label).toBeCloseTo(mean, 12);
    }
  });

  it('names the quantity in shape errors', () => {
    expect(() => summarizeQuantity('sigma', [new Float64Array(3), new Float64Array(2)])).toThrow(
      'summarizeQuantity(sigma): chains have lengths [3, 2]',
    );
  });
});

describe('formatSignificant', () => {
  it('keeps ordinary numbers in plain notation', () => {
    expect(formatSignificant(0.123456, 3)).toBe('0.123');
    expect(formatSignificant(-4.5678, 3)).toBe('-4.57');
    expect(formatSignificant(1234.56, 3)).toBe('1235');
    expect(formatSignificant(0.00012345, 3)).toBe('0.000123');
    expect(formatSignificant(0, 3)).toBe('0');
  });

  it('uses exponents only for extreme magnitudes', () => {
    expect(formatSignificant(1.5e-7, 3)).toBe('1.50e-7');
    expect(formatSignificant(-2.5e9, 2)).toBe('-2.5e+9');
  });

  it('spells out non-finite values', () => {
    expect(formatSignificant(NaN, 3)).toBe('NaN');
    expect(formatSignificant(-Infinity, 3)).toBe('-Inf');
  });
});

describe('formatSummaryTable', () => {
  const rows: QuantitySummary[] = [
    { name: 'mu', mean: 4.1843, mcseMean: 0.14231, sd: 3.4012, q5: -0.8541, q50: 4.1638, q95: 9.3921, essBulk: 557.6, essTail: 322.4, rhat: 1.0213 },
    { name: 'theta[10]', mean: -1250000, mcseMean: 1234.5, sd: 2.5e7, q5: 1e-6, q50: 0, q95: 12, essBulk: NaN, essTail: 4000, rhat: NaN },
  ];
  const table = formatSummaryTable(rows);
  const lines = table.split('\n');

  it('has a header and one aligned line per quantity', () => {
    expect(lines).toHaveLength(3);
    expect(lines[0]!.trim().split(/\s+/)).toEqual(['Mean', 'MCSE', 'StdDev', '5%', '50%', '95%', 'ESS_bulk', 'ESS_tail', 'R_hat']);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('formats numbers by kind: values, ESS as integers, R-hat with two decimals', () => {
    expect(lines[1]!.split(/\s+/)).toEqual(['mu', '4.18', '0.14', '3.40', '-0.854', '4.16', '9.39', '558', '322', '1.02']);
    expect(lines[2]!.split(/\s+/)).toEqual(['theta[10]', '-1.25e+6', '1235', '2.50e+7', '1.00e-6', '0', '12.0', 'NaN', '4000', 'NaN']);
  });

  it('follows the significant digits option and checks it', () => {
    expect(formatSummaryTable(rows, { significantDigits: 2 }).split('\n')[1]!.split(/\s+/)[1]).toBe('4.2');
    expect(() => formatSummaryTable(rows, { significantDigits: 0 })).toThrow(
      'formatSummaryTable: significantDigits is 0, but must be an integer in [1, 17]',
    );
  });
});
