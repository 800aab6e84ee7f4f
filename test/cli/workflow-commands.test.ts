import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPoint, finiteDifference } from '../../src/cli/commands/diagnose.js';
import { readFit } from '../../src/io/fit-directory.js';
import { configValue } from '../../src/io/read-stan-csv.js';
import { readStanCsv } from '../../src/io/read-stan-csv-file.js';
import { compareModels } from '../../src/loo/compare.js';
import { loo } from '../../src/loo/loo.js';
import type { CompiledModel } from '../../src/models/model.js';
import { columnDraws } from '../../src/samplers/run/fit.js';
import { model as pooled } from '../../examples/workflow/eight_schools_pooled.js';
import { runCli, runMain } from './run-cli.js';

// The commands past sampling, end to end: generate, loo (one run and a comparison),
// optimize, laplace, pathfinder and diagnose, with --init and --sig-figs. The pooled model
// has a normal posterior, mu ~ N(m, v), v = 1 / (1/25 + Σ 1/σ²), m = v Σ y/σ², which the
// mode and the approximations must meet.

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-workflow-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));
const folder = (name: string): string => join(temporary, name);

const schools = JSON.parse(readFileSync('examples/bench/data/eight_schools.json', 'utf8')) as { y: number[]; sigma: number[] };
const precision = 1 / 25 + schools.sigma.reduce((sum, s) => sum + 1 / s ** 2, 0);
const exactVariance = 1 / precision;
const exactMean = exactVariance * schools.y.reduce((sum, y, j) => sum + y / schools.sigma[j]! ** 2, 0);

const partial = 'examples/workflow/eight_schools_loo.ts';
const pooledFile = 'examples/workflow/eight_schools_pooled.ts';
const noLogLik = 'examples/bench/eight_schools_noncentered.ts';
const short = ['--warmup', '150', '--draws', '100', '--seed', '4'];

beforeAll(async () => {
  const runs = await Promise.all([
    runCli(['sample', noLogLik, ...short, '--sig-figs', '6', '--out', folder('plain')]),
    runCli(['sample', pooledFile, ...short, '--out', folder('pooled')]),
  ]);
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
}, 240_000);

describe('leapfrog generate and loo', () => {
  it('adds log_lik to saved draws, and loo then reads it as the loo package prints it', async () => {
    const missing = await runMain(['loo', folder('plain')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/the fit has no quantity 'log_lik'.*'leapfrog generate <model> --fit <dir>' adds a log_lik/);
    const generated = await runMain(['generate', partial, '--fit', folder('plain'), '--out', folder('generated')]);
    expect(generated.code, generated.stderr).toBe(0);
    const { fit: saved } = readFit(folder('plain'));
    const { fit } = readFit(folder('generated'));
    // Same chains, same sampler columns and parameters; log_lik from theta at every draw.
    expect(fit.chains.map((record) => record.chain)).toEqual([0, 1, 2, 3]);
    expect(columnDraws(fit, 'lp__')).toEqual(columnDraws(saved, 'lp__'));
    for (const j of [1, 3, 8]) {
      columnDraws(fit, `log_lik[${j}]`).forEach((chain, c) =>
        chain.forEach((value, k) => {
          const theta = columnDraws(saved, `theta[${j}]`)[c]![k]!;
          const sigma = schools.sigma[j - 1]!;
          // theta was saved with 6 significant digits (--sig-figs 6).
          expect(value).toBeCloseTo(-0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - 0.5 * ((schools.y[j - 1]! - theta) / sigma) ** 2, 4);
        }),
      );
    }
    const printed = await runMain(['loo', folder('generated')]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(`eight_schools_loo: ${loo(fit).text}\n`);
    expect(printed.stdout).toMatch(/computed from 400 by 8 log-likelihood matrix/);
    expect(printed.stdout).toMatch(/^elpd_loo\s+-\d+\.\d\s+\d+\.\d$/m);
    const pointwise = await runMain(['loo', folder('generated'), '--pointwise']);
    expect(pointwise.stdout).toMatch(/^log_lik\[8\]\s+-\d+\.\d\d\s+\d+\.\d\d\s+-?\d+\.\d\d\s+/m);
  });

  it('ranks two models of the same data as loo_compare does', async () => {
    const run = await runMain(['loo', folder('generated'), folder('pooled')]);
    expect(run.code, run.stderr).toBe(0);
    const expected = compareModels({ eight_schools_loo: loo(readFit(folder('generated')).fit), eight_schools_pooled: loo(readFit(folder('pooled')).fit) });
    expect(run.stdout).toContain(expected.text);
    expect(run.stdout).toMatch(/^eight_schools_pooled \(.*pooled\): elpd_loo -\d+\.\d \(SE \d+\.\d\)/m);
  });

  it('reports the predictive check and LOO of a saved run, re-reading its data when they hash as recorded', async () => {
    const sampled = readFileSync(join(folder('pooled'), 'report.html'), 'utf8');
    for (const id of ['predictive', 'loo', 'energy', 'forest']) expect(sampled).toContain(`<section id="${id}">`);
    const again = await runMain(['summary', folder('pooled'), '--report']);
    expect(again.code, again.stderr).toBe(0);
    const rewritten = readFileSync(join(folder('pooled'), 'report.html'), 'utf8');
    expect(rewritten).toContain('<section id="predictive">');
    expect(rewritten).toContain('<section id="loo">');
  });

  it('refuses a model whose parameters the fit does not have', async () => {
    const run = await runMain(['generate', 'examples/bench/eight_schools_centered.ts', '--fit', folder('pooled'), '--out', folder('wrong')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^leapfrog generate: .*has no column/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('leapfrog optimize, laplace and pathfinder', () => {
  it('optimize finds the mode, with and without the Jacobian, and writes optimize.csv', async () => {
    const spec = join(temporary, 'gamma.json');
    // tau ~ gamma(3, 1): mode 2 on the constrained scale; with the Jacobian of tau = exp(u),
    // tau^3 e^-tau, mode 3.
    writeFileSync(spec, JSON.stringify({ name: 'gamma_mode', parameters: { tau: { type: 'real', lower: 0 } }, model: [{ sample: 'tau', distribution: 'gamma', args: ['3', '1'] }] }));
    for (const [flags, mode] of [[[], 2], [['--jacobian'], 3]] as const) {
      const out = folder(`optimize-${mode}`);
      const run = await runMain(['optimize', spec, ...flags, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/L-BFGS converged after \d+ iterations/);
      const csv = readStanCsv(join(out, 'optimize.csv'));
      expect(csv.columnNames).toEqual(['lp__', 'tau']);
      expect(configValue(csv, 'jacobian')).toBe(mode === 3 ? '1' : '0');
      expect(csv.draws[1]![0]).toBeCloseTo(mode, 5);
    }
    const pooledMode = await runMain(['optimize', pooledFile, '--out', folder('optimize-pooled')]);
    expect(readStanCsv(join(folder('optimize-pooled'), 'optimize.csv')).draws[1]![0]).toBeCloseTo(exactMean, 5);
    expect(pooledMode.stdout).toMatch(/^mu\s+\d/m);
  });

  it('laplace and pathfinder meet a normal posterior, with a good Pareto k, and summary re-reads them', async () => {
    for (const command of ['laplace', 'pathfinder'] as const) {
      const out = folder(command);
      const run = await runMain([command, pooledFile, '--draws', '2000', '--seed', '3', '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Pareto k of the importance ratios: -?\d\.\d\d \(reliable\)/);
      expect(run.stdout).not.toMatch(/^Warning/m);
      const { fit } = readFit(out);
      const mu = columnDraws(fit, 'mu').flatMap((chain) => [...chain]);
      expect(mu).toHaveLength(2000);
      const mean = mu.reduce((sum, value) => sum + value, 0) / mu.length;
      // The draws are independent (PSIS resampling repeats some: a 2x allowance): 4 MCSE.
      expect(Math.abs(mean - exactMean)).toBeLessThan(4 * Math.sqrt((2 * exactVariance) / mu.length));
      const again = await runMain(['summary', out]);
      expect(again.stdout).toMatch(/^Approximation: /);
    }
  });
});

describe('leapfrog diagnose', () => {
  it('checks the gradient at the initial points, from --init when given', async () => {
    const run = await runMain(['diagnose', noLogLik, '--chains', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Initial point of chain 2: log density -\d/m);
    expect(run.stdout).toMatch(/^log\(tau\)\s/m);
    expect(run.stdout).toContain('The gradient agrees with finite differences');
    const init = join(temporary, 'init.json');
    writeFileSync(init, JSON.stringify({ mu: 1, tau: 2 }));
    const fromInit = await runMain(['diagnose', noLogLik, '--init', init]);
    expect(fromInit.stdout).toMatch(/^mu\s+1(\.0+)?\s/m);
    expect(fromInit.stdout).toMatch(/^log\(tau\)\s+0\.693147\s/m);
    writeFileSync(init, JSON.stringify({ tau: -2 }));
    const bad = await runMain(['diagnose', noLogLik, '--init', init]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/tau/);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('flags a coordinate whose gradient is wrong', () => {
    const model = pooled.compile(JSON.parse(readFileSync('examples/bench/data/eight_schools.json', 'utf8')));
    const position = Float64Array.of(1.5);
    // Sixth-order differences of a quadratic log density are exact up to rounding.
    expect(finiteDifference(model, position, 0, 1e-3)).toBeCloseTo(model.logDensityAndGradient(position).gradient[0]!, 8);
    expect(checkPoint(model, ['mu'], position, 1e-6, 1e-6, 'good').failures).toBe(0);
    const wrong: CompiledModel = {
      ...model,
      logDensityAndGradient: (at) => {
        const { logDensity, gradient } = model.logDensityAndGradient(at);
        return { logDensity, gradient: gradient.map((value) => value * 1.01) };
      },
    };
    const report = checkPoint(wrong, ['mu'], position, 1e-6, 1e-6, 'wrong');
    expect(report.failures).toBe(1);
    expect(report.text).toMatch(/^mu .*FAILED$/m);
  });
});
