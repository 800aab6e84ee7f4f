import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { formatIssue, formatPath } from '../../../src/language/json/errors.js';

// Mistakes in specs and data, each reported at its exact JSON path with a message that
// says what was expected and, where there is one, the fix (STYLE.md rule 14).

type Json = Record<string, any>;

const baseSpec = (): Json => ({
  data: {
    J: { type: 'int', lower: 1 },
    y: { type: 'vector', size: 'J' },
    sigma: { type: 'vector', size: 'J', lower: 0 },
  },
  parameters: {
    mu: { type: 'real' },
    tau: { type: 'real', lower: 0 },
    theta_raw: { type: 'vector', size: 'J' },
  },
  transformed_parameters: { theta: { type: 'vector', size: 'J', value: 'mu + tau * theta_raw' } },
  model: [
    { sample: 'mu', distribution: 'normal', args: ['0', '5'] },
    { sample: 'tau', distribution: 'half_cauchy', args: ['5'] },
    { sample: 'theta_raw', distribution: 'normal', args: ['0', '1'] },
    { sample: 'y', distribution: 'normal', args: ['theta', 'sigma'] },
  ],
});

const baseData = (): Json => ({ J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] });

interface Mistake {
  readonly mistake: string;
  readonly change: (spec: Json, data: Json) => void;
  /** The JSON path of the issue, as printed. */
  readonly path: string;
  /** Pieces the message must contain: what is expected, and the fix. */
  readonly says: readonly string[];
  /** Check without data (only the spec). */
  readonly withoutData?: boolean;
}

const statement = (spec: Json, k: number): Json => spec['model'][k];

const MISTAKES: readonly Mistake[] = [
  {
    mistake: 'unknown distribution, with the nearest name',
    change: (s) => (statement(s, 0)['distribution'] = 'normall'),
    path: 'model[0].distribution',
    says: ['unknown distribution "normall"', "did you mean 'normal'?"],
  },
  {
    mistake: 'a distribution with too few arguments',
    change: (s) => (statement(s, 0)['args'] = ['0']),
    path: 'model[0].args',
    says: ['normal takes 2 arguments (mu, sigma), but 1 was given'],
  },
  {
    mistake: 'a bound that uses a parameter declared later',
    change: (s) => (s['parameters']['tau']['upper'] = 'theta_raw[1] + 10'),
    path: 'parameters.tau.upper',
    says: ["'theta_raw' is used before it is defined", 'parameter declared at parameters.theta_raw', 'at column 1'],
  },
  {
    mistake: 'a local used before the statement that defines it',
    change: (s) => s['model'].splice(0, 0, { target: '-square(z)' }, { local: 'z', value: 'mu' }),
    path: 'model[0].target',
    says: ["'z' is used before it is defined", 'local variable declared at model[1].local'],
  },
  {
    mistake: 'a misspelt name, with a suggestion',
    change: (s) => (statement(s, 3)['args'] = ['thta', 'sigma']),
    path: 'model[3].args[0]',
    says: ["unknown name 'thta'", "did you mean 'theta'?", 'at column 1'],
  },
  {
    mistake: 'vectorised arguments of different sizes',
    change: (s) => (statement(s, 3)['args'] = ['theta[1:4]', 'sigma']),
    path: 'model[3]',
    says: ['normal: mu is a vector[4], but the outcome is a vector[8]', 'must have one shape'],
  },
  {
    mistake: 'a real index',
    change: (s) => (statement(s, 0)['sample'] = 'y[1.5]'),
    path: 'model[0].sample',
    says: ['an index must be an int', 'but this is a real', 'column 3'],
  },
  {
    mistake: 'an unknown key in a statement',
    change: (s) => (statement(s, 0)['weight'] = 2),
    path: 'model[0].weight',
    says: ['unknown key "weight"'],
  },
  {
    mistake: 'a misspelt key in a declaration',
    change: (s) => {
      s['data']['y'] = { type: 'vector', sise: 'J' };
    },
    path: 'data.y.sise',
    says: ['unknown key "sise"', "did you mean 'size'?"],
  },
  {
    mistake: 'a value of the wrong JSON type',
    change: (s) => (s['data']['sigma']['lower'] = true),
    path: 'data.sigma.lower',
    says: ['expected a number or a string (an expression), got a boolean'],
  },
  {
    mistake: 'a data field missing',
    change: (_, d) => delete d['sigma'],
    path: 'data.sigma',
    says: ['is missing from the data', 'declared vector[8] with J = 8 at data.sigma'],
  },
  {
    mistake: 'data of the wrong length',
    change: (_, d) => (d['y'] = [1, 2, 3, 4, 5, 6, 7]),
    path: 'data.y',
    says: ['has 7 numbers, but 8 are expected', 'vector[8] with J = 8'],
  },
  {
    mistake: 'data outside its declared bound',
    change: (_, d) => (d['sigma'][2] = -1),
    path: 'data.sigma[2]',
    says: ['sigma[3] (1-based) is -1, but must be ≥ 0 (declared at data.sigma.lower)'],
  },
  {
    mistake: 'a non-integer int',
    change: (_, d) => (d['J'] = 8.5),
    path: 'data.J',
    says: ['is 8.5, but must be an integer'],
  },
  {
    mistake: 'a string where data must be numbers',
    change: (_, d) => (d['y'][0] = 'twenty-eight'),
    path: 'data.y[0]',
    says: ['y[1] is the string "twenty-eight", but must be a number'],
  },
  {
    mistake: 'data that are not an object',
    change: () => undefined,
    path: 'data',
    says: ['the data must be a JSON object', 'got an array'],
  },
  {
    mistake: 'a bound of the wrong shape',
    change: (s) => (s['parameters']['tau']['lower'] = 'sigma'),
    path: 'parameters.tau.lower',
    says: ['a bound must be a scalar or have the shape of the value (real)', '"sigma" is a vector[8]'],
  },
  {
    mistake: 'a bound that does not parse',
    change: (s) => (s['parameters']['tau']['lower'] = '0 +'),
    path: 'parameters.tau.lower',
    says: ['cannot parse', 'at its end (column 4)'],
  },
  {
    mistake: 'an empty model block',
    change: (s) => (s['model'] = []),
    path: 'model',
    says: ['the model block is empty', 'add the priors and the likelihood'],
  },
  {
    mistake: 'an expression that does not parse',
    change: (s) => (statement(s, 0)['args'] = ['0', '5 * * 2']),
    path: 'model[0].args[1]',
    says: ["cannot parse: expected a number, a name, '(', '[' or '{' but found '*'", 'at column 5'],
  },
  {
    mistake: 'a negative size',
    change: (s) => (s['parameters']['theta_raw']['size'] = -1),
    path: 'parameters.theta_raw.size',
    says: ['must be at least 0, got -1'],
  },
  {
    mistake: 'a size that is not a whole number',
    change: (s) => (s['parameters']['theta_raw']['size'] = 2.5),
    path: 'parameters.theta_raw.size',
    says: ['expected a whole number or an expression, got 2.5'],
  },
  {
    mistake: 'a size expression that is negative for these data',
    change: (s) => (s['parameters']['theta_raw']['size'] = 'J - 10'),
    path: 'parameters.theta_raw.size',
    says: ['size "J - 10" is -2, but a size must be non-negative'],
  },
  {
    mistake: 'a size that is not an int',
    change: (s) => (s['parameters']['theta_raw']['size'] = 'J / 2.0'),
    path: 'parameters.theta_raw.size',
    says: ['a size must be an int, but "J / 2.0" is a real'],
  },
  {
    mistake: 'a discrete parameter',
    change: (s) => (s['parameters']['k'] = { type: 'int' }),
    path: 'parameters.k.type',
    says: ['parameters are continuous', 'marginalise'],
  },
  {
    mistake: 'a misspelt type',
    change: (s) => (s['data']['y']['type'] = 'vectr'),
    path: 'data.y.type',
    says: ['"vectr" is not a type allowed here', "did you mean 'vector'?"],
  },
  {
    mistake: 'a matrix times a vector of the wrong size',
    change: (s, d) => {
      s['data']['X'] = { type: 'matrix', rows: 'J', cols: 3 };
      d['X'] = Array.from({ length: 8 }, () => [1, 0, 0]);
      statement(s, 3)['args'] = ['X * theta', 'sigma'];
    },
    path: 'model[3].args[0]',
    says: ['matrix * vector: the inner sizes differ (3 and 8) in matrix[8, 3] * vector[8]'],
  },
  {
    mistake: 'a sum of vectors whose sizes are unknown without data is accepted, then rejected with data',
    change: (s) => (statement(s, 3)['args'] = ['theta + rep_vector(0, 3)', 'sigma']),
    path: 'model[3].args[0]',
    says: ["'+' needs operands of one shape, but their sizes differ: 8 and 3"],
  },
  {
    mistake: 'the product of two vectors',
    change: (s) => (statement(s, 3)['args'] = ['theta * sigma', 'sigma']),
    path: 'model[3].args[0]',
    says: ["'*' is not defined between two vectors", "use '.*' for the elementwise product or dot_product(a, b)"],
  },
  {
    mistake: 'integer division',
    change: (s) => (statement(s, 0)['args'] = ['J / 2', '5']),
    path: 'model[0].args[0]',
    says: ["both operands of '/' are int", 'Write 1.0 * a / b for real division'],
  },
  {
    mistake: 'a misspelt function',
    change: (s) => s['model'].push({ target: '-lgo(tau)' }),
    path: 'model[4].target',
    says: ["unknown function 'lgo'", "did you mean 'log'?"],
  },
  {
    mistake: 'a function with too many arguments',
    change: (s) => s['model'].push({ target: 'log_sum_exp(mu, tau, 1)' }),
    path: 'model[4].target',
    says: ['log_sum_exp takes 1 or 2 arguments, but 3 were given'],
  },
  {
    mistake: 'an assignment to data',
    change: (s) => s['model'].push({ assign: 'y', value: 'theta' }),
    path: 'model[4].assign',
    says: ["cannot assign to 'y': it is a data", 'only the variables of the block being run (and its locals) can be assigned'],
  },
  {
    mistake: 'a name declared twice',
    change: (s) => (s['parameters']['sigma'] = { type: 'real' }),
    path: 'parameters.sigma',
    says: ["'sigma' is already declared at data.sigma", 'must be unique'],
  },
  {
    mistake: 'a random draw in the model block',
    change: (s) => s['model'].push({ target: 'normal_rng(0, 1)' }),
    path: 'model[4].target',
    says: ['normal_rng draws random numbers, which only generated quantities may do'],
  },
  {
    mistake: 'a density call without the bar',
    change: (s) => s['model'].push({ target: 'normal_lpdf(y, theta, sigma)' }),
    path: 'model[4].target',
    says: ["write normal_lpdf(y | mu, sigma): a '|' separates the outcome from the parameters"],
  },
  {
    mistake: 'a mass function of a continuous distribution',
    change: (s) => s['model'].push({ target: 'normal_lpmf(y | theta, sigma)' }),
    path: 'model[4].target',
    says: ['normal is continuous: use normal_lpdf, not normal_lpmf'],
  },
  {
    mistake: 'a discrete distribution for real data',
    change: (s) => (s['model'][3] = { sample: 'y', distribution: 'poisson', args: ['exp(theta)'] }),
    path: 'model[3]',
    says: ['poisson is a distribution of integers, but the outcome is a vector[8]', 'declare it as int or int_array'],
  },
  {
    mistake: 'observed counts outside the support',
    change: (s, d) => {
      s['data']['k'] = { type: 'int_array', size: 'J' };
      d['k'] = [1, 0, 3, -1, 2, 0, 1, 1];
      s['model'][3] = { sample: 'k', distribution: 'poisson', args: ['exp(theta)'] };
    },
    path: 'model[3].sample',
    says: ['element 4 (1-based) of "k" is -1, outside the support of poisson'],
  },
  {
    mistake: 'a distribution parameter that breaks its rule in the data',
    change: (s, d) => {
      s['data']['scale'] = { type: 'vector', size: 'J' };
      d['scale'] = [1, 1, -2, 1, 1, 1, 1, 1];
      s['model'][2] = { sample: 'theta_raw', distribution: 'normal', args: ['0', 'scale'] };
    },
    path: 'model[2].args[1]',
    says: ['normal: sigma[2] is -2, but must be positive'],
  },
  {
    mistake: 'an int local read before it is assigned (found by the trial evaluation; a real reads NaN, as in Stan, with a warning)',
    change: (s) => s['model'].push({ local: 'z', type: 'int' }, { target: 'z' }),
    path: 'model[5]',
    says: ["local 'z' is an int read before it is assigned"],
  },
  {
    mistake: 'an index out of range in a loop (found by the trial evaluation)',
    change: (s) => s['model'].push({ for: 'j', from: 1, to: 'J + 1', body: [{ target: '-square(theta[j])' }] }),
    path: 'model[4].body[0]',
    says: ["'theta' (vector[8]): index 9 is out of range; valid indices are 1 to 8 (1-based)"],
  },
  {
    mistake: 'an object that is no statement, with the nearest key',
    change: (s) => (s['model'][0] = { sampel: 'mu', distribution: 'normal', args: ['0', '5'] }),
    path: 'model[0]',
    says: ['expected a statement: an object with one of the keys "sample", "target"', 'did you mean "sample"?'],
  },
  {
    mistake: 'a condition that is not a scalar',
    change: (s) => s['model'].push({ if: 'theta', then: [{ target: '-tau' }] }),
    path: 'model[4].if',
    says: ['a condition must be an int (such as a comparison) or a real, but "theta" is a vector[8]'],
  },
  {
    mistake: 'a transformed parameter whose value has another shape',
    change: (s) => (s['transformed_parameters']['theta']['value'] = 'mu + tau'),
    path: 'transformed_parameters.theta.value',
    says: ["'theta' is declared vector[8], but the value is a real"],
  },
  {
    mistake: 'a size that depends on a parameter',
    change: (s) => s['model'].push({ local: 'z', type: 'vector', size: 'J * (tau > 1)' }),
    path: 'model[4].size',
    says: ['a size must be known before sampling', 'depends on parameters'],
  },
  {
    mistake: 'a spec without parameters',
    change: (s) => {
      s['parameters'] = {};
      s['transformed_parameters'] = {};
      s['model'] = [{ target: '-sum(square(y))' }];
    },
    path: 'parameters',
    says: ['the model has no parameters; declare at least one'],
  },
  {
    mistake: 'vector plus row vector',
    change: (s) => (statement(s, 3)['args'] = ["theta + sigma'", 'sigma']),
    path: 'model[3].args[0]',
    says: ["'+' is not defined between a vector[8] and a row_vector[8]", "transpose one of them with '"],
  },
];

describe('spec and data mistakes: path, expectation and fix', () => {
  it('covers at least 30 distinct mistakes', () => {
    expect(new Set(MISTAKES.map((m) => m.mistake)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(MISTAKES)('$mistake → $path', ({ mistake, change, path, says, withoutData }) => {
    const spec = baseSpec();
    const data: unknown = mistake === 'data that are not an object' ? [8] : baseData();
    change(spec, data as Json);
    const result = checkSpec(spec, withoutData === true ? undefined : data);
    if (result.ok) throw new Error(`${mistake}: the spec was accepted`);
    const found = result.issues.find((i) => formatPath(i.path) === path);
    const all = result.issues.map(formatIssue).join('\n');
    expect(found, `no issue at ${path}; issues:\n${all}`).toBeDefined();
    for (const piece of says) expect(found!.message, all).toContain(piece);
  });

  it('reports independent mistakes together, each once', () => {
    const spec = baseSpec();
    statement(spec, 0)['args'] = ['0', 'fivee'];
    statement(spec, 3)['args'] = ['thta', 'sigma'];
    const result = checkSpec(spec, baseData());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => formatPath(i.path))).toEqual(['model[0].args[1]', 'model[3].args[0]']);
  });

  it('does not cascade: a local whose value fails is not reported again where it is used', () => {
    const spec = baseSpec();
    spec['model'].push({ local: 'z', value: 'mu + thta' }, { target: '-square(z)' }, { target: '-square(z + 1)' });
    const result = checkSpec(spec, baseData());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => formatPath(i.path))).toEqual(['model[4].value']);
  });

  it('reports the spec as invalid JSON text', () => {
    const result = checkSpec('{ "parameters": ', baseData());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toContain('the spec is not valid JSON');
  });
});
