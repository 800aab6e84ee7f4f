import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededChecks } from '../seeded-checks.js';
import { familyPValue, zBound, zTests } from './seeded-check.js';

const testRoot = fileURLToPath(new URL('..', import.meta.url));

function checksFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return checksFiles(path);
    return entry.name.endsWith('.checks.ts') ? [path] : [];
  });
}

describe('the registry of statistical checks (test/seeded-checks.ts)', () => {
  it('lists every *.checks.ts file, so `npm run sweep` runs every check the suite runs', () => {
    const registry = readFileSync(join(testRoot, 'seeded-checks.ts'), 'utf8');
    for (const file of checksFiles(testRoot)) {
      const path = `./${relative(testRoot, file).replaceAll('\\', '/').replace(/\.ts$/, '.js')}`;
      expect(registry, `${path} is not imported by test/seeded-checks.ts`).toContain(`from '${path}'`);
    }
  });

  it('gives each check a unique name and a design', () => {
    const names = seededChecks.map((check) => check.name);
    expect(new Set(names).size).toBe(names.length);
    for (const check of seededChecks) {
      expect(check.name).toMatch(/^[a-z0-9-]+\/[^\s]/);
      expect(check.design.length).toBeGreaterThan(10);
      expect(Number.isInteger(check.seed)).toBe(true);
    }
  });

  it('has a committed sweep summary for every check', () => {
    const summary = JSON.parse(readFileSync(join(testRoot, 'fixtures/seed-sweep.json'), 'utf8')) as Record<string, { runs: number; failures: number; design: string; suiteSeed: number; secondsPerRun: number }>;
    // A check whose design (its bound) or suite seed changed since its sweep must be swept again.
    const stale = seededChecks.filter((check) => summary[check.name]?.design !== check.design || summary[check.name]?.suiteSeed !== check.seed).map((check) => check.name);
    expect(stale, 'run `npm run sweep -- --test <name> --write` for these').toEqual([]);
    // 30 seeds at least; 10 for the long runs (5 s or more per seed as swept: the benchmark
    // models, posteriordb, ADVI and Bayes-by-Backprop fits), whose bounds rest on standard
    // errors from theory rather than on the sweep's spread.
    const short = Object.entries(summary).filter(([, s]) => s.runs < (s.secondsPerRun >= 5 ? 10 : 30)).map(([name, s]) => `${name}: ${s.runs} seeds at ${s.secondsPerRun.toFixed(1)} s`);
    expect(short).toEqual([]);
    const failing = Object.entries(summary).filter(([, s]) => s.failures > 0).map(([name, s]) => `${name}: ${s.failures}/${s.runs}`);
    expect(failing, 'checks that failed in the committed sweep').toEqual([]);
  });
});

describe('zTests', () => {
  it('bounds |z| by Bonferroni at the family rate, never below 4', () => {
    expect(zBound(1, 1e-4)).toBe(4);
    // Φ⁻¹(1 − 1e-4 / 20) = 4.417
    expect(zBound(10, 1e-4)).toBeCloseTo(4.4172, 3);
    expect(zBound(100, 1e-4)).toBeCloseTo(4.8916, 3);
  });

  it('fails exactly the estimates beyond the bound, and reports the worst |z| and its family p-value', () => {
    const outcome = zTests([
      { label: 'a', estimate: 1.3, expected: 1, standardError: 0.1 },
      { label: 'b', estimate: 0, expected: 1, standardError: 0.1 },
    ]);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]).toMatch(/^b: 0 vs 1 \(standard error 0.100\): \|z\| = 10.00 > 4.06$/);
    expect(outcome.figures['worstZ']).toBeCloseTo(10, 12);
    // 2 · P(Z > 3) = 0.0027, times 2 comparisons.
    expect(familyPValue(3, 2)).toBeCloseTo(4 * 0.0013498980316301, 10);
    expect(zTests([{ label: 'nan', estimate: NaN, expected: 0, standardError: 1 }]).failures).toHaveLength(1);
  });
});
