import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { makeRng, type Rng } from '../../src/random/rng.js';
import { DRAWS, gofCases, type GofCase } from './cases.js';
import { binnedUniform, chiSquare, chiSquareSurvival, discreteChiSquare, ksUniform, momentTests, twoSided, type TestResult } from './gof.js';

// The whole family of statistical checks of src/random, as data: the goodness-of-fit checks
// of every case in cases.ts and the checks of the uniform streams. Every check gives a
// p-value; a check fails when p < FAMILY_ALPHA / checkCount (Bonferroni), so a correct
// generator fails some check of the family with probability at most FAMILY_ALPHA at any seed.
// scripts/sweep-random.ts runs the family over many seeds to show the empirical rate.

export const FAMILY_ALPHA = 1e-3;

export interface Check {
  /** The case or part of the stream checks. */
  readonly group: string;
  readonly name: string;
  readonly statistic: number;
  readonly pValue: number;
  /** What was compared, for messages. */
  readonly detail?: string;
}

/** Bins of the probability integral transform in the chi-square of a continuous case. */
const PIT_BINS = 50;

function momentCount(c: GofCase): number {
  if (c.moments?.variance === undefined) return 0;
  return c.moments.fourth === undefined ? 1 : 2;
}

/** How many p-values a case gives (known before it runs). */
export function caseCheckCount(c: GofCase): number {
  return (c.reference.kind === 'continuous' ? 2 : 1) + momentCount(c);
}

/** The checks of one case on its own stream. */
export function caseChecks(c: GofCase, rng: Rng): Check[] {
  const draws = c.sample(rng, c.draws ?? DRAWS);
  const checks: Check[] = [];
  const add = (name: string, result: TestResult, detail?: string): void =>
    void checks.push({ group: c.name, name, statistic: result.statistic, pValue: result.pValue, ...(detail === undefined ? {} : { detail }) });
  const reference = c.reference;
  if (reference.kind === 'continuous') {
    const pit = draws.map((x) => reference.cdf(x));
    add('Kolmogorov-Smirnov', ksUniform(pit));
    add(`chi-square of F(x) in ${PIT_BINS} bins`, binnedUniform(pit, PIT_BINS));
  } else {
    add('chi-square of counts', discreteChiSquare(draws, reference.cdf, reference.lower));
  }
  if (c.moments !== undefined) for (const { name, detail, result } of momentTests(draws, c.moments)) add(name, result, detail);
  return checks;
}

/** Streams compared pairwise for correlation: neighbours in stream and in seed, and the predictive streams above 2^52. */
const pairStreams = (seed: number): [number, number][] => [
  [seed, 0],
  [seed, 1],
  [seed, 2],
  [seed, 3],
  [seed + 1, 0],
  [seed + 1, 1],
  [seed, 2 ** 52],
  [seed, 2 ** 52 + 1],
];
const PAIR_COUNT = (8 * 7) / 2;
const STREAM_DRAWS = 50_000;
/** Streams whose first outputs are checked together (seeding quality). */
const FIRST_OUTPUT_STREAMS = 20_000;

const pearson = (a: Float64Array, b: Float64Array): number => {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

/** p-value of a correlation of n independent pairs being 0 (√n·r ≈ N(0, 1)). */
const correlationTest = (a: Float64Array, b: Float64Array): TestResult => {
  const z = pearson(a, b) * Math.sqrt(a.length);
  return { statistic: z, pValue: twoSided(z) };
};

/** Sum over bit positions of z² for "bit j is set half the time": chi-square with `bits` df (bits ≤ 53). */
function bitFrequencies(values: Float64Array, bits: number): TestResult {
  const counts = new Float64Array(bits);
  for (const v of values) {
    const low = v >>> 0;
    const high = Math.floor(v / 2 ** 32);
    for (let j = 0; j < Math.min(bits, 32); j++) counts[j]! += (low >>> j) & 1;
    for (let j = 32; j < bits; j++) counts[j]! += (high >>> (j - 32)) & 1;
  }
  const n = values.length;
  let statistic = 0;
  for (let j = 0; j < bits; j++) statistic += (counts[j]! - n / 2) ** 2 / (n / 4);
  return { statistic, pValue: chiSquareSurvival(statistic, bits) };
}

const STREAM_CHECKS = PAIR_COUNT + 4 + 5;

/** Checks of the uniform streams under `seed`: uniformity, bits, serial structure, independence across streams. */
export function streamChecks(seed: number): Check[] {
  const checks: Check[] = [];
  const add = (group: string, name: string, result: TestResult): void => void checks.push({ group, name, statistic: result.statistic, pValue: result.pValue });

  const streams = pairStreams(seed).map(([s, k]) => {
    const rng = makeRng(s, k);
    return Float64Array.from({ length: STREAM_DRAWS }, () => rng.uniform());
  });
  for (let i = 0; i < streams.length; i++) {
    for (let j = i + 1; j < streams.length; j++) {
      const [a, b] = [pairStreams(seed)[i]!, pairStreams(seed)[j]!];
      add('streams', `correlation of (${a}) and (${b})`, correlationTest(streams[i]!, streams[j]!));
    }
  }

  // Seeding: the first output of many consecutive streams, and of the same streams under seed + 1.
  const first = new Float64Array(FIRST_OUTPUT_STREAMS);
  const firstNextSeed = new Float64Array(FIRST_OUTPUT_STREAMS);
  const firstNormal = new Float64Array(FIRST_OUTPUT_STREAMS);
  for (let k = 0; k < FIRST_OUTPUT_STREAMS; k++) {
    first[k] = makeRng(seed, k).uniform();
    firstNextSeed[k] = makeRng(seed + 1, k).uniform();
    firstNormal[k] = normalCdf(makeRng(seed, k).normal(), 0, 1);
  }
  add('seeding', 'first uniform of streams 0..n: Kolmogorov-Smirnov', ksUniform(first));
  add('seeding', 'first normal of streams 0..n: Kolmogorov-Smirnov', ksUniform(firstNormal));
  add('seeding', 'first uniforms of streams k and k + 1: correlation', correlationTest(first.subarray(0, -1), first.subarray(1)));
  add('seeding', 'first uniforms of (seed, k) and (seed + 1, k): correlation', correlationTest(first, firstNextSeed));

  // One stream: uniformity, every bit of uniform() and uint32(), pairs, lag-1 correlation.
  const rng = makeRng(seed, 0);
  const uniforms = Float64Array.from({ length: 4 * STREAM_DRAWS }, () => rng.uniform());
  const words = Float64Array.from({ length: 4 * STREAM_DRAWS }, () => rng.uint32());
  add('uniform', 'Kolmogorov-Smirnov', ksUniform(uniforms));
  add('uniform', 'frequency of each of the 53 bits', bitFrequencies(uniforms.map((u) => u * 2 ** 53), 53));
  add('uniform', 'uint32: frequency of each of the 32 bits', bitFrequencies(words, 32));
  const pairs = new Float64Array(256);
  for (let i = 0; i + 1 < uniforms.length; i += 2) pairs[Math.floor(uniforms[i]! * 16) * 16 + Math.floor(uniforms[i + 1]! * 16)]! += 1;
  add('uniform', 'successive pairs in a 16×16 grid: chi-square', chiSquare(pairs, new Float64Array(256).fill(uniforms.length / 2 / 256)));
  add('uniform', 'lag-1 correlation', correlationTest(uniforms.subarray(0, -1), uniforms.subarray(1)));
  return checks;
}

/**
 * The stream of a case under a seed: a hash of its name (FNV-1a, 32 bits), so a case's
 * draws do not move when cases are added or reordered.
 */
export function caseStream(c: GofCase): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < c.name.length; i++) hash = Math.imul(hash ^ c.name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Every check of the family under one seed: the GOF cases on their streams, then the streams. */
export function familyChecks(seed: number): Check[] {
  return [...gofCases.flatMap((c) => caseChecks(c, makeRng(seed, caseStream(c)))), ...streamChecks(seed)];
}

/** The number of checks in the family (the Bonferroni divisor). */
export const CHECK_COUNT = gofCases.reduce((total, c) => total + caseCheckCount(c), 0) + STREAM_CHECKS;

/** The p-value below which a single check fails. */
export const CHECK_ALPHA = FAMILY_ALPHA / CHECK_COUNT;

/** A failed check as one line: every input needed to reproduce it. */
export function describeFailure(check: Check, seed: number): string {
  const detail = check.detail === undefined ? '' : ` (${check.detail})`;
  return `${check.group}: ${check.name}${detail}: statistic ${check.statistic.toPrecision(5)}, p = ${check.pValue.toExponential(3)} < ${CHECK_ALPHA.toExponential(3)} at seed ${seed}`;
}
