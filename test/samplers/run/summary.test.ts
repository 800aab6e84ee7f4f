import { describe, expect, it } from 'vitest';
import { densityModel } from '../../../src/models/model.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { summary } from '../../../src/samplers/run/summary.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { funnelFit, funnelWarningOutcome, summaryEbfmi, summaryFunnelWarnings, summaryGaussianClean, summaryTreeDepth } from './run.checks.js';

/** Equal mixture of N(-6, 0.5^2) and N(6, 0.5^2) in 1-d: no chain crosses between the modes. */
const bimodal = densityModel({
  dim: 1,
  logDensityAndGradient: (theta) => {
    const x = theta[0]!;
    const left = -0.5 * ((x + 6) / 0.5) ** 2;
    const right = -0.5 * ((x - 6) / 0.5) ** 2;
    const top = Math.max(left, right);
    const logDensity = top + Math.log(Math.exp(left - top) + Math.exp(right - top));
    const weightLeft = Math.exp(left - logDensity);
    const gradient = weightLeft * (-(x + 6) / 0.25) + (1 - weightLeft) * (-(x - 6) / 0.25);
    return { logDensity, gradient: Float64Array.of(gradient) };
  },
});

describe('summary', () => {
  it('summarises lp__ and every output, and finds nothing wrong with a Gaussian', async () => {
    const fit = sample(gaussianModel({ scales: [1, 2] }), { seed: 1, warmup: 500, draws: 500 });
    const result = summary(fit);
    expect(result.rows.map((row) => row.name)).toEqual(['lp__', 'x[1]', 'x[2]']);
    expect(result.warnings).toEqual([]);
    expect(result.text).toMatch(/^Inference by nuts: 4 chains, each with 500 warm-up and 500 sampling iterations/);
    expect(result.text).toMatch(/ESS_bulk/);
    expect(result.text).toMatch(/No problems detected\.$/);
    // That no warning appears is a statistical property: swept over seeds in run.checks.ts.
    await expectCheckPasses(summaryGaussianClean);
  });

  it("warns about divergences on Neal's funnel and says where they are", () => {
    // Whether a run shows divergences, and where, is statistical: run.checks.ts sweeps the
    // same judgement (summaryFunnelWarnings) over many seeds.
    const fit = funnelFit(summaryFunnelWarnings.seed);
    expect(funnelWarningOutcome(fit).failures).toEqual([]);
    const { warnings, text } = summary(fit);
    const divergences = warnings.find((warning) => warning.kind === 'divergences');
    expect(divergences?.fraction).toBeCloseTo((divergences?.count ?? NaN) / 4000, 12);
    expect(text).toMatch(/Increase adaptDelta \(now 0\.8/);
    expect(text).toMatch(/non-centred/);
  });

  it('warns about low E-BFMI on a 10-d funnel', () => expectCheckPasses(summaryEbfmi));

  it('warns about R-hat when chains are stuck in different modes', () => {
    const inits = [-6, 6, -6, 6].map((x) => Float64Array.of(x));
    const fit = sample(bimodal, { seed: 2, warmup: 200, draws: 200, inits });
    const { warnings } = summary(fit);
    const rhatWarning = warnings.find((warning) => warning.kind === 'rhat');
    expect(rhatWarning?.quantities).toContain('x[1]');
    expect(rhatWarning?.message).toMatch(/R-hat above 1\.01 for .*x\[1\]/);
  });

  it('warns when trajectories hit the maximum tree depth', async () => {
    // Scales 1e-3 and 1 with warm-up too short to adapt the metric: NUTS needs ~1000 steps.
    const fit = sample(gaussianModel({ scales: [1e-3, 1] }), { seed: 3, chains: 1, warmup: 10, draws: 50, maxTreeDepth: 3 });
    const depth = summary(fit).warnings.find((warning) => warning.kind === 'treedepth');
    expect(depth?.message).toMatch(/maximum tree depth of 3/);
    expect(summary(fit).warnings.some((warning) => warning.kind === 'adaptation')).toBe(true);
    await expectCheckPasses(summaryTreeDepth);
  });
});
