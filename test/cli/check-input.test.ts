import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-cli.js';

// Issue 12, item 9: `check` starts the model as `sample` would (log density, gradient and first
// outputs at each chain's initial point) whenever every size is known, so data that pass the
// declarations but make the density non-finite everywhere fail `check`, naming the term;
// and the input bounds of items 2 and 3 as the command line applies them (--limits, the
// depth of JSON files).

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-check-'));
const write = (name: string, value: unknown): string => {
  const path = join(temporary, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
const spec = 'examples/bench/eight_schools_noncentered.json';
const schools = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };

describe('leapfrog check evaluates the initial points (issue 12, item 9)', () => {
  it('prints the log density at each chain’s initial point of a good model', async () => {
    const run = await runMain(['check', spec, '--data', 'examples/bench/data/eight_schools.json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Initial points (as sample draws them, seed 0):');
    expect(run.stdout.match(/^ {2}chain \d: log density -?\d+\.\d+ at the initial point, gradient finite$/gm)).toHaveLength(4);
  });

  it.each([
    ['1e308', { ...schools, y: [...schools.y.slice(0, 7), 1e308] }, /model\[3\]: y ~ normal \(-Infinity\)/],
    ['Infinity', { ...schools, y: [...schools.y.slice(0, 7), 'Inf'] }, /model\[3\]\.sample: element 8 \(1-based\) of "y" is Infinity, outside the support of normal/],
    ['a scale of 1e-320', { ...schools, sigma: [...schools.sigma.slice(0, 7), 1e-320] }, /model\[3\]: y ~ normal/],
  ])('fails when the data make the density non-finite (%s), naming the term', async (_, data, says) => {
    const run = await runMain(['check', spec, '--data', write('data.json', data)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(says);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the parameter of a gradient coordinate that is not finite', async () => {
    const data = JSON.parse(readFileSync('examples/bench/data/bnn_regression.json', 'utf8')) as { x: unknown[] };
    data.x[68] = 'Inf';
    const run = await runMain(['check', 'examples/bench/bnn_regression.json', '--data', write('bnn.json', data)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/non-finite: gradient\[1\] \(of parameters\.W1\) \(NaN\)/);
  });

  it('names the parameter of a log-Jacobian term that is not finite', async () => {
    const path = write('wide-bounds.json', { parameters: { a: { type: 'real', lower: -1e308, upper: 1e308 } }, model: [{ target: '0' }] });
    const run = await runMain(['check', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/non-finite: log-Jacobian of parameters\.a \(Infinity\)/);
  });

  it('starts a spec without a data block too', async () => {
    const path = write('no-data.json', { parameters: { mu: { type: 'real' } }, model: [{ target: 'log(-1 - square(mu))' }] });
    const run = await runMain(['check', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sampling would fail at its start:\n {2}chain 1: cannot start: rejected 100 initial values .*model\[0\]: target \+= log\(-1 - square\(mu\)\) \(NaN\)/);
  });

  it('starts a TypeScript model as well', async () => {
    const run = await runMain(['check', 'examples/bench/eight_schools_noncentered.ts', '--data', write('ts-data.json', { ...schools, sigma: [...schools.sigma.slice(0, 7), 1e-320] })]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot start: .*non-finite: /);
  });
});

describe('input bounds on the command line (issue 12, items 2 and 3)', () => {
  it('applies --limits, and names the limit to raise', async () => {
    const refused = await runMain(['check', spec, '--data', 'examples/bench/data/eight_schools.json', '--limits', 'elements=12']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/parameters\.theta_raw: size 8 brings the model to \d+ elements in all, above the limit of 12; raise it with --limits elements=N/);
    const raised = await runMain(['check', spec, '--data', 'examples/bench/data/eight_schools.json', '--limits', 'elements=1e9,iterations=inf']);
    expect(raised.code, raised.stderr).toBe(0);
  });

  it.each([
    ['elements', /--limits item 'elements' must be name=value/],
    ['element=5', /--limits has no limit 'element'; did you mean 'elements'\?/],
    ['depth=-1', /--limits depth is '-1', but must be a positive number or inf/],
  ])('refuses --limits %s', async (text, says) => {
    const run = await runMain(['check', spec, '--limits', text]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(says);
  });

  it('refuses a data file nested deeper than JSON files may be, before anything else reads it', async () => {
    const path = write('deep.json', `{"J": 8, "deep": ${'['.repeat(10000)}1${']'.repeat(10000)}}`);
    const run = await runMain(['sample', 'examples/bench/eight_schools_noncentered.ts', '--data', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/deep\.json: nests more than 512 levels deep \(under deep\[0\]\[0\]\[0\]\[0\]\[0\]…\); leapfrog reads JSON nested at most 512 levels/);
    // Invalid JSON nested as deep: the syntax error is looked for without overflowing the stack.
    const broken = write('broken.json', `{"J": ${'['.repeat(100000)}`);
    const syntax = await runMain(['check', spec, '--data', broken]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/broken\.json:1:518: invalid JSON: more than 512 levels of nested arrays and objects here/);
  });
});
