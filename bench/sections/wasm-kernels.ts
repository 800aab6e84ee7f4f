import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as logisticRegression from '../../examples/bench/logistic_regression.js';
import { matmul, matvec, vecmat } from '../../src/ad/index.js';
import { configure, settings } from '../../src/ad/codegen/make-function.js';
import { markConstant } from '../../src/ad/constants.js';
import { Tensor } from '../../src/ad/tensor.js';
import { wasmKernelsEnabled } from '../../src/ad/wasm/support.js';
import { compileSpec } from '../../src/language/json/index.js';
import type { CompiledModel } from '../../src/models/model.js';
import { bernoulliLogitGlm, normalIdGlm, poissonLogGlm } from '../../src/models/distributions/index.js';
import { makeRng } from '../../src/random/rng.js';
import { measureTogether, samplerCalls, type Timing } from '../measure.js';
import { loadBenchModels } from '../models/index.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// The WebAssembly SIMD kernels (src/ad/wasm) against the JavaScript kernels they replace, in
// one process with their batches interleaved (configure({ wasm }) switches path per call),
// and — for logistic_regression's gradient — against the optimised hand-written plain-JS
// gradient (bench/handwritten) and Stan's figure.

/** Stan 2.21's cost per gradient on logistic_regression, sampler included: bench/README.md ("Stan", µs/grad). */
const STAN_LOGISTIC_MICROS_PER_GRADIENT = 58.6;
/** The target: the SIMD gradient ≤ 0.4× the hand-written plain-JS gradient. */
const TARGET_OVER_HANDWRITTEN = 0.4;

const benchFile = (name: string): string => fileURLToPath(new URL(`../../examples/bench/${name}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** f with the WebAssembly kernels on or off for the call. */
const withWasm = (wasm: boolean, f: () => unknown) => (): unknown => {
  configure({ wasm });
  return f();
};

function logisticRow(context: BenchContext): Record<string, Cell> {
  const data = readJson(benchFile(logisticRegression.dataFile));
  const fromTs = (logisticRegression.model as { compile(data: unknown): CompiledModel }).compile(data);
  const fromJson = compileSpec(readJson(benchFile('logistic_regression.json')), data);
  const hand = loadBenchModels().find((m) => m.id === 'logistic_regression')!;
  const position = Float64Array.from({ length: fromTs.dim }, (_, i) => 0.1 * Math.sin(i + 1));
  const gradient = new Float64Array(fromTs.dim);
  context.log('  logistic_regression: model gradient with SIMD kernels (TS, JSON), with JavaScript kernels, hand-written gradient (interleaved)');
  // Every gradient given a sampler's arrays the same way (samplerCalls).
  const [tsCall, jsonCall, plainCall, handCall] = samplerCalls(position, gradient, [
    fromTs.logDensityAndGradientInto!.bind(fromTs),
    fromJson.logDensityAndGradientInto!.bind(fromJson),
    fromTs.logDensityAndGradientInto!.bind(fromTs),
    hand.handwritten,
  ]);
  const [simd, simdJson, plain, handwritten] = measureTogether(
    [
      withWasm(true, tsCall!),
      withWasm(true, jsonCall!),
      withWasm(false, plainCall!),
      handCall!,
    ],
    context.timing,
  ) as Timing[];
  const overHand = simd!.microsPerCall / handwritten!.microsPerCall;
  return {
    kernel: 'logistic_regression gradient (N 2000, D 25)',
    simdMicros: simd!.microsPerCall,
    simdJsonMicros: simdJson!.microsPerCall,
    plainMicros: plain!.microsPerCall,
    handwrittenMicros: handwritten!.microsPerCall,
    simdOverPlain: simd!.microsPerCall / plain!.microsPerCall,
    simdOverHandwritten: overHand,
    simdOverStan: simd!.microsPerCall / STAN_LOGISTIC_MICROS_PER_GRADIENT,
    target: overHand <= TARGET_OVER_HANDWRITTEN && simd!.microsPerCall < STAN_LOGISTIC_MICROS_PER_GRADIENT ? 'met' : `missed (> ${TARGET_OVER_HANDWRITTEN}× hand or ≥ Stan)`,
  };
}

/** A kernel timed on both paths. */
function kernelRow(label: string, f: () => unknown, context: BenchContext): Record<string, Cell> {
  context.log(`  ${label}: SIMD and JavaScript (interleaved)`);
  const [simd, plain] = measureTogether([withWasm(true, f), withWasm(false, f)], context.timing) as Timing[];
  return { kernel: label, simdMicros: simd!.microsPerCall, plainMicros: plain!.microsPerCall, simdOverPlain: simd!.microsPerCall / plain!.microsPerCall };
}

function kernelRows(context: BenchContext): Record<string, Cell>[] {
  const rng = makeRng(1, 0);
  const normals = (count: number, scale = 1) => Float64Array.from({ length: count }, () => scale * rng.normal());
  const n = 2000;
  const k = 25;
  const x = new Tensor(normals(n * k, 0.3), [n, k]);
  markConstant(x);
  const beta = new Tensor(normals(k), [k]);
  const w = new Tensor(normals(n), [n]);
  const counts = new Tensor(Float64Array.from({ length: n }, () => Math.floor(5 * rng.uniform())), [n]);
  const y = new Tensor(normals(n), [n]);
  const binary = new Tensor(Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0)), [n]);
  for (const t of [counts, y, binary]) markConstant(t);
  const a = new Tensor(normals(64 * 64), [64, 64]);
  const b = new Tensor(normals(64 * 64), [64, 64]);
  return [
    kernelRow('matvec X β (2000 × 25)', () => matvec(x, beta), context),
    kernelRow('vecmat wᵀX (2000 × 25)', () => vecmat(w, x), context),
    kernelRow('matmul 64 × 64 × 64', () => matmul(a, b), context),
    kernelRow('bernoulli_logit_glm value (2000 × 25)', () => bernoulliLogitGlm(x, 0.1, beta).logProb(binary), context),
    kernelRow('poisson_log_glm value (2000 × 25)', () => poissonLogGlm(x, 0.1, beta).logProb(counts), context),
    kernelRow('normal_id_glm value (2000 × 25)', () => normalIdGlm(x, 0.1, beta, 1.3).logProb(y), context),
  ];
}

export const wasmKernelsSection: BenchSection = {
  id: 'wasm-kernels',
  title: 'WebAssembly SIMD kernels against JavaScript, hand-written plain JS and Stan',
  run(context: BenchContext): SectionResult {
    const original = settings().wasm;
    const failures: string[] = [];
    if (!wasmKernelsEnabled()) failures.push('wasm-kernels: WebAssembly SIMD is not available in this engine (or LEAPFROG_WASM=0)');
    let rows: Record<string, Cell>[] = [];
    try {
      if (failures.length === 0) rows = [logisticRow(context), ...kernelRows(context)];
    } finally {
      configure({ wasm: original });
    }
    return {
      columns: [
        { key: 'kernel', header: 'kernel' },
        { key: 'simdMicros', header: 'SIMD µs', format: 'micros' },
        { key: 'simdJsonMicros', header: 'SIMD JSON µs', format: 'micros' },
        { key: 'plainMicros', header: 'JS kernels µs', format: 'micros' },
        { key: 'handwrittenMicros', header: 'hand-written µs', format: 'micros' },
        { key: 'simdOverPlain', header: 'SIMD/JS', format: 'ratio' },
        { key: 'simdOverHandwritten', header: 'SIMD/hand', format: 'ratio' },
        { key: 'simdOverStan', header: 'SIMD/Stan', format: 'ratio' },
        { key: 'target', header: 'target' },
      ],
      rows,
      notes: [
        'SIMD: the WebAssembly kernels (src/ad/wasm; the default where the engine has SIMD); JS kernels: the same call with configure({ wasm: false }). Timings of a row are interleaved in one process.',
        'logistic_regression: CompiledModel.logDensityAndGradientInto of examples/bench/logistic_regression.ts (and .json), priors and all, into the caller\'s array; hand-written: bench/handwritten/logistic-regression.ts, optimised plain JS.',
        `Stan: ${STAN_LOGISTIC_MICROS_PER_GRADIENT} µs per gradient, sampler included (Stan 2.21 on a machine of this kind; bench/README.md, "Stan"). Target (the WebAssembly issue): SIMD ≤ ${TARGET_OVER_HANDWRITTEN}× hand-written and below Stan.`,
        'GLM value rows: the log density alone (no gradient), x constant data (resident in the kernels\' memory).',
      ],
      failures,
    };
  },
};
