import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStanCsv, configValue, parseCsvNumber } from '../../src/io/read-stan-csv.js';
import { readStanCsv } from '../../src/io/read-stan-csv-file.js';
import { sampleCsvText } from '../../src/io/sample-csv.js';
import { formatCsvNumber } from '../../src/io/stan-csv-format.js';
import { samplerColumnNames } from '../../src/samplers/run/fit.js';
import { runInfo, smallFit } from './fixtures.js';

describe('Stan CSV of a chain, written and read back', () => {
  const fit = smallFit();
  const text = sampleCsvText(runInfo, fit, 1);
  const csv = parseStanCsv(text, 'chain_2.csv');

  it('has the sampler columns, then the outputs in dotted names', () => {
    expect(csv.columnNames).toEqual([...samplerColumnNames, 'x.1', 'x.2']);
  });

  it('holds every draw of the chain, bit for bit', () => {
    expect(csv.draws[0]!.length).toBe(40);
    fit.draws[1]!.forEach((column, index) => expect(Array.from(csv.draws[index]!)).toEqual(Array.from(column)));
    expect(csv.truncated).toBe(false);
  });

  it('records the configuration as CmdStan does', () => {
    expect(configValue(csv, 'num_samples')).toBe('40');
    expect(configValue(csv, 'num_warmup')).toBe('60');
    expect(configValue(csv, 'engine')).toBe('nuts');
    expect(configValue(csv, 'metric')).toBe('diag_e');
    expect(configValue(csv, 'seed')).toBe('7');
    expect(configValue(csv, 'id')).toBe('2');
    expect(csv.config.get('data.file')).toBe('data.json');
    expect(csv.config.get('method.sample.algorithm.hmc.engine.nuts.max_depth')).toBe('10');
  });

  it('has the adaptation block and the timing footer', () => {
    const adaptation = fit.chains[1]!.adaptation;
    if (adaptation.kind !== 'hamiltonian' || adaptation.metric.kind !== 'diag') throw new Error('expected a diagonal NUTS adaptation');
    expect(csv.adaptation?.stepSize).toBe(adaptation.stepSize);
    expect(csv.adaptation?.metricKind).toBe('diag');
    expect(csv.adaptation?.inverseMetric).toEqual([Array.from(adaptation.metric.inverseMassDiag)]);
    expect(csv.timing?.totalSeconds).toBeCloseTo(fit.chains[1]!.warmupSeconds + fit.chains[1]!.samplingSeconds, 2);
    expect(text).toMatch(/\n#  Elapsed Time: [0-9.]+ seconds \(Warm-up\)\n# {16}[0-9.]+ seconds \(Sampling\)\n/);
  });

  it('writes a dense metric as its rows', () => {
    const dense = smallFit({ chains: 1, metric: 'dense' });
    const read = parseStanCsv(sampleCsvText(runInfo, dense, 0));
    expect(read.adaptation?.metricKind).toBe('dense');
    expect(read.adaptation?.inverseMetric.length).toBe(2);
    expect(read.adaptation?.inverseMetric[0]!.length).toBe(2);
  });

  it('reads a file cut in the middle of a row up to its last complete row', () => {
    const rows = text.split('\n');
    const firstDraw = rows.findIndex((line) => /^-?\d/.test(line));
    const cut = rows.slice(0, firstDraw + 10).join('\n') + '\n' + rows[firstDraw + 10]!.slice(0, 7);
    const partial = parseStanCsv(cut);
    expect(partial.truncated).toBe(true);
    expect(partial.draws[0]!.length).toBe(10);
    expect(partial.timing).toBeUndefined();
  });

  it('reads a file in chunks that split lines and characters, as the whole text', () => {
    const directory = mkdtempSync(join(tmpdir(), 'leapfrog-read-'));
    try {
      const named = sampleCsvText({ ...runInfo, model: 'modèle ☃ \n x' }, fit, 1);
      const path = join(directory, 'chain_2.csv');
      writeFileSync(path, named);
      const whole = parseStanCsv(named, path);
      for (const chunkBytes of [1, 7, 64, 1 << 20]) expect(readStanCsv(path, chunkBytes)).toEqual(whole);
      expect(configValue(whole, 'model')).toBe('modèle ☃ \\n x');
      writeFileSync(path, named.slice(0, -5));
      expect(readStanCsv(path, 13).truncated).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reads every row the same, whether plain decimals or with nan, inf, blanks and a trailing comma', () => {
    const text = ['a,b,c', '1,-0,5e-324', '0.1 , 2 ,1.7976931348623157e+308', 'nan,inf,-inf', '1e-7,-2.5E3,3,', 'NaN,+Inf,Infinity', ''].join('\n');
    const csv = parseStanCsv(text);
    const rows = Array.from({ length: 5 }, (_, row) => csv.draws.map((column) => column[row]!));
    expect(rows).toEqual([[1, -0, 5e-324], [0.1, 2, 1.7976931348623157e308], [NaN, Infinity, -Infinity], [1e-7, -2500, 3], [NaN, Infinity, Infinity]]);
    expect(Object.is(rows[0]![1], -0)).toBe(true);
  });

  it('names the line and column of a bad value', () => {
    const bad = text.replace(/\n(-?\d[^,\n]*),/, '\nabc,');
    expect(() => parseStanCsv(bad, 'bad.csv')).toThrow(/readStanCsv: bad\.csv line \d+, column lp__: 'abc' is not a number/);
  });

  it('reads and writes the non-finite values as CmdStan does', () => {
    expect([NaN, Infinity, -Infinity, 0.1].map(formatCsvNumber)).toEqual(['nan', 'inf', '-inf', '0.1']);
    expect(['nan', 'inf', '-inf', 'NaN', 'Inf', '1e-7'].map(parseCsvNumber)).toEqual([NaN, Infinity, -Infinity, NaN, Infinity, 1e-7]);
  });
});
