import { describe, expect, it } from 'vitest';
import { fromStanCsvName, toStanCsvName } from '../../src/io/stan-csv-names.js';

describe('Stan CSV names', () => {
  it.each([
    ['mu', 'mu'],
    ['theta[1]', 'theta.1'],
    ['L[2,1]', 'L.2.1'],
    ['a_b[10,2,3]', 'a_b.10.2.3'],
    ['lp__', 'lp__'],
  ])('%s <-> %s', (ours, stan) => {
    expect(toStanCsvName(ours)).toBe(stan);
    expect(fromStanCsvName(stan)).toBe(ours);
  });

  it('rejects a name with unbalanced brackets, naming it', () => {
    expect(() => toStanCsvName('theta[1')).toThrow("toStanCsvName: name 'theta[1'");
  });

  it('leaves dots that are not followed by indices alone', () => {
    expect(fromStanCsvName('log.lik')).toBe('log.lik');
  });
});
