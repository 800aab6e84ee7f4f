import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/cli/cli-error.js';
import { chooseQuantities, defaultSelection, parseVariablePatterns, selectByPatterns, SHOW_ALL_UP_TO } from '../../src/report/quantity-selection.js';
import type { QuantitySummary } from '../../src/samplers/diagnostics/summary-table.js';
import type { SummaryWarning } from '../../src/samplers/run/summary.js';

const names = ['lp__', 'mu', 'tau', ...Array.from({ length: 12 }, (_, i) => `theta[${i + 1}]`), 'L[1,1]', 'L[2,1]', 'L[1,2]', 'L[2,2]'];
const select = (text: string) => selectByPatterns(names, text, closestName);

const row = (name: string, rhat = 1): QuantitySummary => ({ name, mean: 0, mcseMean: 0, sd: 1, q5: -1, q50: 0, q95: 1, essBulk: 1000, essTail: 1000, rhat });

describe('--vars', () => {
  it('takes names, every element of a bare name, ranges and open ends, in the order given', () => {
    expect(select('tau,mu')).toEqual(['tau', 'mu']);
    expect(select('theta[2:4]')).toEqual(['theta[2]', 'theta[3]', 'theta[4]']);
    expect(select('theta[11:]')).toEqual(['theta[11]', 'theta[12]']);
    expect(select('theta[:2], lp__')).toEqual(['theta[1]', 'theta[2]', 'lp__']);
    expect(select('L[2,:]')).toEqual(['L[2,1]', 'L[2,2]']);
    expect(select('L[,1]')).toEqual(['L[1,1]', 'L[2,1]']);
    expect(select('L')).toEqual(['L[1,1]', 'L[2,1]', 'L[1,2]', 'L[2,2]']);
    expect(select('theta[3],theta[1:3]')).toEqual(['theta[3]', 'theta[1]', 'theta[2]']);
  });

  it('names the item that matches nothing, with a suggestion', () => {
    expect(() => select('mu,thta')).toThrow("--vars: 'thta' matches no quantity; did you mean 'theta'?");
    expect(() => select('theta[13:20]')).toThrow("--vars: 'theta[13:20]' matches no quantity; 'theta' has indices theta[1] to theta[12]");
    expect(() => parseVariablePatterns('mu,,tau')).toThrow(/has an empty item/);
    expect(() => parseVariablePatterns('theta[a]')).toThrow("--vars: 'theta[a]' has index 'a', but an index must be a number, a range a:b or empty");
    expect(() => parseVariablePatterns('theta[1')).toThrow(/is not a name or name\[indices\]/);
  });
});

describe('the default selection', () => {
  it('shows every quantity of a small model', () => {
    const rows = names.map((name) => row(name));
    expect(defaultSelection(rows, [])).toEqual({ names, total: names.length });
  });

  it('shows scalars, the first elements of each array and the quantities warnings name for a large model', () => {
    const many = ['lp__', 'sigma', ...Array.from({ length: 3000 }, (_, i) => `z[${i + 1}]`), ...Array.from({ length: 3000 }, (_, i) => `y[${i + 1}]`)];
    const rows = many.map((name) => row(name, name === 'z[2500]' || name === 'y[10]' ? 1.2 : 1));
    const warnings: SummaryWarning[] = [{ kind: 'rhat', message: 'R-hat', quantities: ['y[10]', 'z[2500]'] }];
    const selection = defaultSelection(rows, warnings);
    expect(selection.total).toBe(many.length);
    expect(selection.names).toEqual(['lp__', 'sigma', 'z[1]', 'z[2]', 'z[3]', 'z[4]', 'z[5]', 'z[2500]', 'y[1]', 'y[2]', 'y[3]', 'y[4]', 'y[5]', 'y[10]']);
    expect(selection.note).toMatch(/^Showing 14 of 6002 quantities: .*the quantities with warnings\. summary\.csv holds them all; --vars chooses others/);
    expect(SHOW_ALL_UP_TO).toBeLessThan(many.length);
  });

  it('takes --vars over the default, and says when it shows a subset', () => {
    const rows = names.map((name) => row(name));
    expect(chooseQuantities(rows, [], 'mu', closestName)).toEqual({ names: ['mu'], total: names.length, note: `Showing the 1 of ${names.length} quantities chosen by --vars; summary.csv holds them all.` });
  });
});
