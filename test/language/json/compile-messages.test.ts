import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { compileSpecWithWarnings } from '../../../src/language/json/warnings.js';
import { SpecError, formatIssue } from '../../../src/language/json/errors.js';

// Issue 12, item 10 (messages): a spec compiles through the TypeScript model API, which wraps
// what the blocks throw in its own words ("MyModel.compile: the model block threw: ..."). A
// spec's author wrote none of that: each error is reported at the JSON path of the piece of
// the spec it came from, in that piece's own words, without internal prefixes.

type Json = Record<string, any>;

const baseSpec = (): Json => ({
  name: 'MyModel',
  data: { N: { type: 'int' }, y: { type: 'vector', size: 'N' } },
  parameters: { mu: { type: 'real' }, sigma: { type: 'real', lower: 0 } },
  model: [
    { sample: 'mu', distribution: 'normal', args: ['0', '5'] },
    { sample: 'sigma', distribution: 'half_normal', args: ['1'] },
    { sample: 'y', distribution: 'normal', args: ['mu', 'sigma'] },
  ],
});

const baseData = (): Json => ({ N: 3, y: [0.2, 1.4, -0.3] });

interface Located {
  readonly problem: string;
  readonly change: (spec: Json) => void;
  /** The whole issue as printed: path, then message. */
  readonly issue: RegExp;
}

const CASES: readonly Located[] = [
  {
    problem: 'a transformed parameter outside its bound at every trial point',
    change: (s) => (s['transformed_parameters'] = { shifted: { type: 'real', lower: 0, value: 'mu - 100' } }),
    issue: /^transformed_parameters\.shifted: shifted is -?\d+(\.\d+)?, but must be ≥ 0 \(its lower bound\) \(declared real<lower=0>\); this happens at θ = 0 and at 10 random points, so sampling cannot start$/,
  },
  {
    problem: 'a model statement that rejects every point',
    change: (s) => s['model'].push({ sample: 'mu', distribution: 'normal', args: ['0', '-exp(sigma)'] }),
    issue: /^model\[3\]: normal: sigma is -\d.*, but must be positive; this happens at θ = 0 and at 10 random points, so sampling cannot start$/,
  },
  {
    problem: 'an index out of range, found when the model block first runs',
    change: (s) => s['model'].push({ target: 'y[mu > 100 ? 1 : 4]' }),
    issue: /^model\[3\]: 'y' \(vector\[3\]\): index 4 is out of range; valid indices are 1 to 3 \(1-based\)$/,
  },
  {
    problem: 'a generated quantity that fails when its shape is found',
    change: (s) => (s['generated_quantities'] = { g: { type: 'real', value: 'y[mu > 100 ? 1 : 7]' } }),
    issue: /^generated_quantities\.g: 'y' \(vector\[3\]\): index 7 is out of range/,
  },
  {
    problem: "a bound that depends on a parameter and fails",
    change: (s) => (s['parameters']['sigma']['lower'] = 'y[mu > 100 ? 1 : 9] * 0'),
    issue: /^parameters\.sigma\.lower: 'y' \(vector\[3\]\): index 9 is out of range/,
  },
  {
    problem: 'bounds that depend on a parameter and cross at every trial point',
    change: (s) => (s['parameters']['tau'] = { type: 'real', lower: 'mu', upper: 'mu - 1' }),
    issue: /^parameters\.tau\.upper: the lower bound -?\d.* is not below the upper bound -?\d.*; this happens at θ = 0 and at 10 random points, so sampling cannot start$/,
  },
  {
    problem: 'an int local read before it is assigned (a real reads NaN instead, with a warning)',
    change: (s) => s['model'].push({ local: 'z', type: 'int' }, { target: 'z' }),
    issue: /^model\[4\]: local 'z' is an int read before it is assigned \(Stan reads -2147483648 there; an int has no NaN\): assign it first$/,
  },
];

describe('compile errors name the piece of the spec, not the model API (issue 12, item 10)', () => {
  it.each(CASES)('$problem', ({ change, issue }) => {
    const spec = baseSpec();
    change(spec);
    const result = checkSpec(spec, baseData());
    if (result.ok) throw new Error('the spec was accepted');
    const printed = result.issues.map(formatIssue);
    expect(printed).toEqual([expect.stringMatching(issue)]);
    for (const line of printed) expect(line).not.toMatch(/\.compile:|defineModel\(|threw:/);
    // compileSpec throws the same issue.
    let thrown: unknown;
    try {
      compileSpec(spec, baseData());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).issues.map(formatIssue)).toEqual(printed);
  });
});

describe("a real read before it is assigned reads NaN, as in Stan's, with a warning at the read", () => {
  // The model block reads z[2], never assigned: Stan reads NaN there (its reals start as NaN)
  // and runs; is_nan(z[2]) is then true, and target gets 0 from that statement.
  const change = (s: Json): void =>
    s['model'].push(
      { local: 'z', type: 'vector', size: 'N' },
      { assign: 'z[1]', value: 'mu' },
      { print: ['z[1] + z[2]'] },
      { target: 'is_nan(z[2]) ? 0 : negative_infinity()' },
    );

  it('checkSpec: valid, with one warning at the expression that reads it (print writes nowhere in the trial, so reads nothing)', () => {
    const spec = baseSpec();
    change(spec);
    const result = checkSpec(spec, baseData());
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.warnings.map(formatIssue)).toEqual([
      `model[6].target: z[2] (an element of local 'z') is read before it is assigned, so it reads NaN (as in Stan), in "is_nan(z[2]) ? 0 : negative_infinity()", at column 8 ('z[2]')`,
    ]);
  });

  it('compileSpec: the model runs, with the NaN read; compileSpecWithWarnings also returns the warning', () => {
    const spec = baseSpec();
    change(spec);
    const printed: string[] = [];
    const { model, warnings } = compileSpecWithWarnings(spec, baseData(), { print: (line) => printed.push(line) });
    expect(warnings.map(formatIssue)).toEqual([expect.stringMatching(/^model\[6\]\.target: z\[2\] .* is read before it is assigned/)]);
    expect(compileSpecWithWarnings(baseSpec(), baseData()).warnings).toEqual([]);
    const plain = compileSpec(baseSpec(), baseData());
    const theta = Float64Array.from([0.3, -0.2]);
    expect(model.logDensity(theta)).toBe(plain.logDensity(theta));
    expect(compileSpec(spec, baseData(), { print: () => {} }).logDensity(theta)).toBe(plain.logDensity(theta));
    printed.length = 0;
    model.logDensity(theta);
    expect(printed).toEqual(['nan']);
  });

  it('an int array element read before it is assigned is an error naming it', () => {
    const spec = baseSpec();
    spec['model'].push({ local: 'k', type: 'int', array: [2] }, { assign: 'k[1]', value: '1' }, { target: 'k[2]' });
    const result = checkSpec(spec, baseData());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatIssue)).toEqual([expect.stringMatching(/^model\[5\]: k\[2\] \(an element of local 'k'\) is an int read before it is assigned \(Stan reads -2147483648 there/)]);
  });
});
