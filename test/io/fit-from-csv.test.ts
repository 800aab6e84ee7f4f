import { describe, expect, it } from 'vitest';
import { fitFromStanCsv, fitFromVariationalCsv } from '../../src/io/fit-from-csv.js';
import { parseStanCsv } from '../../src/io/read-stan-csv.js';
import { sampleCsvText } from '../../src/io/sample-csv.js';
import { variationalCsvText } from '../../src/io/variational-csv.js';
import { summary } from '../../src/samplers/run/summary.js';
import { runInfo, smallFit } from './fixtures.js';

describe('a fit rebuilt from its CSV files', () => {
  it('gives the summary of the original fit', () => {
    const fit = smallFit({ chains: 3 });
    const files = fit.chains.map((_, chain) => parseStanCsv(sampleCsvText(runInfo, fit, chain)));
    const { fit: rebuilt, notes } = fitFromStanCsv(files);
    expect(rebuilt.config.method).toBe('nuts');
    expect(rebuilt.config.chains).toBe(3);
    expect(rebuilt.outputNames).toEqual(['x[1]', 'x[2]']);
    expect(summary(rebuilt).rows).toEqual(summary(fit).rows);
    expect(notes).toEqual([]);
  });

  it('cuts chains of an interrupted run to the shortest, and says so', () => {
    const fit = smallFit({ chains: 2 });
    const texts = fit.chains.map((_, chain) => sampleCsvText(runInfo, fit, chain));
    const lines = texts[1]!.split('\n');
    const shortened = lines.slice(0, lines.findIndex((line) => line.startsWith('# ') && line.includes('Elapsed')) - 15).join('\n') + '\n';
    const { fit: rebuilt, notes } = fitFromStanCsv([parseStanCsv(texts[0]!), parseStanCsv(shortened)]);
    expect(rebuilt.draws[0]![0]!.length).toBe(rebuilt.draws[1]![0]!.length);
    expect(rebuilt.draws[0]![0]!.length).toBeLessThan(40);
    expect(notes[0]).toMatch(/^Chains hold 40, \d+ draws/);
  });

  it('recognises static HMC and Metropolis runs', () => {
    for (const method of ['hmc', 'metropolis'] as const) {
      const fit = smallFit({ chains: 1, method });
      expect(fitFromStanCsv([parseStanCsv(sampleCsvText(runInfo, fit, 0))]).fit.config.method).toBe(method);
    }
  });

  it('refuses files that are not MCMC output, naming the column', () => {
    expect(() => fitFromStanCsv([parseStanCsv('a,b\n1,2\n', 'x.csv')])).toThrow("fitFromStanCsv: x.csv column 1 is 'a', but an MCMC CSV starts with lp__");
  });

  it('reads variational output without its mean row', () => {
    const mcmc = smallFit({ chains: 1 });
    // A one-chain fit with the variational columns, standing in for ADVI's.
    const columns = [mcmc.draws[0]![0]!, mcmc.draws[0]![0]!, mcmc.draws[0]![6]!, mcmc.draws[0]![7]!, mcmc.draws[0]![8]!];
    const fit = { ...mcmc, columnNames: ['lp__', 'log_p__', 'log_g__', 'x[1]', 'x[2]'], draws: [columns] };
    const settings = { algorithm: 'meanfield', maxIterations: 10000, gradSamples: 1, elboSamples: 100, eta: 1, adaptEngaged: true, adaptIterations: 50, tolRelObj: 0.01, evalElbo: 100, draws: 40, seed: 3, initRadius: 2 } as const;
    const csv = parseStanCsv(variationalCsvText(runInfo, settings, 0.1, Float64Array.of(0.5, -0.5), fit));
    expect(csv.draws[0]!.length).toBe(41);
    expect(csv.draws[3]![0]).toBe(0.5);
    const { fit: rebuilt } = fitFromVariationalCsv(csv);
    expect(Array.from(rebuilt.draws[0]![3]!)).toEqual(Array.from(columns[3]!));
    expect(rebuilt.config.seed).toBe(3);
  });
});
