import { describe, expect, it } from 'vitest';
import { buildWarmupSchedule } from '../../../src/samplers/adaptation/schedule.js';
import {
  windowAdaptationFinal,
  windowAdaptationInit,
  windowAdaptationUpdate,
} from '../../../src/samplers/adaptation/window-adaptation.js';
import { buildNutsKernel } from '../../../src/samplers/nuts.js';
import { makeRng } from '../../../src/random/rng.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { correlatedGaussianModel, gaussianModel, spreadScales } from '../../fixtures/models/gaussian-model.js';

describe('window adaptation', () => {
  it('recovers the variances of a 10-d Gaussian with scales 0.01..1 (diag metric)', () => {
    // The last window holds 500 draws: the variance estimate's relative sd is about
    // sqrt(2 / ESS) < 10%, and the shrinkage adds 1e-3 * 5/505 (+10% at scale 0.01).
    const fit = sample(gaussianModel({ scales: spreadScales }), { chains: 2, warmup: 1000, draws: 10, seed: 3 });
    for (const chain of fit.chains) {
      const { adaptation } = chain;
      if (adaptation.kind !== 'hamiltonian' || adaptation.metric.kind !== 'diag') throw new Error('expected a diag metric');
      adaptation.metric.inverseMassDiag.forEach((variance, i) => {
        expect(variance / spreadScales[i]! ** 2, `chain ${chain.chain}, coordinate ${i}`).toBeGreaterThan(0.8);
        expect(variance / spreadScales[i]! ** 2, `chain ${chain.chain}, coordinate ${i}`).toBeLessThan(1.2);
      });
    }
  });

  it('recovers a correlated covariance (dense metric)', () => {
    // sd 1, 2, 0.5; correlations 0.9 (1,2), -0.5 (1,3), -0.3 (2,3).
    const sds = [1, 2, 0.5];
    const correlation = [1, 0.9, -0.5, 0.9, 1, -0.3, -0.5, -0.3, 1];
    const covariance = Float64Array.from(correlation, (rho, k) => rho * sds[Math.floor(k / 3)]! * sds[k % 3]!);
    const fit = sample(correlatedGaussianModel(covariance), { chains: 2, warmup: 2000, draws: 10, metric: 'dense', seed: 4 });
    for (const chain of fit.chains) {
      const { adaptation } = chain;
      if (adaptation.kind !== 'hamiltonian' || adaptation.metric.kind !== 'dense') throw new Error('expected a dense metric');
      const estimate = adaptation.metric.inverseMass;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          // Errors in units of sd_i sd_j: the last window (2000 warm-up: 1000 draws) estimates
          // each entry with sd about sqrt(2 / ESS) < 0.07; 0.2 is about 3 of those.
          const error = (estimate[i * 3 + j]! - covariance[i * 3 + j]!) / (sds[i]! * sds[j]!);
          expect(Math.abs(error), `chain ${chain.chain}, entry (${i + 1},${j + 1})`).toBeLessThan(0.2);
        }
      }
    }
  });

  it('re-initialises the step size at each window end and counts the heuristic cost', () => {
    const model = gaussianModel({ scales: [0.1, 10] });
    const kernel = buildNutsKernel();
    const options = { schedule: buildWarmupSchedule(200).stages, metricKind: 'diag' } as const;
    const rng = makeRng(8);
    let state = kernel.init(model, Float64Array.of(0.1, 1));
    let adaptation = windowAdaptationInit(rng, model, state, { ...options, initialStepSize: 1 });
    const costAtStart = adaptation.heuristicGradientEvaluations;
    expect(costAtStart).toBeGreaterThan(0);
    for (let iteration = 0; iteration < 200; iteration++) {
      const [next, info] = kernel.step(rng, model, state, adaptation.parameters);
      state = next;
      adaptation = windowAdaptationUpdate(adaptation, rng, model, state, info.acceptStat, options);
      if (options.schedule[iteration]!.endsWindow) expect(adaptation.dualAveraging.iteration).toBe(0);
    }
    expect(adaptation.metricUpdates).toBe(2);
    expect(adaptation.heuristicGradientEvaluations).toBeGreaterThan(costAtStart);
    // After two windows the step size is of the order of the (whitened) scale 1, not 0.1.
    expect(windowAdaptationFinal(adaptation).stepSize).toBeGreaterThan(0.3);
    expect(() => windowAdaptationUpdate(adaptation, rng, model, state, 0.8, options)).toThrow(/iteration 201 is past the 200/);
  });
});
