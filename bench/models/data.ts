import { readFileSync } from 'node:fs';

// The data of the benchmark models (bench/README.md), read from examples/bench/data. Indices in
// the files are 1-based (as Stan writes them); the loaders turn them into 0-based Int32Arrays.

export interface EightSchoolsData {
  readonly J: number;
  readonly y: Float64Array;
  readonly sigma: Float64Array;
}

export interface LogisticRegressionData {
  readonly N: number;
  readonly D: number;
  /** X row-major, N×D. */
  readonly X: Float64Array;
  /** Outcomes, 0 or 1. */
  readonly y: Float64Array;
}

export interface VaryingInterceptsData {
  readonly N: number;
  readonly J: number;
  /** Group of each observation, 0-based. */
  readonly group: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface Gaussian100dData {
  readonly D: number;
  readonly scale: Float64Array;
}

function readJson(file: string): Record<string, unknown> {
  const url = new URL(`../../examples/bench/data/${file}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

function count(data: Record<string, unknown>, file: string, key: string): number {
  const v = data[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`${file}.json: ${key} is ${JSON.stringify(v)}, but must be a positive integer`);
  }
  return v;
}

function numbers(data: Record<string, unknown>, file: string, key: string, length: number): Float64Array {
  const v = data[key];
  if (!Array.isArray(v) || v.length !== length) {
    throw new Error(`${file}.json: ${key} must be an array of ${length} numbers`);
  }
  const out = new Float64Array(length);
  v.forEach((x, i) => {
    if (typeof x !== 'number') throw new Error(`${file}.json: ${key}[${i + 1}] is ${JSON.stringify(x)}, but must be a number`);
    out[i] = x;
  });
  return out;
}

export function loadEightSchools(): EightSchoolsData {
  const d = readJson('eight_schools');
  const J = count(d, 'eight_schools', 'J');
  return { J, y: numbers(d, 'eight_schools', 'y', J), sigma: numbers(d, 'eight_schools', 'sigma', J) };
}

export function loadLogisticRegression(): LogisticRegressionData {
  const file = 'logistic_regression';
  const d = readJson(file);
  const N = count(d, file, 'N');
  const D = count(d, file, 'D');
  const rows = d['X'];
  if (!Array.isArray(rows) || rows.length !== N) throw new Error(`${file}.json: X must have ${N} rows`);
  const X = new Float64Array(N * D);
  rows.forEach((row, n) => X.set(numbers({ [`X[${n + 1}]`]: row }, file, `X[${n + 1}]`, D), n * D));
  return { N, D, X, y: numbers(d, file, 'y', N) };
}

export function loadVaryingIntercepts(): VaryingInterceptsData {
  const file = 'varying_intercepts';
  const d = readJson(file);
  const N = count(d, file, 'N');
  const J = count(d, file, 'J');
  const oneBased = numbers(d, file, 'group', N);
  const group = new Int32Array(N);
  oneBased.forEach((g, n) => {
    if (!Number.isInteger(g) || g < 1 || g > J) {
      throw new Error(`${file}.json: group[${n + 1}] is ${g}, but must be an integer in 1..${J}`);
    }
    group[n] = g - 1;
  });
  return { N, J, group, x: numbers(d, file, 'x', N), y: numbers(d, file, 'y', N) };
}

export function loadGaussian100d(): Gaussian100dData {
  const d = readJson('gaussian_100d');
  const D = count(d, 'gaussian_100d', 'D');
  return { D, scale: numbers(d, 'gaussian_100d', 'scale', D) };
}
