// The statistical family of test/random (goodness of fit of every sampler, and the stream
// checks) over many seeds: the empirical false-alarm rate of the family at its Bonferroni
// level (the share of seeds at which `npm test` would fail by chance; designed to be at
// most FAMILY_ALPHA = 0.1%), and the calibration of the single checks (the share of p-values
// below 1% and 5%, per check and in all; p-values of correct tests are uniform, so these
// should be near 1% and 5% — a check of a wrong law, or a miscalibrated check, stands out).
// The result is written to test/fixtures/random/sweep.json, which test/random/sweep.test.ts
// reads.
//
// Usage: npx tsx scripts/sweep-random.ts [--seeds 200] [--first 1000] [--workers 2]
//   (about 4 s per seed and worker on this kind of machine)

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { CHECK_ALPHA, CHECK_COUNT, FAMILY_ALPHA, describeFailure, familyChecks } from '../test/random/family.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '200' },
    first: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1' },
    out: { type: 'string', default: 'test/fixtures/random/sweep.json' },
    // Internal: one worker's share, printed as JSON lines.
    range: { type: 'string' },
  },
});

/** What one seed contributes. */
interface SeedResult {
  readonly seed: number;
  /** Descriptions of the checks below the Bonferroni level. */
  readonly failures: string[];
  /** p-value of each check, by key, in the family's order. */
  readonly pValues: Record<string, number>;
}

function runSeed(seed: number): SeedResult {
  const checks = familyChecks(seed);
  if (checks.length !== CHECK_COUNT) throw new Error(`sweep: the family gave ${checks.length} checks, but CHECK_COUNT is ${CHECK_COUNT}`);
  return {
    seed,
    failures: checks.filter((c) => !(c.pValue >= CHECK_ALPHA)).map((c) => describeFailure(c, seed)),
    pValues: Object.fromEntries(checks.map((c) => [`${c.group}: ${c.name}`, c.pValue])),
  };
}

if (values.range !== undefined) {
  const [from, to] = values.range.split(':').map(Number) as [number, number];
  for (let seed = from; seed < to; seed++) console.log(JSON.stringify(runSeed(seed)));
  process.exit(0);
}

const seeds = Number(values.seeds);
const first = Number(values.first);
const workers = Math.max(1, Math.min(Number(values.workers), seeds));

/** Runs seeds [from, to) in a child process and collects its lines. */
function worker(from: number, to: number): Promise<SeedResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--range', `${from}:${to}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    const results: SeedResult[] = [];
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const result = JSON.parse(buffer.slice(0, newline)) as SeedResult;
        buffer = buffer.slice(newline + 1);
        results.push(result);
        process.stderr.write(`seed ${result.seed}: ${result.failures.length === 0 ? 'ok' : result.failures.join('; ')}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(results) : reject(new Error(`sweep: worker for seeds ${from}..${to - 1} exited with ${code}`))));
  });
}

const started = performance.now();
const shares = Array.from({ length: workers }, (_, w) => [first + Math.floor((w * seeds) / workers), first + Math.floor(((w + 1) * seeds) / workers)] as const);
const results = (await Promise.all(shares.map(([from, to]) => worker(from, to)))).flat().sort((a, b) => a.seed - b.seed);

const keys = Object.keys(results[0]!.pValues);
const all = results.flatMap((r) => Object.values(r.pValues));
const below = (level: number, ps: readonly number[]): number => ps.filter((p) => p < level).length;
/** Two-sided binomial p-value of a count of rejections against its nominal rate. */
const binomialTwoSided = (count: number, n: number, rate: number): number =>
  Math.min(1, 2 * Math.min(binomialCdf(count, n, rate), 1 - binomialCdf(count - 1, n, rate)));

const perCheck = keys.map((key) => {
  const ps = results.map((r) => r.pValues[key]!);
  const at1 = below(0.01, ps);
  return { check: key, below1Percent: at1, below5Percent: below(0.05, ps), pOfCount: binomialTwoSided(at1, ps.length, 0.01) };
});
const familyFailures = results.filter((r) => r.failures.length > 0);
const histogram = Array.from({ length: 10 }, (_, b) => all.filter((p) => p >= b / 10 && (p < (b + 1) / 10 || (b === 9 && p <= 1))).length);

const summary = {
  description:
    'scripts/sweep-random.ts: the statistical family of test/random over many seeds. familyFailureRate is the share of seeds at which some check fell below the Bonferroni level (designed ≤ familyAlpha); the rates below 1% and 5% are over all p-values (nominal 0.01 and 0.05).',
  settings: { seeds, firstSeed: first, familyAlpha: FAMILY_ALPHA, checkCount: CHECK_COUNT, checkAlpha: CHECK_ALPHA },
  familyFailures: familyFailures.length,
  familyFailureRate: familyFailures.length / seeds,
  failedSeeds: familyFailures.map((r) => ({ seed: r.seed, failures: r.failures })),
  pValues: all.length,
  rateBelow1Percent: below(0.01, all) / all.length,
  rateBelow5Percent: below(0.05, all) / all.length,
  histogramOfPValues: histogram,
  // The checks whose count below 1% is least likely under a uniform p-value.
  leastCalibratedChecks: [...perCheck].sort((a, b) => a.pOfCount - b.pOfCount).slice(0, 10),
  seconds: Math.round((performance.now() - started) / 1000),
};
mkdirSync(new URL('../test/fixtures/random/', import.meta.url), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  `${seeds} seeds × ${CHECK_COUNT} checks: the family failed at ${familyFailures.length} seeds (${(100 * summary.familyFailureRate).toFixed(2)}%, designed ≤ ${100 * FAMILY_ALPHA}%); ` +
    `p < 1%: ${(100 * summary.rateBelow1Percent).toFixed(2)}%, p < 5%: ${(100 * summary.rateBelow5Percent).toFixed(2)}% of ${all.length} p-values. Written to ${values.out}.`,
);
