import { describe, expect, it } from 'vitest';
import { StanModelError, StanSyntaxError, checkStan, compileStan, stanToSpec } from '../../../src/language/stan/index.js';

// compileStan: a Stan program lowered to a spec and compiled by the spec's checker, with
// every problem shown at its line and column in the program; what the spec cannot hold is
// refused by name.

/** The first problem compileStan reports: [line, column, message]. */
function problem(source: string, data: unknown = {}): [number, number, string] {
  try {
    compileStan(source, data);
  } catch (error) {
    if (error instanceof StanModelError) return [error.issues[0]!.line, error.issues[0]!.column, error.issues[0]!.detail];
    if (error instanceof StanSyntaxError) return [error.line, error.column, error.detail];
    throw error;
  }
  throw new Error('expected a problem, but the program compiled');
}

const normalModel = (likelihood: string): string => `data {\n  int N;\n  vector[N] y;\n}\nparameters {\n  real mu;\n  real<lower=0> sigma;\n}\nmodel {\n  ${likelihood}\n}\n`;
const data = { N: 3, y: [1, 2, 3] };

describe('compileStan: problems at their place', () => {
  it.each([
    ['an unknown name, at the name', normalModel('y ~ normal(mu, sigm);'), data, [10, 18, "unknown name 'sigm' (did you mean 'sigma'?)"]],
    ['an unknown distribution, at its name', normalModel('y ~ normall(mu, sigma);'), data, [10, 7, "normall"]],
    ['a shape mismatch, at the argument', normalModel('target += normal_lpdf(y | mu, [1, 2]);'), data, [10, 13, 'normal: sigma is a row_vector[2], but the outcome is a vector[3]']],
    ['missing data, at the declaration', normalModel('y ~ normal(mu, sigma);'), { N: 3 }, [3, 13, "the data for 'y'"]],
    ['data out of its bounds', 'data {\n  int<lower=1> N;\n}\nparameters {\n  real mu;\n}\nmodel {\n  mu ~ normal(0, N);\n}\n', { N: 0 }, [2, 16, "the data for 'N'"]],
    ['an index in an expression deep inside', normalModel('for (n in 1:N) target += normal_lpdf(y[n] | mu + log(sigma * nn), 1);'), data, [10, 64, "unknown name 'nn'"]],
  ] as const)('%s', (_, source, given, [line, column, text]) => {
    const [l, c, message] = problem(source, given);
    expect([l, c]).toEqual([line, column]);
    expect(message).toContain(text);
  });

  it('lists every problem, each with an excerpt and a caret', () => {
    let error: unknown;
    try {
      compileStan(normalModel('mu ~ normal(0, scale);\n  y ~ normal(mu, sigm);'), data, { fileName: 'two.stan' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StanModelError);
    const issues = (error as StanModelError).issues;
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [10, 18],
      [11, 18],
    ]);
    expect((error as Error).message).toContain("two.stan, line 11, column 18: unknown name 'sigm'");
    expect((error as Error).message).toMatch(/ 11: {4}y ~ normal\(mu, sigm\);\n {25}\^/);
  });

  it('checkStan gives the quantities, or the problems at their places', () => {
    const ok = checkStan(normalModel('y ~ normal(mu, sigma);'), data);
    expect(ok.ok && ok.quantities.map((q) => `${q.name} ${q.type}`)).toEqual(['mu real', 'sigma real<lower=0>']);
    const bad = checkStan(normalModel('y ~ normal(mu, sigm);'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]!.message).toMatch(/^model\.stan, line 10, column 18: unknown name 'sigm'/);
  });
});

describe('compileStan: constructs with no spec form are refused by name', () => {
  it.each([
    ['jacobian +=', 'parameters {\n  real mu;\n}\ntransformed parameters {\n  real e = exp(mu);\n  jacobian += mu;\n}\nmodel {\n  e ~ normal(0, 1);\n}\n', [6, 3, "'jacobian +=' is not supported yet"]],
    ['a bracket literal of unknown elements', 'parameters {\n  real mu;\n}\nmodel {\n  target += sum([rep_row_vector(mu, 2), rep_row_vector(1, 2)]);\n}\n', [5, 17, 'Cannot tell whether the elements']],
  ] as const)('%s', (_, source, [line, column, text]) => {
    const [l, c, message] = problem(source);
    expect([l, c]).toEqual([line, column]);
    expect(message).toContain(text);
  });
});

describe('matrix left division', () => {
  it('solves A x = b', () => {
    const model = compileStan('data {\n  matrix[2, 2] A;\n  vector[2] b;\n}\nparameters {\n  real mu;\n}\nmodel {\n  target += sum(A \\ b) * mu;\n}\n', { A: [[2, 0], [1, 1]], b: [2, 3] });
    // x = (1, 2): the density is 3 mu.
    expect(model.logDensity(Float64Array.of(0.5))).toBeCloseTo(1.5, 12);
  });
});

describe('Stan bracket literals in the spec', () => {
  const spec = stanToSpec(
    'parameters {\n  real mu;\n}\nmodel {\n  row_vector[2] r = [mu, 2];\n  vector[2] v = [mu, 2]\';\n  matrix[2, 2] m = [[1, mu], [mu, 1]];\n  matrix[2, 2] n = [r, r];\n  target += r * v + sum(m) + sum(n);\n}\n',
  ) as { model: { value?: string }[] };
  it("keep their meaning: [a, b] is a row vector, [a, b]' a vector, rows make a matrix", () => {
    expect(spec.model.slice(0, 4).map((s) => s.value)).toEqual(["[mu, 2]'", '[mu, 2]', '[[1, mu], [mu, 1]]', '[r, r]']);
  });
  it('and compile to the same density', () => {
    const model = compileStan('parameters {\n  real mu;\n}\nmodel {\n  row_vector[2] r = [mu, 2];\n  vector[2] v = [mu, 2]\';\n  matrix[2, 2] m = [[1, mu], [mu, 1]];\n  target += r * v + sum(m);\n}\n');
    const mu = 0.7;
    expect(model.logDensity(Float64Array.of(mu))).toBeCloseTo(mu * mu + 4 + 2 + 2 * mu, 12);
  });
});
