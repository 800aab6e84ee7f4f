import { describe, expect, it } from 'vitest';
import { compareSamplers, formatComparison } from '../../../src/samplers/run/compare.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { compareEss } from './run.checks.js';

describe('compareSamplers', () => {
  it('measures NUTS, HMC and Metropolis on one model', async () => {
    const rows = compareSamplers(gaussianModel({ scales: [1, 0.3, 3, 1, 1] }), { chains: 2, warmup: 300, draws: 400, seed: 4 });
    expect(rows.map((row) => row.method)).toEqual(['nuts', 'hmc', 'metropolis']);
    for (const row of rows) {
      expect(row.evaluations).toBeGreaterThan(0);
      expect(row.minEssBulk).toBeGreaterThan(0);
      expect(row.essPerEvaluation).toBeCloseTo(row.minEssBulk / row.evaluations, 12);
      expect(row.essPerSecond).toBeGreaterThan(0);
      expect(row.maxRhat).toBeGreaterThan(0.9);
      expect(row.divergences).toBe(0);
    }
    const [nuts, , metropolis] = rows;
    expect(metropolis!.evaluationKind).toBe('logDensity');
    expect(metropolis!.evaluations).toBe(2 * (300 + 400 + 1));
    expect(nuts!.evaluationKind).toBe('gradient');
    // On a Gaussian, NUTS's draws are far less autocorrelated than random-walk Metropolis's
    // (a statistical property: swept over seeds in run.checks.ts).
    await expectCheckPasses(compareEss);
    const table = formatComparison(rows);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toMatch(/^method\s+seconds\s+evaluations/);
  });
});
