import { describe, expect, it } from 'vitest';
import { model as correlated2d } from '../../examples/bench/correlated_2d.js';
import { densityModel } from '../../src/models/model.js';
import { columnDraws } from '../../src/samplers/run/fit.js';
import { summary } from '../../src/samplers/run/summary.js';
import { advi, sampleApproximation } from '../../src/vi/advi.js';
import { diagonalGaussian, scaleData, scaleModelDefinition } from './support.js';

/**
 * Accuracy runs use a fixed number of iterations (tolRelObj tiny) and average the last half
 * of the iterates (averageIterations): the last iterate of ADVI fluctuates around the
 * optimum by much more than the tolerances below (see iterate-average.ts).
 */
const accurate = { gradSamples: 4, maxIterations: 2000, averageIterations: 1000, tolRelObj: 1e-12 } as const;

describe('advi: mean-field', () => {
  it('recovers the means (within 0.05 sd) and sds (within 5%) of a diagonal Gaussian', () => {
    const means = [1, -2, 3, 0];
    const scales = [0.5, 1, 2, 3];
    const result = advi(diagonalGaussian(means, scales), { seed: 1, ...accurate });
    expect(result.approximation.kind).toBe('meanfield');
    expect(result.status).toBe('max-iterations');
    means.forEach((mean, i) => {
      expect(Math.abs(result.approximation.mean[i]! - mean) / scales[i]!, `mean[${i + 1}]`).toBeLessThan(0.05);
      expect(Math.abs(result.approximation.sd[i]! / scales[i]! - 1), `sd[${i + 1}]`).toBeLessThan(0.05);
    });
    // The step-size search ran and chose a value of Stan's sequence.
    expect(result.etaTrials.length).toBeGreaterThan(0);
    expect([100, 10, 1, 0.1, 0.01]).toContain(result.eta);
  });

  it('works with Adam steps too', () => {
    const result = advi(diagonalGaussian([1, -1], [0.5, 2]), { seed: 2, optimizer: 'adam', eta: 0.05, ...accurate });
    expect(Math.abs(result.approximation.mean[0]! - 1) / 0.5).toBeLessThan(0.1);
    expect(Math.abs(result.approximation.sd[1]! / 2 - 1)).toBeLessThan(0.1);
    expect(result.etaTrials).toEqual([]);
  });

  it('is reproducible from its seed', () => {
    const model = diagonalGaussian([0, 1], [1, 2]);
    const first = advi(model, { seed: 7, maxIterations: 300, draws: 50 });
    const second = advi(model, { seed: 7, maxIterations: 300, draws: 50 });
    const other = advi(model, { seed: 8, maxIterations: 300, draws: 50 });
    expect(second.approximation).toEqual(first.approximation);
    expect(second.fit.draws).toEqual(first.fit.draws);
    expect(other.approximation.mean).not.toEqual(first.approximation.mean);
  });
});

describe('advi on correlated_2d (rho = 0.99)', () => {
  const model = correlated2d.compile({ rho: 0.99 });

  it('full-rank recovers the correlation (within 0.02) and the sds (within 10%)', () => {
    const result = advi(model, { seed: 1, algorithm: 'fullrank', eta: 1, ...accurate });
    const approximation = result.approximation;
    if (approximation.kind !== 'fullrank') throw new Error('expected a full-rank approximation');
    const [l11, , l21] = approximation.cholesky;
    const correlation = (l11! * l21!) / (approximation.sd[0]! * approximation.sd[1]!);
    expect(Math.abs(correlation - 0.99)).toBeLessThan(0.02);
    for (const sd of approximation.sd) expect(Math.abs(sd - 1)).toBeLessThan(0.1);
    // The fit's draws show it too.
    const x1 = columnDraws(result.fit, 'x[1]')[0]!;
    const x2 = columnDraws(result.fit, 'x[2]')[0]!;
    const mean = (v: Float64Array): number => v.reduce((a, b) => a + b, 0) / v.length;
    const m1 = mean(x1);
    const m2 = mean(x2);
    const covariance = x1.reduce((sum, v, i) => sum + (v - m1) * (x2[i]! - m2), 0) / (x1.length - 1);
    const sd = (v: Float64Array, m: number): number => Math.sqrt(v.reduce((sum, x) => sum + (x - m) ** 2, 0) / (v.length - 1));
    expect(covariance / (sd(x1, m1) * sd(x2, m2))).toBeGreaterThan(0.98);
  });

  it('mean-field underestimates the marginal sds: it finds sqrt(1 - rho²) = 0.14 instead of 1', () => {
    const result = advi(model, { seed: 1, eta: 1, ...accurate });
    for (const sd of result.approximation.sd) {
      expect(Math.abs(sd / Math.sqrt(1 - 0.99 ** 2) - 1)).toBeLessThan(0.1);
      expect(sd).toBeLessThan(0.2);
    }
  });
});

describe('advi: stopping and failure', () => {
  it("stops when the relative ELBO change falls below tolRelObj, with Stan's behaviour (no averaging)", () => {
    const result = advi(diagonalGaussian([1, -2, 3], [1, 1, 1], -50), { seed: 3, averageIterations: 0 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(10_000);
    expect(result.averagedIterations).toBe(0);
    const last = result.elboTrace[result.elboTrace.length - 1]!;
    expect(last.iteration).toBe(result.iterations);
    expect(Math.min(last.relChangeMean, last.relChangeMedian)).toBeLessThan(0.01);
    expect(result.status).toBe(last.relChangeMean < 0.01 ? 'converged-mean' : 'converged-median');
    // Stan's first relative change is 1 (the previous ELBO starts at 0).
    expect(result.elboTrace[0]!.relChangeMean).toBe(1);
    // The optimisation itself has nothing to say (the last iterate's Pareto-k check may).
    expect(result.fit.chains[0]!.warnings).toEqual([]);
  });

  it('by default averages the iterates after convergence until the average has settled', () => {
    const stan = advi(diagonalGaussian([1, -2, 3], [1, 1, 1], -50), { seed: 3, averageIterations: 0 });
    const result = advi(diagonalGaussian([1, -2, 3], [1, 1, 1], -50), { seed: 3 });
    expect(result.converged).toBe(true);
    // The same optimisation up to convergence, then at least 1000 averaged iterations without ELBO estimates.
    expect(result.elboTrace).toEqual(stan.elboTrace);
    expect(result.averagedIterations).toBeGreaterThanOrEqual(1000);
    expect(result.iterations).toBe(stan.iterations + result.averagedIterations);
    expect(result.warnings).toEqual([]);
    // The settled average's means are within a few MCSEs (tolerance 0.02 sd) of the truth.
    [1, -2, 3].forEach((mean, i) => expect(Math.abs(result.approximation.mean[i]! - mean)).toBeLessThan(0.08));
  });

  it('warns when the iteration cap comes before the average settles', () => {
    const result = advi(diagonalGaussian([1, -2, 3], [1, 1, 1], -50), { seed: 3, averageTolerance: 1e-6, maxIterations: 3000 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(3000);
    expect(result.warnings.join('\n')).toMatch(/iteration cap \(3000\) was reached while averaging the iterates after convergence/);
  });

  it('warns when the iteration cap is reached first', () => {
    const result = advi(diagonalGaussian([0], [1]), { seed: 3, maxIterations: 200, tolRelObj: 1e-9 });
    expect(result.status).toBe('max-iterations');
    expect(result.converged).toBe(false);
    expect(result.warnings.join('\n')).toMatch(/maximum number of iterations \(200\)/);
    // The fit keeps the run's own warnings; the approximation check (which may add one) is
    // computed again by the fit's summary.
    expect(result.fit.chains[0]!.warnings).toEqual(result.warnings.filter((warning) => !warning.includes('Pareto k of the importance ratios')));
    expect(result.fit.chains[0]!.warnings.join('\n')).toMatch(/maximum number of iterations \(200\)/);
  });

  it('reports an ELBO that becomes infinite with the iteration and what to try, without propagating it', () => {
    // log p = -exp(x²/2) overflows for |x| > 38: a step size of 100 gets there at once.
    const model = densityModel({
      dim: 1,
      logDensityAndGradient: ([x]) => ({ logDensity: -Math.exp((x! * x!) / 2), gradient: Float64Array.of(-x! * Math.exp((x! * x!) / 2)) }),
    });
    const result = advi(model, { seed: 1, eta: 100, draws: 10 });
    expect(result.status).toBe('non-finite');
    expect(result.converged).toBe(false);
    // The optimisation's warning, then the Pareto-k check of the approximation it kept.
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[1]).toContain('has log density -Infinity under the model');
    expect(result.warnings[0]).toMatch(/became NaN or infinite at iteration \d+/);
    expect(result.warnings[0]).toMatch(/smaller step size \(eta, now 100\)/);
    expect(result.warnings[0]).toMatch(/more gradient draws \(gradSamples, now 1\)/);
    expect(Number.isFinite(result.approximation.mean[0])).toBe(true);
    expect(Number.isFinite(result.approximation.sd[0])).toBe(true);
  });

  it('refuses an initial approximation whose ELBO cannot be computed', () => {
    const box = densityModel({ dim: 1, logDensityAndGradient: ([x]) => ({ logDensity: Math.abs(x!) < 0.01 ? 0 : -Infinity, gradient: Float64Array.of(0) }) });
    expect(() => advi(box, { init: Float64Array.of(0) })).toThrow(/advi: cannot compute the ELBO of the initial approximation/);
  });

  it('checks its options, naming the bad one', () => {
    const model = diagonalGaussian([0], [1]);
    expect(() => advi(model, { gradSamples: 0 })).toThrow(/advi: gradSamples is 0, but must be a positive integer/);
    expect(() => advi(model, { eta: -1 })).toThrow(/advi: eta is -1/);
    expect(() => advi(model, { algorithm: 'diagonal' as 'meanfield' })).toThrow(/algorithm is 'diagonal'/);
    expect(() => advi(model, { init: Float64Array.of(0, 0) })).toThrow(/initial position has length 2/);
  });
});

describe('advi: draws as a Fit', () => {
  const model = scaleModelDefinition.compile(scaleData);
  const result = advi(model, { seed: 4, maxIterations: 2000, draws: 400 });

  it("has CmdStan's variational columns, then the model's constrained outputs and generated quantities", () => {
    const { fit } = result;
    expect(fit.columnNames).toEqual(['lp__', 'log_p__', 'log_g__', 'sigma', 'yNew']);
    expect(fit.draws).toHaveLength(1);
    expect(fit.draws[0]!.every((column) => column.length === 400)).toBe(true);
    const sigma = columnDraws(fit, 'sigma')[0]!;
    const logSigma = Math.log(sigma[0]!);
    expect(sigma.every((value) => value > 0)).toBe(true);
    expect(columnDraws(fit, 'lp__')[0]![0]).toBeCloseTo(model.logDensity(Float64Array.of(logSigma)), 8);
    expect(columnDraws(fit, 'log_p__')[0]![0]).toBe(columnDraws(fit, 'lp__')[0]![0]);
    // log_g__: the mean-field normal density of log(sigma).
    const { mean, sd } = result.approximation;
    const expected = -0.5 * ((logSigma - mean[0]!) / sd[0]!) ** 2 - Math.log(sd[0]!) - 0.5 * Math.log(2 * Math.PI);
    expect(columnDraws(fit, 'log_g__')[0]![0]).toBeCloseTo(expected, 8);
    const yNew = columnDraws(fit, 'yNew')[0];
    expect(new Set(yNew).size).toBe(400);
  });

  it('draws the same again from the returned approximation with the same seed', () => {
    const again = sampleApproximation(model, result.approximation, { draws: 400, seed: 4 });
    const first = columnDraws(result.fit, 'sigma')[0]!;
    columnDraws(again, 'sigma')[0]!.forEach((value, n) => expect(value).toBeCloseTo(first[n]!, 12));
  });

  it('summarises like an MCMC fit', () => {
    const text = summary(result.fit).text;
    expect(text).toMatch(/sigma/);
    expect(summary(result.fit).rows.map((row) => row.name)).toEqual(['lp__', 'sigma', 'yNew']);
    expect(result.fit.chains[0]!.gradientEvaluations).toBe(result.gradientEvaluations);
  });
});
