import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { SpecError, formatIssue, formatPath } from '../../../src/language/json/errors.js';
import type { ResourceLimits } from '../../../src/models/api/limits.js';

// Issue 12, items 2, 3 and 8: sizes, loops and nesting are held to budgets before anything is
// allocated or run, and every refusal is one clean issue at its JSON path that gives the
// figure and how to raise the limit; never an out-of-memory abort, a raw RangeError
// ("Invalid typed array length", "Maximum call stack size exceeded") or minutes of work.

type Json = Record<string, any>;

const baseSpec = (): Json => ({
  data: { N: { type: 'int', lower: 0 }, y: { type: 'vector', size: 'N' } },
  parameters: { mu: { type: 'real' }, sigma: { type: 'real', lower: 0 } },
  model: [
    { sample: 'mu', distribution: 'normal', args: ['0', '5'] },
    { sample: 'sigma', distribution: 'half_normal', args: ['1'] },
    { sample: 'y', distribution: 'normal', args: ['mu', 'sigma'] },
  ],
});

const baseData = (): Json => ({ N: 3, y: [0.5, -0.2, 1.1] });

const nest = (depth: number, wrap: (inner: Json) => Json, inner: Json): Json => {
  let out = inner;
  for (let k = 0; k < depth; k++) out = wrap(out);
  return out;
};

interface Refusal {
  readonly item: string;
  readonly change: (spec: Json, data: Json) => void;
  readonly path: string;
  readonly says: readonly string[];
  readonly limits?: ResourceLimits;
}

const REFUSALS: readonly Refusal[] = [
  {
    item: '2: a parameter of 1e9 elements',
    change: (s) => (s['parameters']['theta'] = { type: 'vector', size: 1e9 }),
    path: 'parameters.theta.size',
    says: ['size 1000000000 exceeds the limit of 100000000 elements', '--limits elements=N', 'limits.maxElements'],
  },
  {
    item: '2: a size from the data, 1e9',
    change: (s, d) => {
      s['parameters']['theta'] = { type: 'vector', size: 'M' };
      s['data']['M'] = { type: 'int' };
      d['M'] = 1e9;
    },
    path: 'parameters.theta.size',
    says: ['size 1000000000 exceeds the limit of 100000000 elements'],
  },
  {
    item: '2: declarations within the limit one by one, over it together',
    change: (s) => {
      s['parameters']['a'] = { type: 'matrix', rows: 30, cols: 30 };
      s['transformed_data'] = { b: { type: 'vector', size: 200, value: 'rep_vector(0, 200)' } };
    },
    limits: { maxElements: 1000 },
    path: 'parameters.a',
    says: ['size 900 brings the model to 1106 elements in all, above the limit of 1000'],
  },
  {
    item: '2: outputs per draw over their limit',
    change: (s) => (s['parameters']['theta'] = { type: 'vector', size: 2000000 }),
    path: 'parameters.theta',
    says: ['outputs to 2000002 scalars per draw', 'above the limit of 2000000', '--limits outputs=N'],
  },
  {
    item: '2: rep_vector(0, 1e9) in transformed data',
    change: (s) => (s['transformed_data'] = { z: { type: 'real', value: 'sum(rep_vector(0, 1000000000))' } }),
    path: 'transformed_data.z.value',
    says: ['would hold 1000000000 elements, above the limit of 100000000', 'column 5'],
  },
  {
    item: '2: a container sized at run time by a loop variable',
    change: (s) => s['model'].push({ for: 'i', from: 1, to: 2, body: [{ target: 'sum(rep_vector(0, i * 1000000000))' }] }),
    path: 'model[3].body[0]',
    says: ['rep_vector: a result of 1000000000 elements is above the limit of 100000000'],
  },
  {
    item: '2: a local of 2^31 elements',
    change: (s) => s['model'].push({ local: 'v', type: 'vector', size: 2 ** 31 }),
    path: 'model[3].size',
    says: ['size 2147483648 exceeds the limit of 100000000 elements'],
  },
  {
    item: '2: a loop of 1e9 iterations, refused before it runs',
    change: (s) => s['model'].push({ for: 'i', from: 1, to: 1e9, body: [{ target: '0' }] }),
    path: 'model[3]',
    says: ['the loop runs 1000000000 times', 'above the limit of 10000000', '--limits iterations=N'],
  },
  {
    item: '2: nested loops that multiply past the limit',
    change: (s, d) => {
      s['data']['K'] = { type: 'int' };
      d['K'] = 100000;
      s['model'].push({ for: 'i', from: 1, to: 'K', body: [{ for: 'j', from: 1, to: 'K', body: [{ target: '0' }] }] });
    },
    path: 'model[3].body[0]',
    says: ['inside loops of 100000 iterations', '10000000000 iterations per evaluation'],
  },
  {
    item: '2: a loop bound known only at run time',
    change: (s) => s['model'].push({ for: 'i', from: 1, to: 2, body: [{ for: 'j', from: 1, to: 'i * 600000000', body: [{ target: '0' }] }] }),
    path: 'model[3].body[0]',
    says: ['brings this evaluation to 600000002 loop iterations', 'above the limit of 10000000'],
  },
  {
    item: '2: a limit lowered by the option',
    change: (s) => s['model'].push({ for: 'i', from: 1, to: 1000, body: [{ target: '0' }] }),
    limits: { maxLoopIterations: 100 },
    path: 'model[3]',
    says: ['above the limit of 100'],
  },
  {
    item: '3: 1,000 nested parentheses',
    change: (s) => (s['model'][2]['args'][0] = `${'('.repeat(1000)}mu${')'.repeat(1000)}`),
    path: 'model[2].args[0]',
    says: ['nests more than 100 levels deep', '--limits depth=N', '(2002 characters)'],
  },
  {
    item: '3: 1,000 nested calls',
    change: (s) => (s['model'][2]['args'][0] = `${'fabs('.repeat(1000)}mu${')'.repeat(1000)}`),
    path: 'model[2].args[0]',
    says: ['nests more than 100 levels deep'],
  },
  {
    item: '3: 10,000 unary minus signs',
    change: (s) => (s['model'][2]['args'][0] = `${'-'.repeat(10000)}mu`),
    path: 'model[2].args[0]',
    says: ['nests more than 100 levels deep'],
  },
  {
    item: '3: 10,000 nested if statements',
    change: (s) => s['model'].push(nest(10000, (inner) => ({ if: '1', then: [inner] }), { target: '0' })),
    path: 'model[3]',
    says: ['statements nest more than 100 levels deep', '--limits depth=N'],
  },
  {
    item: '3: 10,000 nested for statements',
    change: (s) => s['model'].push(nest(10000, (inner) => ({ for: 'i', from: 1, to: 1, body: [inner] }), { target: '0' })),
    path: 'model[3]',
    says: ['statements nest more than 100 levels deep'],
  },
  {
    item: '3: an unused data field nested 10,000 arrays deep',
    change: (_, d) => (d['deep'] = nest(10000, (inner) => [inner] as unknown as Json, [1] as unknown as Json)),
    path: 'data.deep',
    says: ['nests more than 100 levels deep'],
  },
  {
    item: '8: data N = 1e308 used as a size',
    change: (_, d) => (d['N'] = 1e308),
    path: 'data.y.size',
    says: ['size 1e+308 exceeds the limit of 100000000 elements'],
  },
  {
    item: '8: data N = Infinity used as a size',
    change: (_, d) => (d['N'] = 'Inf'),
    path: 'data.N',
    says: ['is Infinity, but must be an integer'],
  },
  {
    item: '8: a size of 2^53 written in the spec',
    change: (s) => s['model'].push({ local: 'v', type: 'vector', size: 2 ** 53 }),
    path: 'model[3].size',
    says: ['is 9007199254740992, but must be at most 9007199254740991'],
  },
  {
    item: '8: matrix[1e308, 0], no element but an axis over the limit',
    change: (s, d) => {
      s['data']['M'] = { type: 'matrix', rows: 'R', cols: 0 };
      s['data']['R'] = { type: 'int' };
      d['R'] = 1e308;
      d['M'] = [];
    },
    path: 'data.M.rows',
    says: ['size 1e+308 exceeds the limit'],
  },
  {
    item: '8: a NaN bound from the data',
    change: (s, d) => {
      s['data']['b'] = { type: 'real' };
      d['b'] = 'NaN';
      s['parameters']['sigma']['lower'] = 'b';
    },
    path: 'parameters.sigma.lower',
    says: ['the lower bound is NaN'],
  },
];

/** Messages that must never reach a user. */
const RAW = /Invalid typed array length|Invalid array length|Maximum call stack|allocation failed/i;

describe('resource limits, nesting and huge sizes (issue 12, items 2, 3, 8)', () => {
  it.each(REFUSALS)('$item → $path', ({ change, path, says, limits }) => {
    const spec = baseSpec();
    const data = baseData();
    change(spec, data);
    const options = limits === undefined ? {} : { limits };
    const result = checkSpec(spec, data, options);
    if (result.ok) throw new Error('the spec was accepted');
    const all = result.issues.map(formatIssue).join('\n');
    const found = result.issues.find((issue) => formatPath(issue.path) === path);
    expect(found, `no issue at ${path}; issues:\n${all}`).toBeDefined();
    for (const piece of says) expect(found!.message, all).toContain(piece);
    expect(all).not.toMatch(RAW);
    // compileSpec refuses it the same way, with a SpecError.
    expect(() => compileSpec(spec, data, options)).toThrow(SpecError);
  });

  it('accepts a flat chain of 10,000 terms, evaluated left to right without recursion', () => {
    const spec = baseSpec();
    spec['model'].push({ target: `-0.5 * square(mu) ${' + 0.0001'.repeat(10000)}` });
    const model = compileSpec(spec, baseData());
    const plain = compileSpec(baseSpec(), baseData());
    const theta = Float64Array.of(0.3, -0.4);
    // The chain adds -0.045 + 10,000 × 0.0001 (= 1, up to rounding in the order written).
    let expected = -0.5 * 0.3 ** 2;
    for (let k = 0; k < 10000; k++) expected += 0.0001;
    expect(model.logDensity(theta) - plain.logDensity(theta)).toBeCloseTo(expected, 12);
    expect(model.logDensityAndGradient(theta).gradient[0]).toBeCloseTo(plain.logDensityAndGradient(theta).gradient[0]! - 0.3, 10);
  });

  it('raises a limit by the option: 300 nested parentheses and a loop over the default', () => {
    const spec = baseSpec();
    spec['model'][2]['args'][0] = `${'('.repeat(300)}mu${')'.repeat(300)}`;
    expect(checkSpec(spec, baseData()).ok).toBe(false);
    expect(checkSpec(spec, baseData(), { limits: { maxDepth: 400 } }).ok).toBe(true);
    // Raised past what JavaScript's stack holds: still one clean issue at the path.
    spec['model'][2]['args'][0] = `${'('.repeat(20000)}mu${')'.repeat(20000)}`;
    const deep = checkSpec(spec, baseData(), { limits: { maxDepth: 30000 } });
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.issues.map(formatIssue)).toEqual([expect.stringMatching(/^model\[2\]\.args\[0\]: cannot parse: .* nests too deeply for JavaScript's stack/)]);
    const loop = baseSpec();
    loop['model'].push({ for: 'i', from: 1, to: 1000, body: [{ target: '0' }] });
    expect(checkSpec(loop, baseData(), { limits: { maxLoopIterations: 100 } }).ok).toBe(false);
    expect(checkSpec(loop, baseData()).ok).toBe(true);
  });

  it('keeps real models in: 1e6 observations, and 10,000 parameters', () => {
    const observations = baseData();
    observations['N'] = 1_000_000;
    observations['y'] = Array.from({ length: 1_000_000 }, (_, k) => Math.sin(k));
    expect(compileSpec(baseSpec(), observations).dim).toBe(2);
    const wide = baseSpec();
    wide['parameters']['theta'] = { type: 'vector', size: 10000 };
    wide['model'].push({ sample: 'theta', distribution: 'normal', args: ['mu', 'sigma'] });
    expect(compileSpec(wide, baseData()).dim).toBe(10002);
  });

  it('refuses a limit that is not a positive number', () => {
    expect(() => checkSpec(baseSpec(), baseData(), { limits: { maxElements: Number.NaN } })).toThrow(/limits\.maxElements is NaN, but must be a positive number/);
    expect(() => checkSpec(baseSpec(), baseData(), { limits: { maxElemnts: 5 } as ResourceLimits })).toThrow(/unknown limit 'maxElemnts'/);
  });
});
