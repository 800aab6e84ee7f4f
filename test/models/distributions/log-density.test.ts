import { describe, expect, it } from 'vitest';
import { tensor } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import { scalarCases } from './reference-cases.js';

// Every scalar family against its reference log density (stdlib's, or a closed form), at
// edge and out-of-support points, to 1e-10 relative (absolute below 1); and the vectorised
// call against the sum of the scalar ones.

const closeTo = (got: number, want: number, tolerance = 1e-10): boolean =>
  got === want || Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

describe.each(scalarCases.map((c) => [c.family.name, c] as const))('%s log density', (_name, c) => {
  it('matches the reference at every point of the table', () => {
    const failures: string[] = [];
    for (const p of c.params) {
      const distribution = c.family.make(...p);
      for (const y of c.values) {
        const got = primal(distribution.logProb(y)) as number;
        const want = c.reference(y, p);
        if (!closeTo(got, want)) failures.push(`y=${y}, params=[${p.join(', ')}]: got ${got}, want ${want}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('sums over a vector of values in one call', () => {
    for (const p of c.params) {
      const distribution = c.family.make(...p);
      const inside = c.values.filter((y) => Number.isFinite(c.reference(y, p)));
      if (inside.length === 0) continue;
      const want = inside.reduce((s, y) => s + c.reference(y, p), 0);
      const got = primal(distribution.logProb(tensor(inside))) as number;
      expect(closeTo(got, want), `params [${p.join(', ')}]: got ${got}, want ${want}`).toBe(true);
    }
  });
});
