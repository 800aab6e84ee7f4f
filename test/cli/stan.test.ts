import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/language/json/compile.js';
import { compileStan } from '../../src/language/stan/index.js';
import { projectRoot, runCli, runMain } from './run-cli.js';

// Stan programs on the command line: every command that takes a model takes a .stan file,
// problems come back at their line and column, and convert goes both ways.

const scratch = mkdtempSync(join(tmpdir(), 'leapfrog-stan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const earnings = 'examples/posteriordb/earnings-earn_height';

describe('leapfrog with Stan programs', () => {
  it('check lists a mistake at its line and column, with the caret', async () => {
    const model = join(scratch, 'typo.stan');
    writeFileSync(model, 'data { int N; vector[N] y; }\nparameters { real mu; real<lower=0> sigma; }\nmodel {\n  y ~ normal(mu, sigm);\n}\n');
    const data = join(scratch, 'typo.json');
    writeFileSync(data, '{"N": 2, "y": [1, 2]}');
    const run = await runMain(['check', model, '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("line 4, column 18: unknown name 'sigm' (did you mean 'sigma'?)");
    expect(run.stderr).toContain('4:    y ~ normal(mu, sigm);\n                        ^');
  });

  it('check prints a read of an unassigned real as a warning at its line and column, and passes (Stan reads NaN)', async () => {
    const model = join(scratch, 'unassigned.stan');
    writeFileSync(model, 'parameters { real mu; }\nmodel {\n  vector[2] v;\n  v[1] = mu;\n  target += is_nan(v[2]) ? normal_lpdf(mu | 0, 1) : negative_infinity();\n}\n');
    const run = await runMain(['check', model]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('OK');
    expect(run.stderr).toContain("1 warning:\n  Warning in ");
    expect(run.stderr).toContain("unassigned.stan, line 5, column 20: v[2] (an element of local 'v') is read before it is assigned, so it reads NaN (as in Stan)");
    expect(run.stderr).toContain('5:    target += is_nan(v[2]) ? normal_lpdf(mu | 0, 1) : negative_infinity();\n                          ^');
  });

  it('check prints the parameter table of a posteriordb program', async () => {
    const run = await runMain(['check', `${earnings}/model.stan`, '--data', `${earnings}/data.json`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/sigma\s+parameters\s+real<lower=0>\s+1/);
    expect(run.stdout).toContain('Unconstrained dimension: 3');
  });

  it('a syntax error is one line naming the place', async () => {
    const model = join(scratch, 'syntax.stan');
    writeFileSync(model, 'parameters { real mu }\nmodel { mu ~ normal(0, 1); }\n');
    const run = await runMain(['check', model]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/syntax\.stan, line 1, column 22: /);
  });

  it('convert writes the spec a program runs as, and a spec back as Stan', async () => {
    const toJson = await runMain(['convert', `${earnings}/model.stan`]);
    expect(toJson.code).toBe(0);
    const spec = JSON.parse(toJson.stdout);
    const data = JSON.parse(readFileSync(join(projectRoot, earnings, 'data.json'), 'utf8'));
    const theta = Float64Array.from([0.3, -0.2, 0.1]);
    expect(compileSpec(spec, data).logDensity(theta)).toBe(compileStan(readFileSync(join(projectRoot, earnings, 'model.stan'), 'utf8'), data).logDensity(theta));
    const specFile = join(scratch, 'earnings.json');
    writeFileSync(specFile, toJson.stdout);
    const out = join(scratch, 'earnings.stan');
    const toStan = await runMain(['convert', specFile, '--out', out]);
    expect(toStan.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('earn ~ normal(beta[1] + beta[2] * height, sigma);');
    const again = await runMain(['convert', specFile, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('give --overwrite');
  });

  it('sample runs a Stan program', async () => {
    const out = join(scratch, 'run');
    const kilpisjarvi = 'examples/posteriordb/kilpisjarvi_mod-kilpisjarvi';
    const run = await runCli(['sample', `${kilpisjarvi}/model.stan`, '--data', `${kilpisjarvi}/data.json`, '--chains', '1', '--warmup', '100', '--draws', '20', '--seed', '2', '--out', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, 'chain_1.csv'), 'utf8')).toMatch(/^lp__,accept_stat__,.*,alpha,beta,sigma$/m);
  }, 60_000);
});
