import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as bnnRegression from '../../examples/bench/bnn_regression.js';
import * as correlated2d from '../../examples/bench/correlated_2d.js';
import * as eightSchoolsCentered from '../../examples/bench/eight_schools_centered.js';
import * as eightSchoolsNoncentered from '../../examples/bench/eight_schools_noncentered.js';
import * as gaussian100d from '../../examples/bench/gaussian_100d.js';
import * as logisticRegression from '../../examples/bench/logistic_regression.js';
import * as varyingIntercepts from '../../examples/bench/varying_intercepts.js';
import { compileSpec } from '../../src/language/json/index.js';
import type { CompiledModel } from '../../src/models/model.js';
import { measureTogether, type Timing } from '../measure.js';
import { loadBenchModels } from '../models/index.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// The gradient a sampler actually calls: every bench model through the TypeScript model API
// and through its JSON spec (CompiledModel.logDensityAndGradient, transforms and fused
// distributions included), beside the hand-written gradient where bench/handwritten has one.
// The timings of a row are interleaved, so their ratios are measured together.

/** Largest accepted model-API gradient / hand-written gradient (issue: the models' target). */
const TARGET_OVER_HANDWRITTEN = 1.5;
const TARGETED = new Set(['logistic_regression', 'varying_intercepts']);

type Example = { readonly model: { compile(data: unknown): CompiledModel }; readonly dataFile: string };
const examples: Readonly<Record<string, Example>> = {
  eight_schools_noncentered: eightSchoolsNoncentered,
  eight_schools_centered: eightSchoolsCentered,
  logistic_regression: logisticRegression,
  varying_intercepts: varyingIntercepts,
  gaussian_100d: gaussian100d,
  correlated_2d: correlated2d,
  bnn_regression: bnnRegression,
};

const benchFile = (name: string): string => fileURLToPath(new URL(`../../examples/bench/${name}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

function row(id: string, example: Example, context: BenchContext): Record<string, Cell> {
  const data = readJson(benchFile(example.dataFile));
  const fromTs = example.model.compile(data);
  const fromJson = compileSpec(readJson(benchFile(`${id}.json`)), data);
  const handwritten = loadBenchModels().find((m) => m.id === id);
  const position = Float64Array.from({ length: fromTs.dim }, (_, i) => 0.1 * Math.sin(i + 1));
  const gradient = new Float64Array(fromTs.dim);
  const calls: (() => unknown)[] = [
    () => fromTs.logDensityAndGradient(position),
    () => fromJson.logDensityAndGradient(position),
    () => fromTs.logDensity(position),
  ];
  if (handwritten !== undefined) calls.push(() => handwritten.handwritten(position, gradient));
  context.log(`  ${id}: model-API gradient (TS, JSON), log density${handwritten ? ', hand-written gradient' : ''} (interleaved)`);
  const [ts, json, density, hand] = measureTogether(calls, context.timing) as Timing[];
  const overHand = hand === undefined ? null : ts!.microsPerCall / hand.microsPerCall;
  return {
    model: id,
    dimension: fromTs.dim,
    tsGradientMicros: ts!.microsPerCall,
    jsonGradientMicros: json!.microsPerCall,
    logDensityMicros: density!.microsPerCall,
    handwrittenMicros: hand?.microsPerCall ?? null,
    tsOverHandwritten: overHand,
    jsonOverTs: json!.microsPerCall / ts!.microsPerCall,
    gradientOverDensity: ts!.microsPerCall / density!.microsPerCall,
    target: TARGETED.has(id) && overHand !== null ? (overHand <= TARGET_OVER_HANDWRITTEN ? 'met' : `missed (> ${TARGET_OVER_HANDWRITTEN}×)`) : '',
  };
}

export const modelApiSection: BenchSection = {
  id: 'model-api',
  title: 'Model-API gradients of every bench model (TypeScript and JSON spec)',
  models: Object.keys(examples),
  run(context: BenchContext): SectionResult {
    const rows = Object.entries(examples)
      .filter(([id]) => context.models === undefined || context.models.includes(id))
      .map(([id, example]) => row(id, example, context));
    return {
      columns: [
        { key: 'model', header: 'model' },
        { key: 'dimension', header: 'dim', format: 'integer' },
        { key: 'tsGradientMicros', header: 'TS grad µs', format: 'micros' },
        { key: 'jsonGradientMicros', header: 'JSON grad µs', format: 'micros' },
        { key: 'logDensityMicros', header: 'density µs', format: 'micros' },
        { key: 'handwrittenMicros', header: 'hand grad µs', format: 'micros' },
        { key: 'tsOverHandwritten', header: 'TS/hand', format: 'ratio' },
        { key: 'jsonOverTs', header: 'JSON/TS', format: 'ratio' },
        { key: 'gradientOverDensity', header: 'grad/density', format: 'ratio' },
        { key: 'target', header: 'target' },
      ],
      rows,
      notes: [
        'TS/JSON grad: CompiledModel.logDensityAndGradient of examples/bench/<id>.ts and .json (unconstrained space, Jacobians and all normalising constants included).',
        'density: logDensity alone on plain values; hand grad: bench/handwritten (where one exists), at the same point.',
        `target (logistic_regression, varying_intercepts): TS gradient ≤ ${TARGET_OVER_HANDWRITTEN}× the hand-written one.`,
      ],
      failures: [],
    };
  },
};
