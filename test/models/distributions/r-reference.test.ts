import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import { distributionFamily } from '../../../src/models/distributions/index.js';

// The newer scalar distributions, and the CDFs added to older ones, against R
// (test/fixtures/distributions/r-reference.json, made by scripts/r/distribution-fixtures.R
// from R's d/p functions or closed forms written in R): log densities, log CDFs and log
// CCDFs at edge and out-of-support points, to 1e-10 relative (absolute below 1).

interface Case {
  readonly name: string;
  readonly params: readonly number[];
  readonly values: readonly number[];
  readonly lpdf: readonly (number | string)[];
  readonly lcdf?: readonly (number | string)[];
  readonly lccdf?: readonly (number | string)[];
}

const numberOf = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const cases = JSON.parse(readFileSync(new URL('../../fixtures/distributions/r-reference.json', import.meta.url), 'utf8')) as Case[];

const closeTo = (got: number, want: number, tolerance = 1e-10): boolean =>
  got === want || Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

const byName = new Map<string, Case[]>();
for (const c of cases) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);

describe.each([...byName.entries()])('%s against R', (name, rows) => {
  it('log density, log CDF and log CCDF at every point of the table', () => {
    const failures: string[] = [];
    for (const c of rows) {
      const distribution = distributionFamily(name).make(...c.params);
      c.values.forEach((y, i) => {
        const checks: [string, (() => unknown) | undefined, number | string | undefined][] = [
          ['lpdf', () => distribution.logProb(y), c.lpdf[i]],
          ['lcdf', distribution.logCdf && (() => distribution.logCdf!(y)), c.lcdf?.[i]],
          ['lccdf', distribution.logCcdf && (() => distribution.logCcdf!(y)), c.lccdf?.[i]],
        ];
        for (const [kind, run, want] of checks) {
          if (want === undefined) continue;
          if (run === undefined) {
            failures.push(`${kind} missing`);
            continue;
          }
          const got = primal(run() as never) as number;
          if (!closeTo(got, numberOf(want))) failures.push(`${kind} y=${y}, params=[${c.params.join(', ')}]: got ${got}, want ${want}`);
        }
      });
    }
    expect(failures).toEqual([]);
  });

  it('sums the log density over a vector of values in one call', () => {
    for (const c of rows) {
      const inside = c.values.map((y, i) => [y, numberOf(c.lpdf[i]!)] as const).filter(([, v]) => Number.isFinite(v));
      if (inside.length === 0) continue;
      const got = primal(distributionFamily(name).make(...c.params).logProb(tensor(inside.map(([y]) => y)))) as number;
      const want = inside.reduce((s, [, v]) => s + v, 0);
      expect(closeTo(got, want), `params [${c.params.join(', ')}]: got ${got}, want ${want}`).toBe(true);
    }
  });
});
