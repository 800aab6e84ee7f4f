import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { gofCases } from './cases.js';
import { CHECK_ALPHA, CHECK_COUNT, FAMILY_ALPHA, caseChecks, caseStream, describeFailure, type Check } from './family.js';

// Goodness of fit of every sampler against its exact law (cases.ts), at one seed, each check
// at the Bonferroni level FAMILY_ALPHA / CHECK_COUNT of the whole family (family.ts), so the
// suite fails by chance with probability at most 0.1%; scripts/sweep-random.ts runs the
// same family over many seeds (test/fixtures/random/sweep.json holds its last result).

const SEED = 1;

const failures = (checks: readonly Check[], stream: number): string[] =>
  checks.filter((c) => !(c.pValue >= CHECK_ALPHA)).map((c) => `${describeFailure(c, SEED)}, stream ${stream}`);

describe('goodness of fit of the samplers', () => {
  it('the family is sized before it runs, and every case has its own stream', () => {
    expect(CHECK_COUNT).toBeGreaterThan(200);
    expect(CHECK_ALPHA).toBeCloseTo(FAMILY_ALPHA / CHECK_COUNT, 15);
    expect(new Set(gofCases.map(caseStream)).size).toBe(gofCases.length);
  });

  it.each(gofCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const stream = caseStream(c);
    expect(failures(caseChecks(c, makeRng(SEED, stream)), stream)).toEqual([]);
  });
});
