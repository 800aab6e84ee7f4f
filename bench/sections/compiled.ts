import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as literalLoop from '../../examples/mixture/literal-loop.js';
import * as vectorised from '../../examples/mixture/vectorised.js';
import { compileSpec } from '../../src/language/json/index.js';
import type { CompiledModel } from '../../src/models/model.js';
import { measureTogether, type Timing } from '../measure.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// Compiled gradients (src/ad/compile): what a model written as a literal loop costs against
// the same posterior in whole-vector operations, and how long generating and compiling the
// function takes for every example model (it is paid once, at the first gradient).

/** Largest accepted literal-loop gradient / vectorised gradient. */
const LOOP_TARGET = 3;
/** Largest accepted generation-and-compile time: eight schools, and the largest posteriordb example. */
const EIGHT_SCHOOLS_MILLISECONDS = 20;
const LARGEST_MILLISECONDS = 200;

const root = new URL('../../examples/', import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));

type Status = { compiled?: boolean; reason?: string | null; compileMilliseconds?: number } | null;
const statusOf = (model: CompiledModel): Status => (model as { replayStatus?: () => Status }).replayStatus?.() ?? null;

function mixtureRows(context: BenchContext): Record<string, Cell>[] {
  const data = readJson(new URL('bench/data/normal_mixture.json', root));
  const models: [string, CompiledModel][] = [
    ['literal loop (TS)', literalLoop.model.compile(data)],
    ['vectorised (TS)', vectorised.model.compile(data)],
    ['literal loop (JSON)', compileSpec(readJson(new URL('mixture/literal-loop.json', root)), data)],
    ['vectorised (JSON)', compileSpec(readJson(new URL('mixture/vectorised.json', root)), data)],
  ];
  const position = Float64Array.from({ length: models[0]![1].dim }, (_, i) => 0.1 * Math.sin(i + 1));
  const gradient = new Float64Array(position.length);
  const first = models.map(([, model]) => {
    const started = performance.now();
    model.logDensityAndGradientInto!(position, gradient);
    return performance.now() - started;
  });
  context.log('  normal mixture (N = 600): literal loop and vectorised, TS and JSON (interleaved)');
  const timings = measureTogether(models.map(([, model]) => () => model.logDensityAndGradientInto!(position, gradient)), context.timing) as Timing[];
  return models.map(([form, model], k) => {
    const vectorisedTiming = timings[k % 2 === 0 ? k + 1 : k]!;
    const ratio = timings[k]!.microsPerCall / vectorisedTiming.microsPerCall;
    const status = statusOf(model);
    return {
      what: `normal mixture: ${form}`,
      engine: status?.compiled === true ? 'compiled' : 'interpreted',
      gradientMicros: timings[k]!.microsPerCall,
      overVectorised: ratio,
      firstGradientMilliseconds: first[k]!,
      compileMilliseconds: status?.compileMilliseconds ?? null,
      target: form.startsWith('literal') ? (ratio <= LOOP_TARGET ? 'met' : `missed (> ${LOOP_TARGET}×)`) : '',
    };
  });
}

function compileTimeRows(): Record<string, Cell>[] {
  const cases: [string, URL, URL][] = [['bench/eight_schools_noncentered', new URL('bench/eight_schools_noncentered.json', root), new URL('bench/data/eight_schools.json', root)]];
  const posteriordb = new URL('posteriordb/', root);
  for (const entry of readdirSync(posteriordb, { withFileTypes: true })) {
    if (!entry.isDirectory() || !existsSync(new URL(`${entry.name}/model.json`, posteriordb))) continue;
    cases.push([`posteriordb/${entry.name}`, new URL(`${entry.name}/model.json`, posteriordb), new URL(`${entry.name}/data.json`, posteriordb)]);
  }
  const rows = cases.map(([name, spec, data]) => {
    const model = compileSpec(readJson(spec), readJson(data));
    const position = new Float64Array(model.dim).fill(0.1);
    model.logDensityAndGradientInto!(position, new Float64Array(model.dim));
    const status = statusOf(model);
    return { name, status, milliseconds: status?.compileMilliseconds ?? null };
  });
  const largest = rows.filter((r) => r.name.startsWith('posteriordb/') && r.milliseconds !== null).reduce((a, b) => (b.milliseconds! > a.milliseconds! ? b : a));
  return rows.map(({ name, status, milliseconds }) => {
    const limit = name === 'bench/eight_schools_noncentered' ? EIGHT_SCHOOLS_MILLISECONDS : name === largest.name ? LARGEST_MILLISECONDS : null;
    return {
      what: `compile: ${name}`,
      engine: status?.compiled === true ? 'compiled' : `interpreted${status?.reason ? ` (${status.reason.slice(0, 60)})` : ''}`,
      gradientMicros: null,
      overVectorised: null,
      firstGradientMilliseconds: null,
      compileMilliseconds: milliseconds,
      target: limit === null || milliseconds === null ? '' : milliseconds <= limit ? `met (≤ ${limit} ms)` : `missed (> ${limit} ms)`,
    };
  });
}

export const compiledSection: BenchSection = {
  id: 'compiled',
  title: 'Compiled gradients: literal loops and generation time',
  run(context: BenchContext): SectionResult {
    const rows = [...mixtureRows(context), ...compileTimeRows()];
    return {
      columns: [
        { key: 'what', header: 'model' },
        { key: 'engine', header: 'engine' },
        { key: 'gradientMicros', header: 'grad µs', format: 'micros' },
        { key: 'overVectorised', header: '/vectorised', format: 'ratio' },
        { key: 'firstGradientMilliseconds', header: 'first grad ms', format: 'micros' },
        { key: 'compileMilliseconds', header: 'compile ms', format: 'micros' },
        { key: 'target', header: 'target' },
      ],
      rows,
      notes: [
        `normal mixture: examples/mixture (three components, N = 600): a for loop over observations with log_sum_exp of three terms, and the same posterior vectorised; target: the literal loop ≤ ${LOOP_TARGET}× the vectorised form's gradient.`,
        'first grad: the first logDensityAndGradientInto (records the tape, compiles it, runs it); compile: generating and compiling the function (planning, emitting, making it), in ms.',
        `compile targets: ≤ ${EIGHT_SCHOOLS_MILLISECONDS} ms for eight schools, ≤ ${LARGEST_MILLISECONDS} ms for the posteriordb example that takes longest.`,
      ],
      failures: [],
    };
  },
};

