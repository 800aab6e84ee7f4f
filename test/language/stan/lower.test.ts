import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/language/json/compile.js';
import { checkStan, compileStan, stanToSpec, type StanIssue } from '../../../src/language/stan/index.js';
import { makeRng } from '../../../src/random/rng.js';

// posteriordb's own Stan programs, lowered to JSON specs and compiled, against the
// hand-written JSON specs of the same posteriors: the same unconstrained layout, and the
// same log density and gradient at random points, up to the constants where the two are
// written differently.

const root = fileURLToPath(new URL('../../../examples/posteriordb/', import.meta.url));
const posteriors = readdirSync(root).filter((name) => existsSync(join(root, name, 'model.stan')));
const read = (name: string, file: string): string => readFileSync(join(root, name, file), 'utf8');

/**
 * log p(Stan program) − log p(JSON spec), constant in θ. The JSON specs write a positive
 * scale's prior as a half distribution (half_cauchy(s), half_normal(s)) where posteriordb's
 * programs write cauchy(0, s) or normal(0, s) on a parameter declared <lower=0>: the half
 * density is twice the full one on (0, ∞), so each such scalar costs log 2.
 */
const LOG2 = Math.log(2);
const OFFSETS: Readonly<Record<string, number>> = {
  'arK-arK': -LOG2,
  'arma-arma11': -LOG2,
  'eight_schools-eight_schools_centered': -LOG2,
  'eight_schools-eight_schools_noncentered': -LOG2,
  'gp_pois_regr-gp_pois_regr': -LOG2,
  'kidiq-kidscore_interaction': -LOG2,
  'low_dim_gauss_mix-low_dim_gauss_mix': -2 * LOG2,
  'sblrc-blr': -LOG2,
};

/**
 * posteriordb's hmm_drive_0 program reads best_logp[1, 1] in generated quantities before it
 * assigns it (its first loop assigns best_logp[1, K] for every k: a typo for [1, k]). Stan
 * reads an unassigned real as NaN and runs; so does leapfrog, with a warning at the read.
 */
const READS_UNASSIGNED = 'bball_drive_event_0-hmm_drive_0';

const POINTS = 5;

describe('posteriordb Stan programs against the JSON specs', () => {
  it.each(posteriors)('%s: same layout, log density and gradient', (name) => {
    const data = JSON.parse(read(name, 'data.json'));
    const stan = compileStan(read(name, 'model.stan'), data, { fileName: `${name}/model.stan`, warn: () => {} });
    const json = compileSpec(JSON.parse(read(name, 'model.json')), data);
    expect(stan.dim).toBe(json.dim);
    expect(stan.unconstrainedNames).toEqual(json.unconstrainedNames);
    const rng = makeRng(18, 0);
    for (let k = 0; k < POINTS; k++) {
      const theta = Float64Array.from({ length: json.dim }, () => 4 * rng.uniform() - 2);
      // The same point through the other model's transforms: the layouts must agree.
      const mapped = stan.unconstrain(json.constrain(theta));
      for (let i = 0; i < theta.length; i++) expect(Math.abs(mapped[i]! - theta[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(theta[i]!)));
      const a = stan.logDensityAndGradient(theta);
      const b = json.logDensityAndGradient(theta);
      const scale = Math.max(1, Math.abs(b.logDensity));
      expect(Math.abs(a.logDensity - b.logDensity - (OFFSETS[name] ?? 0))).toBeLessThanOrEqual(1e-12 * scale);
      for (let i = 0; i < theta.length; i++) expect(Math.abs(a.gradient[i]! - b.gradient[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b.gradient[i]!)) * Math.max(1, scale / 100));
    }
  });

  it(`${READS_UNASSIGNED}: the read of an unassigned real is a warning at its line and column, and reads NaN as in Stan`, () => {
    const data = JSON.parse(read(READS_UNASSIGNED, 'data.json'));
    const source = read(READS_UNASSIGNED, 'model.stan');
    const warnings: StanIssue[] = [];
    const model = compileStan(source, data, { fileName: 'model.stan', warn: (w) => warnings.push(w) });
    expect(warnings.map((w) => [w.line, w.column, w.detail])).toEqual([
      [67, 18, "best_logp[1,1] (an element of local 'best_logp') is read before it is assigned, so it reads NaN (as in Stan)"],
    ]);
    const checked = checkStan(source, data, { fileName: 'model.stan' });
    expect(checked.ok && checked.warnings.map((w) => w.message)).toEqual(warnings.map((w) => w.message));
    // Stan's Viterbi with best_logp[1, 1] = NaN: from t = 2 every path comes from state 2 (NaN > x is
    // false), so z_star[1] = back_ptr[2, z_star[2]] = 2, and the decoded path is finite.
    const outputs = model.outputs(new Float64Array(model.dim), makeRng(1, 0));
    const at = (name: string): number => outputs[model.outputNames.indexOf(name)]!;
    expect(Number.isFinite(at('log_p_z_star'))).toBe(true);
    expect(at('z_star[1]')).toBe(2);
    for (let t = 1; t <= data.N; t++) expect([1, 2]).toContain(at(`z_star[${t}]`));
  });
});

describe('both syntaxes', () => {
  it.each(posteriors)('%s: model.stan and model_pre_2_33.stan lower to one spec', (name) => {
    expect(stanToSpec(read(name, 'model_pre_2_33.stan'))).toEqual(stanToSpec(read(name, 'model.stan')));
  });
});
