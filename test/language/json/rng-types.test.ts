import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { formatIssue } from '../../../src/language/json/errors.js';
import { checkStan, compileStan, type StanIssue } from '../../../src/language/stan/index.js';
import { makeRng } from '../../../src/random/rng.js';

// Stan's vectorised _rng functions return arrays whatever container they are given
// (functions reference, "Vectorized PRNG functions"): normal_rng(vector, real) is an
// array[] real, poisson_rng(vector) an array[] int. So `array[M] real y = normal_rng(f, s)`
// is accepted, and a vector is made with to_vector(...).

const data = { M: 3, f: [1, 2, 3] };
const program = (gq: string): string => `data { int M; vector[M] f; }\nparameters { real<lower=0> s; }\nmodel { s ~ exponential(1); }\ngenerated quantities {\n${gq}\n}\n`;

describe('vectorised _rng functions return arrays, as in Stan', () => {
  it.each([
    ['array[M] real y = normal_rng(f, s);', 'array[3] real'],
    ['array[M] real y = normal_rng(f\', s);', 'array[3] real'],
    ['array[M] real y = normal_rng(to_array_1d(f), s);', 'array[3] real'],
    ['array[M] int y = poisson_rng(exp(f));', 'array[3] int'],
    ['array[M] int y = bernoulli_logit_rng(f);', 'array[3] int'],
    ['vector[M] y = to_vector(normal_rng(f, s));', 'vector[3]'],
    ['real y = normal_rng(0, s);', 'real'],
  ])('%s', (statement, type) => {
    const result = checkStan(program(statement), data);
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
    expect(result.quantities.find((q) => q.name === 'y')?.type).toBe(type);
  });

  it('a draw from a vector of locations has one element per location', () => {
    const model = compileStan(program('array[M] real y = normal_rng(f, 1e-9);'), data);
    const outputs = model.outputs(new Float64Array(model.dim), makeRng(3, 0));
    const y = ['y[1]', 'y[2]', 'y[3]'].map((name) => outputs[model.outputNames.indexOf(name)]!);
    for (let k = 0; k < 3; k++) expect(y[k]).toBeCloseTo(data.f[k]!, 6);
  });

  it('a vector declared from a vectorised _rng call is refused as Stan refuses it, with the conversion', () => {
    const result = checkStan(program('  vector[M] y = normal_rng(f, s);'), data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect((result.issues as readonly StanIssue[]).map((i) => [i.line, i.column, i.detail])).toEqual([
      [5, 17, "'y' is declared vector[3], but the value is an array[3] real; to_vector(...) converts it (an _rng function returns an array, as in Stan)"],
    ]);
  });

  const spec = (generated: unknown) => ({
    data: { M: { type: 'int' }, f: { type: 'vector', size: 'M' } },
    parameters: { s: { type: 'real', lower: 0 } },
    model: [{ sample: 's', distribution: 'exponential', args: ['1'] }],
    generated_quantities: generated,
  });

  it('the JSON spec equivalent: an array of reals, and a vector refused with the conversion', () => {
    const ok = checkSpec(spec({ y: { type: 'real', array: ['M'], value: 'normal_rng(f, s)' } }), data);
    if (!ok.ok) throw new Error(ok.issues.map(formatIssue).join('\n'));
    expect(ok.quantities.find((q) => q.name === 'y')?.type).toBe('array[3] real');
    expect(compileSpec(spec({ y: { type: 'vector', size: 'M', value: 'to_vector(normal_rng(f, s))' } }), data).outputNames).toContain('y[3]');
    const refused = checkSpec(spec({ y: { type: 'vector', size: 'M', value: 'normal_rng(f, s)' } }), data);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues.map(formatIssue)).toEqual([
      "generated_quantities.y.value: 'y' is declared vector[3], but the value is an array[3] real; to_vector(...) converts it (an _rng function returns an array, as in Stan)",
    ]);
  });

  it('assigning a vectorised draw to a vector is refused with the conversion (JSON statements)', () => {
    const result = checkSpec(
      spec([
        { declare: 'y', type: 'vector', size: 'M' },
        { assign: 'y', value: 'normal_rng(f, s)' },
      ]),
      data,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatIssue)[0]).toMatch(/'y' is a vector\[3\], but the value is an array\[3\] real; to_vector\(\.\.\.\) converts it/);
  });
});
