import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/language/json/compile.js';
import { configure, settings } from '../../../src/ad/codegen/make-function.js';
import { defineModel, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';

// The rules for generated code (the compiled-gradients issue): exactly one module turns
// source text into functions; generated source holds only leapfrog's templates, its own
// identifiers and formatted numbers, never a user's string; where functions cannot be made
// from source, or the jitless setting asks, the interpreter runs by itself.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const THE_MODULE = 'src/ad/codegen/make-function.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js|cjs)$/.test(name) ? [path] : [];
  });
}

/** Ways JavaScript can turn a string into code (direct, indirect, and by constructor). */
const FROM_SOURCE = [
  /\bnew\s+Function\s*\(/,
  /(^|[^.\w])Function\s*\(/,
  /\beval\s*\(/,
  /\(\s*0\s*,\s*eval\s*\)/,
  /\b(globalThis|window|self|global)\s*(\.\s*eval|\[\s*['"]eval['"]\s*\])/,
  /\.constructor\s*\(\s*['"`]/,
  /\b(AsyncFunction|GeneratorFunction|AsyncGeneratorFunction)\b/,
  /\bset(Timeout|Interval)\s*\(\s*['"`]/,
  /\bvm\s*\.\s*(runIn|compileFunction|Script)/,
  /from\s+['"](node:)?vm['"]/,
  /data:text\/javascript|data:application\/javascript/,
];

describe('exactly one module makes functions from source text', () => {
  it(`only ${THE_MODULE} does, in any form`, () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      const path = relative(root, file).split('\\').join('/');
      const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const pattern of FROM_SOURCE) {
        if (!pattern.test(text)) continue;
        if (path === THE_MODULE && (pattern === FROM_SOURCE[0] || pattern === FROM_SOURCE[1])) continue;
        offenders.push(`${path}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(FROM_SOURCE[0]!.test(readFileSync(join(root, THE_MODULE), 'utf8'))).toBe(true);
  });
});

const CODE_LIKE = ['"); process.exit(1); ("', '`', '${process.exit(1)}', '</script>', "'); require('fs'); ('"];

/** Every identifier in generated source is one the generator makes or a fixed name of its templates. */
function foreignIdentifiers(source: string): string[] {
  const allowed = /^(t|x|c|b|k|s|o|q|r|as|ao|aq)\d+d?$|^(s|q)\d+u$|^(theta|grad|R|C|B|Bt|L|K|j|pair|valid|value|Math|Number|return|function|gradient|const|let|for|if|Infinity|undefined|true|false|fill|data)$/;
  const methods = new Set(['exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'sin', 'cos', 'tan', 'tanh', 'pow', 'isFinite', 'isInteger', 'setArg', 'forward', 'vjp', 'scalar', 'addInto', 'leafTensor']);
  const found = source.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, ' ').match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
  return [...new Set(found)].filter((name) => !allowed.test(name) && !methods.has(name));
}

// Generated source exists only where code generation is on (not under LEAPFROG_JITLESS=1).
describe.skipIf(settings().jitless)('generated source holds no string of a user', () => {
  const eightSchools = JSON.parse(readFileSync(join(root, 'examples/bench/eight_schools_noncentered.json'), 'utf8'));
  const data = JSON.parse(readFileSync(join(root, 'examples/bench/data/eight_schools.json'), 'utf8'));

  for (const text of CODE_LIKE) {
    it(`a spec whose name and description are ${JSON.stringify(text)}`, () => {
      const model = compileSpec({ ...eightSchools, name: text, description: text }, data);
      const theta = Float64Array.from({ length: model.dim }, (_, i) => 0.1 * i);
      model.logDensityAndGradient(theta);
      const source = model.compiledSource();
      expect(source, String(model.replayStatus()?.reason)).not.toBeNull();
      expect(source!.includes(text)).toBe(false);
      expect(source!.includes(text.trim())).toBe(false);
      expect(foreignIdentifiers(source!)).toEqual([]);
    });
  }

  it('a TypeScript model with a code-like name and data values reaching the model only as arguments', () => {
    const model = defineModel({
      name: CODE_LIKE[0]!,
      data: { y: vector(3) },
      parameters: { mu: real(), tau: real({ lower: 0 }) },
      model: (p, d, target) => {
        target.sample(p.tau, halfCauchy(5));
        target.sample(d.y, normal(p.mu, p.tau));
      },
    }).compile({ y: [1.5, -2.25, 1e300] });
    model.logDensityAndGradient(Float64Array.of(0.2, 0.1));
    const source = model.compiledSource()!;
    expect(source).not.toBeNull();
    // Data values never appear as literals: they are read from arrays passed in.
    expect(source.includes('2.25')).toBe(false);
    expect(source.includes('1e+300')).toBe(false);
    expect(foreignIdentifiers(source)).toEqual([]);
  });
});

describe.skipIf(settings().jitless)('numbers in generated source', () => {
  // Every number reaches the source through formatNumber, which writes NaN and ±∞ as
  // expressions: a bare NaN or undefined in a source is a number that bypassed it (an empty
  // slice once wrote o9d[NaN + j] into hmm_drive_0's gradient).
  it('no NaN or undefined in the gradients of the posteriordb examples', () => {
    const directory = join(root, 'examples/posteriordb');
    let compiled = 0;
    for (const name of readdirSync(directory)) {
      if (!statSync(join(directory, name)).isDirectory()) continue;
      const spec = JSON.parse(readFileSync(join(directory, name, 'model.json'), 'utf8'));
      const data = JSON.parse(readFileSync(join(directory, name, 'data.json'), 'utf8'));
      const model = compileSpec(spec, data);
      model.logDensityAndGradient(new Float64Array(model.dim).fill(0.1));
      const source = model.compiledSource();
      if (source === null) continue;
      compiled++;
      expect(/\bNaN\b|\bundefined\b/.test(source), name).toBe(false);
    }
    expect(compiled).toBeGreaterThan(10);
  });
});

describe('the interpreter where functions cannot be made from source', () => {
  const model = defineModel({
    name: 'interpreted',
    data: { y: vector(3) },
    parameters: { mu: real(), tau: real({ lower: 0 }) },
    model: (p, d, target) => {
      target.sample(p.mu, normal(0, 5));
      target.sample(d.y, normal(p.mu, p.tau));
    },
  });
  const data = { y: [0.5, -1.2, 2] };
  const theta = Float64Array.of(0.3, -0.4);

  it.skipIf(settings().jitless)('jitless: no compiled gradient, the same log density and gradient to rounding', () => {
    const compiled = model.compile(data);
    const reference = compiled.logDensityAndGradient(theta);
    expect(compiled.replayStatus()).toMatchObject({ compiled: true });
    const before = settings().jitless;
    configure({ jitless: true });
    try {
      const interpreted = model.compile(data);
      const result = interpreted.logDensityAndGradient(theta);
      expect(interpreted.replayStatus()).toMatchObject({ replayed: true, compiled: false });
      expect(interpreted.compiledSource()).toBeNull();
      expect(result.logDensity).toBeCloseTo(reference.logDensity, 12);
      Array.from(result.gradient).forEach((g, i) => expect(g).toBeCloseTo(reference.gradient[i]!, 12));
    } finally {
      configure({ jitless: before });
    }
  });

  it('a runtime that forbids code generation from strings (as a CSP without unsafe-eval) falls back by itself', () => {
    const script = `
      import { defineModel, real, vector } from './src/models/api/index.ts';
      import { normal } from './src/models/distributions/index.ts';
      const model = defineModel({ name: 'csp', data: { y: vector(3) }, parameters: { mu: real(), tau: real({ lower: 0 }) },
        model: (p, d, target) => { target.sample(p.mu, normal(0, 5)); target.sample(d.y, normal(p.mu, p.tau)); } }).compile({ y: [0.5, -1.2, 2] });
      const r = model.logDensityAndGradient(Float64Array.of(0.3, -0.4));
      console.log(JSON.stringify({ status: model.replayStatus(), logDensity: r.logDensity, gradient: Array.from(r.gradient) }));
    `;
    const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, LEAPFROG_CHECK_COMPILED: '0' } });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { status: { compiled: boolean; replayed: boolean }; logDensity: number; gradient: number[] };
    expect(out.status).toMatchObject({ replayed: true, compiled: false });
    const reference = model.compile(data).logDensityAndGradient(theta);
    expect(out.logDensity).toBeCloseTo(reference.logDensity, 12);
    out.gradient.forEach((g, i) => expect(g).toBeCloseTo(reference.gradient[i]!, 12));
  });
});
