import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as literalLoop from '../examples/mixture/literal-loop.js';
import * as vectorised from '../examples/mixture/vectorised.js';
import { makeFunction } from '../src/ad/codegen/make-function.js';
import { CompiledGradient } from '../src/ad/compile/compiled-gradient.js';
import { emitGradient } from '../src/ad/compile/emit-gradient.js';
import { planGradient } from '../src/ad/compile/plan.js';
import { CompiledRuntime } from '../src/ad/compile/runtime.js';
import { recordGradient, type GradientProgram } from '../src/ad/replay.js';
import { compileSpec } from '../src/language/json/index.js';
import { threadNanos } from './measure.js';
import { logDensityOf, programOf } from '../src/models/api/evaluate.js';
import { unconstrainedPieces } from '../src/models/api/parameters.js';
import { LogDensityAccumulator } from '../src/models/api/target.js';
import type { Value } from '../src/ad/trace.js';
import type { CompiledModel } from '../src/models/model.js';

// Where generating and compiling a whole-model gradient spends its time (the compiled
// section's `compile ms`, CompiledGradient.compile): records a JSON-spec model's tape once,
// then compiles it `--rounds` times in this process and prints the median of each phase
// (planning, emitting the gradient, making it) and of the whole compile (after the first
// round the whole compile finds its source in V8's cache; the phases do not).
//
//   npx tsx bench/compile-profile.ts [--rounds 15] [--clock wall|thread] [example-dir ...]
//
// An example directory holds model.json and data.json under examples/ (default: the
// posteriordb HMM, the largest, and eight schools). With --first: every example's first
// compile in this fresh process, as the compiled section measures it (--first-phases: the
// HMM's phase by phase). For a profile:
// node --cpu-prof --import tsx bench/compile-profile.ts ...

const root = new URL('../examples/', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

function recorded(dir: string): { program: GradientProgram; layout: { offset: number; size: number; shape: number[] }[] } {
  const model = compileSpec(readJson(`${dir}/model.json`), readJson(`${dir}/data.json`), { compile: false });
  const program = programOf(model)!;
  const slots = program.layout.slots;
  const theta = new Float64Array(model.dim).fill(0.1);
  const density = (pieces: Value[]): Value => logDensityOf(program, pieces, new LogDensityAccumulator());
  const { program: tape, obstacle } = recordGradient(density, unconstrainedPieces(slots, theta));
  if (tape === null) throw new Error(`${dir}: not replayable (${obstacle})`);
  const layout = slots.map((slot) => ({ offset: slot.offset, size: slot.size, shape: slot.shape.length === 0 && slot.size === 1 ? [] : [slot.size] }));
  return { program: tape, layout };
}

// Wall time, or with --clock thread the on-CPU time of this thread (Linux; a busy machine's
// waits left out, but counted in scheduler ticks: too coarse for a model that compiles in a
// few milliseconds).
const threadClock = process.argv.includes('--clock') && process.argv[process.argv.indexOf('--clock') + 1] === 'thread';
const now = (): number => {
  const nanos = threadClock ? threadNanos() : undefined;
  return nanos === undefined ? performance.now() : nanos / 1e6;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One compile, phase by phase, as CompiledGradient.compile does it (the value-only function made eagerly). */
function phases(program: GradientProgram, layout: { offset: number; size: number; shape: number[] }[]): Record<string, number> {
  const times: Record<string, number> = {};
  let t = now();
  const lap = (name: string): void => {
    const at = now();
    times[name] = at - t;
    t = at;
  };
  const plan = planGradient(program.structure(), layout);
  lap('plan');
  const runtime = new CompiledRuntime(program.structure().nodes, plan.opaqueNodes);
  for (const { shape, size } of plan.buffers) runtime.addBuffer(shape, size);
  const gradientSize = layout.reduce((end, leaf) => Math.max(end, leaf.offset + leaf.size), 0);
  const emitted = emitGradient(plan, gradientSize, true);
  lap('emit gradient');
  const bound = [runtime, plan.constants, runtime.buffers, runtime.bufferTensors, layout.map((l) => l.shape), plan.indexArrays];
  // A comment unique to the round: V8 caches functions made from the same source text.
  const fresh = `\n// ${Math.random()}`;
  makeFunction(emitted.runtime.names, emitted.source + fresh, [...emitted.runtime.values, ...bound]);
  lap('make gradient');
  const valueOnly = emitGradient(plan, gradientSize, false);
  lap('emit value (lazy)');
  makeFunction(valueOnly.runtime.names, valueOnly.source + fresh, [...valueOnly.runtime.values, ...bound]);
  lap('make value (lazy)');
  times['source chars'] = emitted.source.length;
  times['value source chars'] = valueOnly.source.length;
  return times;
}

const args = process.argv.slice(2);
let rounds = 15;
// --no-phases: the whole compile alone (for a profile of what CompiledGradient.compile does).
let withPhases = true;
const dirs: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--clock') i++;
  else if (args[i] === '--no-phases') withPhases = false;
  else if (args[i] === '--first' || args[i] === '--first-phases') {
    firstCompiles(args[i] === '--first-phases');
    process.exit(0);
  } else dirs.push(args[i]!);
}
if (dirs.length === 0) dirs.push('posteriordb/bball_drive_event_0-hmm_drive_0', 'bench/eight_schools_noncentered-dir');

for (const dir of dirs) {
  const { program, layout } = dir.endsWith('-dir') ? benchModel(dir.slice(0, -4)) : recorded(dir);
  const byPhase: Record<string, number[]> = {};
  const whole: number[] = [];
  // Interleaved: the whole compile and the phase by phase one alternate, so load changes hit both.
  for (let r = 0; r < rounds; r++) {
    const started = now();
    const { compiled, reason } = CompiledGradient.compile(program, layout);
    whole.push(now() - started);
    if (compiled === null) throw new Error(`${dir}: not compiled (${reason})`);
    if (withPhases) for (const [name, ms] of Object.entries(phases(program, layout))) (byPhase[name] ??= []).push(ms);
  }
  const cells = Object.entries(byPhase).map(([name, xs]) => `${name} ${name.includes('chars') ? median(xs) : median(xs).toFixed(1)}`);
  console.log(`${dir}: compile ${median(whole).toFixed(1)} ms (median of ${rounds}; first ${whole[0]!.toFixed(1)}); phases (ms): ${cells.join(', ')}`);
}

/**
 * `--first`: what the compiled section reports, each model's first compile in a fresh process
 * (compileMilliseconds, in the section's order), where the compiler's own code is still cold.
 */
function firstCompiles(byPhase: boolean): void {
  // The section compiles the normal mixture's four forms first (and times them, which warms the compiler less than this).
  const mixtureData = readJson('bench/data/normal_mixture.json');
  const mixtures: CompiledModel[] = [literalLoop.model.compile(mixtureData), vectorised.model.compile(mixtureData)];
  for (const spec of ['mixture/literal-loop.json', 'mixture/vectorised.json']) mixtures.push(compileSpec(readJson(spec), mixtureData));
  for (const model of mixtures) model.logDensityAndGradientInto!(new Float64Array(model.dim).fill(0.1), new Float64Array(model.dim));
  const cases: [string, string, string][] = [['eight_schools', 'bench/eight_schools_noncentered.json', 'bench/data/eight_schools.json']];
  for (const entry of readdirSync(new URL('posteriordb/', root), { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(new URL(`posteriordb/${entry.name}/model.json`, root))) cases.push([entry.name, `posteriordb/${entry.name}/model.json`, `posteriordb/${entry.name}/data.json`]);
  }
  const cells = cases.map(([name, spec, data]) => {
    if (byPhase && name.endsWith('hmm_drive_0')) {
      const { program, layout } = recorded(`posteriordb/${name}`);
      const times = phases(program, layout);
      return `${name} [${Object.entries(times).map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`).join(', ')}]`;
    }
    const model = compileSpec(readJson(spec), readJson(data));
    model.logDensityAndGradientInto!(new Float64Array(model.dim).fill(0.1), new Float64Array(model.dim));
    const ms = (model as { replayStatus?: () => { compileMilliseconds?: number } | null }).replayStatus?.()?.compileMilliseconds;
    return `${name} ${ms === undefined ? '-' : ms.toFixed(1)}`;
  });
  console.log(cells.join(', '));
}

/** Eight schools lives in examples/bench as two files rather than a directory. */
function benchModel(name: string): ReturnType<typeof recorded> {
  const model = compileSpec(readJson(`${name}.json`), readJson('bench/data/eight_schools.json'), { compile: false });
  const program = programOf(model)!;
  const theta = new Float64Array(model.dim).fill(0.1);
  const density = (pieces: Value[]): Value => logDensityOf(program, pieces, new LogDensityAccumulator());
  const { program: tape } = recordGradient(density, unconstrainedPieces(program.layout.slots, theta));
  const layout = program.layout.slots.map((slot) => ({ offset: slot.offset, size: slot.size, shape: slot.shape.length === 0 && slot.size === 1 ? [] : [slot.size] }));
  return { program: tape!, layout };
}
