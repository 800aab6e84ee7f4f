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
import { measureTogether, samplerCalls, type GradientCall, type Timing } from '../measure.js';
import { loadBenchModels } from '../models/index.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// The gradient a sampler actually calls: every bench model through the TypeScript model API
// and through its JSON spec (CompiledModel.logDensityAndGradient, transforms and fused
// distributions included), beside the hand-written gradient where bench/handwritten has one.
// The timings of a row are interleaved, so their ratios are measured together.

/** Largest accepted compiled model gradient / hand-written gradient (the compiled-gradients issue's target). */
const TARGET_OVER_HANDWRITTEN = 1.5;
const TARGETED = new Set(['eight_schools_noncentered', 'gaussian_100d', 'varying_intercepts']);

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

type Compilable = { compile(data: unknown, options?: { compile?: boolean }): CompiledModel };

function row(id: string, example: Example, context: BenchContext): Record<string, Cell> {
  const data = readJson(benchFile(example.dataFile));
  const fromTs = (example.model as Compilable).compile(data);
  const fromJson = compileSpec(readJson(benchFile(`${id}.json`)), data);
  const interpreted = (example.model as Compilable).compile(data, { compile: false });
  const handwritten = loadBenchModels().find((m) => m.id === id);
  const position = Float64Array.from({ length: fromTs.dim }, (_, i) => 0.1 * Math.sin(i + 1));
  const gradient = new Float64Array(fromTs.dim);
  // What a sampler calls: the gradient into its own array (nothing allocated), as the
  // hand-written one, all of them given a sampler's arrays the same way (samplerCalls).
  const into = (model: CompiledModel): GradientCall => model.logDensityAndGradientInto!.bind(model);
  const gradients = [into(fromTs), into(fromJson), into(interpreted)];
  if (handwritten !== undefined) gradients.push(handwritten.handwritten);
  const [ts0, json0, replay0, hand0] = samplerCalls(position, gradient, gradients);
  const calls: (() => unknown)[] = [ts0!, json0!, replay0!, () => fromTs.logDensity(position)];
  if (hand0 !== undefined) calls.push(hand0);
  context.log(`  ${id}: compiled gradient (TS, JSON), replay interpreter, log density${handwritten ? ', hand-written gradient' : ''} (interleaved)`);
  const [ts, json, replay, density, hand] = measureTogether(calls, context.timing) as Timing[];
  const overHand = hand === undefined ? null : ts!.microsPerCall / hand.microsPerCall;
  const jsonOverHand = hand === undefined ? null : json!.microsPerCall / hand.microsPerCall;
  const worst = overHand === null || jsonOverHand === null ? null : Math.max(overHand, jsonOverHand);
  const status = (fromTs as { replayStatus?: () => { compiled?: boolean } | null }).replayStatus?.();
  return {
    model: id,
    dimension: fromTs.dim,
    engine: status?.compiled === true ? 'compiled' : 'interpreted',
    tsGradientMicros: ts!.microsPerCall,
    jsonGradientMicros: json!.microsPerCall,
    replayMicros: replay!.microsPerCall,
    logDensityMicros: density!.microsPerCall,
    handwrittenMicros: hand?.microsPerCall ?? null,
    tsOverHandwritten: overHand,
    jsonOverHandwritten: jsonOverHand,
    replayOverCompiled: replay!.microsPerCall / ts!.microsPerCall,
    target: TARGETED.has(id) && worst !== null ? (worst <= TARGET_OVER_HANDWRITTEN ? 'met' : `missed (> ${TARGET_OVER_HANDWRITTEN}×)`) : '',
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
        { key: 'replayMicros', header: 'replay µs', format: 'micros' },
        { key: 'tsOverHandwritten', header: 'TS/hand', format: 'ratio' },
        { key: 'jsonOverHandwritten', header: 'JSON/hand', format: 'ratio' },
        { key: 'replayOverCompiled', header: 'replay/TS', format: 'ratio' },
        { key: 'target', header: 'target' },
      ],
      rows,
      notes: [
        'TS/JSON grad: CompiledModel.logDensityAndGradientInto of examples/bench/<id>.ts and .json, compiled to generated code (unconstrained space, Jacobians and all normalising constants included); replay: the TS model with compile: false (the interpreter).',
        'density: logDensity alone; hand grad: bench/handwritten (where one exists), writing into the same array, at the same point. The gradients are called as a sampler calls them (bench/measure.ts samplerCalls): the position alternates between two arrays of the same values.',
        `target (${[...TARGETED].join(', ')}): the compiled TS and JSON gradients ≤ ${TARGET_OVER_HANDWRITTEN}× the hand-written one.`,
      ],
      failures: [],
    };
  },
};
