import { describe, expect, it } from 'vitest';
import { essBulk } from '../../../src/samplers/diagnostics/ess.js';
import { rhat } from '../../../src/samplers/diagnostics/rhat.js';
import { compareSamplers, formatComparison } from '../../../src/samplers/run/compare.js';
import { columnDraws } from '../../../src/samplers/run/fit.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { compareEss } from './run.checks.js';

describe('compareSamplers', () => {
  it('measures NUTS, HMC and Metropolis on one model', async () => {
    const rows = compareSamplers(gaussianModel({ scales: [1, 0.3, 3, 1, 1] }), { chains: 2, warmup: 60, draws: 80, seed: 4 });
    expect(rows.map((row) => row.method)).toEqual(['nuts', 'hmc', 'metropolis']);
    for (const row of rows) {
      // Each row is computed from its fit: gradient (or density) evaluations of all chains,
      // the smallest bulk-ESS and largest R-hat over the outputs, and their ratios.
      const { fit } = row;
      const evaluations = fit.chains.reduce((n, chain) => n + (row.evaluationKind === 'gradient' ? chain.gradientEvaluations : chain.logDensityEvaluations), 0);
      expect(row.evaluations).toBe(evaluations);
      expect(row.minEssBulk).toBe(Math.min(...fit.outputNames.map((name) => essBulk(columnDraws(fit, name)))));
      expect(row.maxRhat).toBe(Math.max(...fit.outputNames.map((name) => rhat(columnDraws(fit, name)))));
      expect(row.essPerEvaluation).toBeCloseTo(row.minEssBulk / row.evaluations, 12);
      expect(row.essPerSecond).toBeCloseTo(row.minEssBulk / row.seconds, 9);
      expect(row.divergences).toBe(0);
    }
    const [nuts, , metropolis] = rows;
    expect(metropolis!.evaluationKind).toBe('logDensity');
    expect(metropolis!.evaluations).toBe(2 * (60 + 80 + 1));
    expect(nuts!.evaluationKind).toBe('gradient');
    // On a Gaussian, NUTS's draws are far less autocorrelated than random-walk Metropolis's
    // (a statistical property: swept over seeds in run.checks.ts).
    await expectCheckPasses(compareEss);
    const table = formatComparison(rows);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toMatch(/^method\s+seconds\s+evaluations/);
  });
});
