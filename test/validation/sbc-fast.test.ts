import { describe, expect, it } from 'vitest';
import { renderVegaLiteToSvg } from '../../src/report/plot.js';
import { analyzeReplicates, applyBonferroni, isCalibrated, isFailure, runReplicate, tryReplicate } from '../../src/validation/sbc.js';
import { normalMean, sbcModel } from '../../src/validation/sbc-models/index.js';
import { rankBarRows, rankHistogramSpec } from '../../src/validation/sbc-plot.js';
import { runSbcJobs } from '../../src/validation/sbc-pool.js';
import { sbcMarkdown } from '../../src/validation/sbc-report.js';
import { sbcFastNuts, sbcNutsReplicates, sbcUniformityOutcome } from './validation.checks.js';

// SBC machinery on the conjugate normal-mean model, small: L = 19 draws per replicate
// (ranks 0..19 in 5 bins of 4), short NUTS chains.
const options = { seed: 11, rankDraws: 19, warmup: 150, draws: 200 };

describe('simulation-based calibration, fast subset', () => {
  it('NUTS ranks are in range and pass the uniformity test on a conjugate model', () => {
    const results = sbcNutsReplicates(options.seed);
    expect(results.filter(isFailure)).toEqual([]);
    for (const result of results) {
      if (isFailure(result)) continue;
      expect(result.names).toEqual(['mu']);
      expect(Number.isInteger(result.ranks[0]) && result.ranks[0]! >= 0 && result.ranks[0]! <= 19).toBe(true);
      expect(result.info.ok).toBe(true);
    }
    const [analysis] = applyBonferroni([analyzeReplicates('normal-mean', 'nuts', results, { rankDraws: 19, bins: 5 })]);
    expect(analysis!.parameters[0]!.counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(analysis!.level).toBeCloseTo(0.01, 15);
    // The verdict and the report follow the p-value and the level; whether p clears them is
    // the statistical part, judged as validation.checks.ts judges it over many seeds.
    const pValue = analysis!.parameters[0]!.test.pValue;
    expect(isCalibrated(analysis!)).toBe(pValue >= analysis!.level);
    expect(sbcMarkdown('SBC', [], [analysis!])).toContain(isCalibrated(analysis!) ? 'normal-mean: calibrated' : 'normal-mean: NOT calibrated');
    expect(sbcUniformityOutcome(results).failures).toEqual([]);
    expect(options.seed).toBe(sbcFastNuts.seed);
  });

  it('a replicate is reproducible from its seed, on worker threads as in this thread', async () => {
    const jobs = [0, 1].map((replicate) => ({ model: 'normal-mean', method: 'advi-meanfield' as const, replicate }));
    const pooled = await runSbcJobs(jobs, { ...options, threads: 2 });
    const inThread = jobs.map((job) => runReplicate(sbcModel(job.model), job.method, job.replicate, options));
    expect(pooled.get('normal-mean/advi-meanfield')).toEqual(inThread);
  });

  it('draws rank histograms as SVG', async () => {
    const results = Array.from({ length: 5 }, (_, replicate) => tryReplicate(normalMean, 'advi-meanfield', replicate, options));
    const analysis = applyBonferroni([analyzeReplicates('normal-mean', 'advi-meanfield', results, { rankDraws: 19, bins: 5 })]);
    const rows = rankBarRows(analysis);
    expect(rows.length).toBe(5);
    expect(rows.reduce((total, row) => total + row.count, 0)).toBe(5);
    const svg = await renderVegaLiteToSvg(rankHistogramSpec('normal mean', rows));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('advi-meanfield');
  });
});
