import { describe, expect, it } from 'vitest';
import { gather } from '../../../src/ad/index.js';
import { defineModel, indexArray, int, intArray, matrix, real, vector } from '../../../src/models/api/index.js';
import type { ModelInstance } from '../../../src/models/api/compile.js';
import { bernoulliLogitGlm, normalIdGlm, poissonLogGlm } from '../../../src/models/distributions/index.js';
import { settings } from '../../../src/ad/codegen/make-function.js';

// normal_id_glm with few predictors planned row by row into the compiled gradient's loop
// (src/ad/compile/plan.ts RowDensity, src/models/distributions/normal-id-glm.ts): the
// linear predictor written out, the intercept read through the group index and its
// gradient added there. The compiled model must give the kernel's value and gradient (the
// replay interpreter, to 1e-12 relative) at random points, −∞ exactly where it does for
// ±∞ and NaN arguments, and keep the kernel for many predictors.

const N = 12;
const J = 6;
// Groups 1..6 with 2 and 5 missing, 1 and 4 repeated.
const group = [1, 4, 1, 3, 6, 4, 1, 3, 4, 6, 1, 4];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function predictors(k: number, seed: number): number[] | number[][] {
  const next = random(seed);
  if (k === 0) return Array.from({ length: N }, () => 4 * next() - 2);
  return Array.from({ length: N }, () => Array.from({ length: k }, () => 4 * next() - 2));
}

interface Variant {
  readonly name: string;
  /** 0: x a vector with a scalar beta; k ≥ 1: x an [N, k] matrix. */
  readonly k: number;
  readonly alpha: 'scalar' | 'vector' | 'gathered';
  readonly sigma: 'scalar' | 'vector';
  /** y a parameter (its support checked per row) rather than data. */
  readonly yTraced?: boolean;
}

function modelOf({ k, alpha, sigma, yTraced }: Variant): ReturnType<typeof defineModel> {
  return defineModel({
    name: 'glm_rows',
    data: {
      N: int({ lower: 0 }),
      J: int({ lower: 1 }),
      K: int({ lower: 1 }),
      group: indexArray('N', { upper: 'J' }),
      x: k === 0 ? vector('N') : matrix('N', 'K'),
      y: vector('N'),
    },
    parameters: {
      a: alpha === 'scalar' ? real() : vector(alpha === 'vector' ? 'N' : 'J'),
      b: k === 0 ? real() : vector('K'),
      sigma: sigma === 'scalar' ? real({ lower: 0 }) : vector('N', { lower: 0 }),
      ...(yTraced === true ? { yp: vector('N') } : {}),
    },
    model: (p, data, target) => {
      // No priors: the GLM's own checks alone decide where the density is −∞.
      const intercept = alpha === 'gathered' ? gather(p.a, data.group) : p.a;
      target.sample(yTraced === true ? (p as unknown as { yp: typeof p.b }).yp : data.y, normalIdGlm(data.x, intercept, p.b, p.sigma));
    },
  });
}

function instances(variant: Variant): { compiled: ModelInstance; interpreted: ModelInstance } {
  const next = random(11 + variant.k);
  const data = { N, J, K: Math.max(variant.k, 1), group, x: predictors(variant.k, 3 + variant.k), y: Array.from({ length: N }, () => 6 * next() - 3) };
  const model = modelOf(variant);
  return { compiled: model.compile(data, { replay: true, compile: true }), interpreted: model.compile(data, { replay: true, compile: false }) };
}

const close = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

const variants: Variant[] = [
  { name: 'x a vector, a[group], one scale', k: 0, alpha: 'gathered', sigma: 'scalar' },
  { name: 'x a vector, a[group], a scale per row', k: 0, alpha: 'gathered', sigma: 'vector' },
  { name: 'one column, a scalar intercept', k: 1, alpha: 'scalar', sigma: 'scalar' },
  { name: 'two columns, an intercept per row, a scale per row', k: 2, alpha: 'vector', sigma: 'vector' },
  { name: 'three columns, a[group]', k: 3, alpha: 'gathered', sigma: 'scalar' },
  { name: 'five columns (the most planned per row), a[group], a scale per row', k: 5, alpha: 'gathered', sigma: 'vector' },
  { name: 'three columns, a scalar intercept, a scale per row', k: 3, alpha: 'scalar', sigma: 'vector' },
  { name: 'y a parameter, a[group], a scale per row', k: 2, alpha: 'gathered', sigma: 'vector', yTraced: true },
];

describe.skipIf(settings().jitless)('normal_id_glm planned per row in compiled gradients', () => {
  for (const variant of variants) {
    describe(variant.name, () => {
      const { compiled, interpreted } = instances(variant);
      const dim = compiled.dim;

      it('equals the kernel at random points, value and gradient, with no kernel call', () => {
        const next = random(29 + variant.k);
        for (let point = 0; point < 20; point++) {
          const theta = Float64Array.from({ length: dim }, () => 3 * next() - 1.5);
          const a = compiled.logDensityAndGradient(theta);
          const b = interpreted.logDensityAndGradient(theta);
          expect(close(a.logDensity, b.logDensity), `${a.logDensity} vs ${b.logDensity}`).toBe(true);
          a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!), `gradient[${i}]: ${g} vs ${b.gradient[i]}`).toBe(true));
          expect(close(compiled.logDensity(theta), a.logDensity)).toBe(true);
        }
        expect(compiled.replayStatus()).toMatchObject({ compiled: true });
        const source = compiled.compiledSource()!;
        expect(source).not.toMatch(/R\.forward|R\.vjp/);
      });

      it('is −∞ where the kernel is, for ±∞ and NaN arguments', () => {
        for (const bad of [Infinity, -Infinity, NaN]) {
          for (let at = 0; at < dim; at += 3) {
            const theta = Float64Array.from({ length: dim }, (_, i) => 0.1 * ((i % 7) - 3));
            theta[at] = bad;
            const expected = interpreted.logDensityAndGradient(theta).logDensity;
            expect(compiled.logDensity(theta), `θ[${at}] = ${bad}`).toBe(expected);
            expect(compiled.logDensityAndGradient(theta).logDensity, `θ[${at}] = ${bad}`).toBe(expected);
          }
        }
      });
    });
  }

  it('keeps the kernel for many predictors', () => {
    const { compiled, interpreted } = instances({ name: 'six columns', k: 6, alpha: 'scalar', sigma: 'scalar' });
    const theta = Float64Array.from({ length: compiled.dim }, (_, i) => 0.05 * i - 0.3);
    const a = compiled.logDensityAndGradient(theta);
    const b = interpreted.logDensityAndGradient(theta);
    expect(close(a.logDensity, b.logDensity)).toBe(true);
    a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!)).toBe(true));
    expect(compiled.compiledSource()).toMatch(/R\.forward/);
  });
});

// bernoulli_logit_glm and poisson_log_glm: y data, alpha and beta traced.
interface CountVariant {
  readonly family: 'bernoulli' | 'poisson';
  readonly k: number;
  readonly alpha: 'scalar' | 'vector';
}

function countInstances({ family, k, alpha }: CountVariant): { compiled: ModelInstance; interpreted: ModelInstance } {
  const next = random(41 + k);
  const y = Array.from({ length: N }, () => (family === 'bernoulli' ? (next() < 0.5 ? 1 : 0) : Math.floor(5 * next())));
  const model = defineModel({
    name: 'glm_rows_counts',
    data: { N: int({ lower: 0 }), K: int({ lower: 1 }), x: k === 0 ? vector('N') : matrix('N', 'K'), y: intArray('N', { lower: 0 }) },
    parameters: { a: alpha === 'scalar' ? real() : vector('N'), b: k === 0 ? real() : vector('K') },
    model: (p, data, target) => {
      target.sample(data.y, (family === 'bernoulli' ? bernoulliLogitGlm : poissonLogGlm)(data.x, p.a, p.b));
    },
  });
  const data = { N, K: Math.max(k, 1), x: predictors(k, 5 + k), y };
  return { compiled: model.compile(data, { replay: true, compile: true }), interpreted: model.compile(data, { replay: true, compile: false }) };
}

// bernoulli_logit_glm keeps its kernel at any number of predictors (glm-rows.ts ROW_PREDICTORS): compared all the same.
const countVariants: CountVariant[] = [
  { family: 'bernoulli', k: 0, alpha: 'scalar' },
  { family: 'bernoulli', k: 3, alpha: 'vector' },
  { family: 'poisson', k: 0, alpha: 'vector' },
  { family: 'poisson', k: 2, alpha: 'scalar' },
  { family: 'poisson', k: 3, alpha: 'vector' },
];

describe.skipIf(settings().jitless)('bernoulli_logit_glm and poisson_log_glm planned per row', () => {
  for (const variant of countVariants) {
    const rows = variant.family === 'poisson';
    it(`${variant.family}, ${variant.k === 0 ? 'x a vector' : `${variant.k} columns`}, alpha a ${variant.alpha}: equals the kernel${rows ? ', no kernel call' : ''}, −∞ where it is`, () => {
      const { compiled, interpreted } = countInstances(variant);
      const dim = compiled.dim;
      const next = random(53 + variant.k);
      for (let point = 0; point < 20; point++) {
        const theta = Float64Array.from({ length: dim }, () => 3 * next() - 1.5);
        const a = compiled.logDensityAndGradient(theta);
        const b = interpreted.logDensityAndGradient(theta);
        expect(close(a.logDensity, b.logDensity), `${a.logDensity} vs ${b.logDensity}`).toBe(true);
        a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!), `gradient[${i}]: ${g} vs ${b.gradient[i]}`).toBe(true));
      }
      if (rows) expect(compiled.compiledSource()!).not.toMatch(/R\.forward|R\.vjp/);
      else expect(compiled.compiledSource()!).toMatch(/R\.forward/);
      for (const bad of [Infinity, -Infinity, NaN]) {
        for (let at = 0; at < dim; at += 2) {
          const theta = Float64Array.from({ length: dim }, (_, i) => 0.1 * ((i % 7) - 3));
          theta[at] = bad;
          const expected = interpreted.logDensityAndGradient(theta).logDensity;
          expect(compiled.logDensityAndGradient(theta).logDensity, `θ[${at}] = ${bad}`).toBe(expected);
          expect(compiled.logDensity(theta), `θ[${at}] = ${bad}`).toBe(expected);
        }
      }
    });
  }

  it('keeps the kernel for many predictors', () => {
    const { compiled, interpreted } = countInstances({ family: 'poisson', k: 9, alpha: 'scalar' });
    const theta = Float64Array.from({ length: compiled.dim }, (_, i) => 0.05 * i - 0.3);
    const a = compiled.logDensityAndGradient(theta);
    const b = interpreted.logDensityAndGradient(theta);
    expect(close(a.logDensity, b.logDensity)).toBe(true);
    a.gradient.forEach((g, i) => expect(close(g, b.gradient[i]!)).toBe(true));
    expect(compiled.compiledSource()).toMatch(/R\.forward/);
  });
});
