import { describe, expect, it } from 'vitest';
import { runMain } from './run-cli.js';

// `leapfrog functions [name]`: the reference from the registries on the command line.

describe('leapfrog functions', () => {
  it('lists every function and distribution by chapter', async () => {
    const run = await runMain(['functions']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Linear algebra: solves, inverses and determinants:');
    expect(run.stdout).toMatch(/mdivide_left, mdivide_right/);
    expect(run.stdout).toContain('Distributions:');
    expect(run.stdout).toContain('neg_binomial_2');
  });

  it('describes one function, or a distribution by any of its function names', async () => {
    const one = await runMain(['functions', 'lmultiply']);
    expect(one.stdout).toBe('lmultiply (function; Real-valued basic functions)\n  usage: lmultiply(a, b), elementwise\n  a·log(b), taken as 0 when a = b = 0.\n');
    const density = await runMain(['functions', 'poisson_lpmf']);
    expect(density.code).toBe(0);
    expect(density.stdout).toMatch(/^poisson \(distribution\)\n {2}usage: y ~ poisson\(lambda\); poisson_lpmf\(y \| lambda\)/);
  });

  it('names the nearest entry for an unknown name, in one line', async () => {
    const run = await runMain(['functions', 'sort_acs']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("leapfrog functions: no function or distribution is named 'sort_acs'; did you mean 'sort_asc'? ('leapfrog functions' lists them)\n");
  });

  it('takes at most one name', async () => {
    const run = await runMain(['functions', 'a', 'b']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unexpected argument 'b'; usage: leapfrog functions [name]");
  });
});
