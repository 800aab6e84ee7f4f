import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../src/models/api/limits.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkGrad } from '../../../src/ad/check.js';
import type { Value } from '../../../src/ad/trace.js';
import { LogDensityAccumulator } from '../../../src/models/api/target.js';
import type { CompiledModel } from '../../../src/models/model.js';
import { checked, compileSpec } from '../../../src/language/json/compile.js';
import { frameFor, type LoweredProgram } from '../../../src/language/json/program.js';
import { runAll } from '../../../src/language/json/statements.js';
import { makeRng } from '../../../src/random/rng.js';

// Every JSON spec of the examples against its TypeScript model: the same unconstrained
// layout and output names, and the same log density and gradient at random points (the
// spec compiles through defineModel, so this checks the spec language, not the samplers).

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(`${root}${path}`, 'utf8'));

/** Bench model ids, from the table of the benchmark definitions. */
const benchIds = readdirSync(`${root}examples/bench`)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const posteriors = readdirSync(`${root}examples/posteriordb`).filter((d) => existsSync(`${root}examples/posteriordb/${d}/model.ts`));

/**
 * Constant offsets (spec − TypeScript) where the spec is written the Stan way and the
 * TypeScript model drops a constant: hmm_example's emissions use normal_lpdf, the
 * TypeScript model −(y − mu)²/2, which differ by N · log(2π)/2 with N = 100.
 */
const OFFSETS: Readonly<Record<string, number>> = { 'hmm_example-hmm_example': -100 * 0.5 * Math.log(2 * Math.PI) };

interface Case {
  readonly id: string;
  readonly specPath: string;
  readonly modulePath: string;
  readonly dataPath: (dataFile: string) => string;
}

const cases: Case[] = [
  ...benchIds.map((id) => ({ id, specPath: `examples/bench/${id}.json`, modulePath: `../../../examples/bench/${id}.ts`, dataPath: (file: string) => `examples/bench/${file}` })),
  ...posteriors.map((id) => ({
    id,
    specPath: `examples/posteriordb/${id}/model.json`,
    modulePath: `../../../examples/posteriordb/${id}/model.ts`,
    dataPath: () => `examples/posteriordb/${id}/data.json`,
  })),
];

/** Central differences of the log density along `direction` (step scaled to θ). */
function directional(model: CompiledModel, theta: Float64Array, direction: Float64Array, step: number): number {
  const at = (h: number): number => model.logDensity(Float64Array.from(theta, (x, i) => x + h * direction[i]!));
  return (at(step) - at(-step)) / (2 * step);
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** Parameters on a manifold (a simplex, a Cholesky factor) leave their support under finite differences. */
const FLAT_SPACE = new Set(['real', 'vector', 'matrix', 'ordered', 'positive_ordered']);

/**
 * The spec's model block (transformed parameters included) as a function of its
 * constrained parameters, for checkGrad: the spec language's own derivatives, without
 * the transforms.
 */
function modelBlock(program: LoweredProgram, fixed: Readonly<Record<string, Value>>): (free: Record<string, Value>) => Value {
  return (free) => {
    const frame = frameFor(program, { ...fixed, ...free });
    for (const q of program.transformedParameters) frame.slots[q.slot] = q.compute(frame);
    const target = new LogDensityAccumulator();
    runAll(program.model, frame, target);
    return target.total;
  };
}

describe('JSON specs of the examples equal their TypeScript models', () => {
  it('has a spec for every benchmark model and every posteriordb posterior', () => {
    expect(benchIds.length).toBeGreaterThanOrEqual(7);
    expect(posteriors.length).toBeGreaterThanOrEqual(15);
    for (const c of cases) expect(() => readJson(c.specPath), c.specPath).not.toThrow();
  });

  it.each(cases)('$id', async ({ id, specPath, modulePath, dataPath }) => {
    const module = (await import(/* @vite-ignore */ modulePath)) as { model: { compile(data: unknown): CompiledModel }; dataFile: string };
    const data = readJson(dataPath(module.dataFile));
    const spec = compileSpec(readJson(specPath), data);
    const typescript = module.model.compile(data);
    expect(spec.dim).toBe(typescript.dim);
    expect(spec.outputNames).toEqual(typescript.outputNames);
    const offset = OFFSETS[id] ?? 0;
    const rng = makeRng(7, 0);
    for (let point = 0; point < 3; point++) {
      const theta = Float64Array.from({ length: spec.dim }, () => 2 * rng.uniform() - 1);
      const a = spec.logDensityAndGradient(theta);
      const b = typescript.logDensityAndGradient(theta);
      expect(relative(a.logDensity - offset, b.logDensity), `log density at point ${point}: ${a.logDensity} vs ${b.logDensity}`).toBeLessThan(1e-10);
      // Against the largest component: the two sum the same terms in different orders, so a
      // small component of a large gradient carries the round-off of the large terms (bball's
      // HMM: 5e−11 of its largest component at worst over 90 random points, 2e−10 of itself).
      const scale = Math.max(1, ...Array.from(b.gradient, Math.abs));
      for (let i = 0; i < spec.dim; i++) expect(Math.abs(a.gradient[i]! - b.gradient[i]!) / scale, `gradient[${i}] at point ${point}`).toBeLessThan(1e-9);
      expect(Array.from(spec.outputs(theta, makeRng(1, 0)))).toEqual(Array.from(typescript.outputs(theta, makeRng(1, 0))));
      // The gradient against central differences of the spec's own log density (checkGrad's first-order test).
      const direction = Float64Array.from({ length: spec.dim }, () => rng.normal());
      const reverse = a.gradient.reduce((s, g, i) => s + g * direction[i]!, 0);
      expect(relative(reverse, directional(spec, theta, direction, 1e-5)), `directional derivative at point ${point}`).toBeLessThan(1e-5);
    }
    // checkGrad of the model block in the constrained parameters (both AD modes against central differences).
    const program = checked(readJson(specPath), data, DEFAULT_LIMITS) as LoweredProgram;
    const values = spec.constrain(Float64Array.from({ length: spec.dim }, () => rng.uniform() - 0.5)) as Readonly<Record<string, Value>>;
    const free = Object.fromEntries(program.parameters.filter((p) => FLAT_SPACE.has(p.declaration.type)).map((p) => [p.name, values[p.name]!]));
    // 1e-5: earnings' log density is about -1e10 at such points, so central differences lose about 6 digits.
    expect(checkGrad(modelBlock(program, values), free, { directions: 2, step: 1e-5 })).toBeLessThan(1e-5);
  });
});
