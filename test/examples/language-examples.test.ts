import { describe, expect, it } from 'vitest';
import erfc from '@stdlib/math-base-special-erfc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { readFileSync } from 'node:fs';
import { compileSpec, compileStan, loadSpec, makeRng, SpecError, StanModelError, type Tensor } from '../../src/index.js';
import {
  dirichletLogDensity,
  groupsPosterior,
  studentLocationLogPosterior,
  studentLocationPosterior,
  truncatedLogPosterior,
  truncatedPosterior,
  type GroupsData,
  type StudentLocationData,
  type TruncatedData,
} from '../../examples/language/reference.js';
import { readJson } from './plain-math.js';
import { gradientError, randomPoints } from './support.js';

// The modelling-language examples (examples/language) against their references: the grouped
// Dirichlet–multinomial's posterior is Dirichlet(alpha + y[g]) per group, so the model's
// log density equals that closed form plus the log marginal likelihood, itself in closed
// form; the truncated-normal model against its density written with plain numbers. Their
// posterior moments from NUTS against the closed form and quadrature are checked by
// scripts/check-language-examples.ts, whose results (test/fixtures/language-examples.json)
// are checked here against the current references.

const groupsData = readJson('examples/language/dirichlet_multinomial_groups.data.json') as GroupsData;
const truncatedData = readJson('examples/language/truncated_normal.data.json') as TruncatedData;
const groups = compileSpec(loadSpec('examples/language/dirichlet_multinomial_groups.json'), groupsData, { print: () => {} });
const truncated = compileSpec(loadSpec('examples/language/truncated_normal.json'), truncatedData, { print: () => {} });
const studentSource = readFileSync(new URL('../../examples/language/user_density.stan', import.meta.url), 'utf8');
const studentData = readJson('examples/language/user_density.data.json') as StudentLocationData;
const student = compileStan(studentSource, studentData, { fileName: 'user_density.stan' });

const rowsOf = (t: Tensor, size: number): number[][] => Array.from({ length: t.data.length / size }, (_, g) => Array.from(t.data.slice(g * size, (g + 1) * size)));

describe('dirichlet_multinomial_groups: array of simplexes, 2-D int data, multinomial over rows', () => {
  // log p(y | alpha) = Σ_g [log n_g! − Σ_k log y_gk! + log Γ(Σα) − Σ log Γ(α_k) + Σ log Γ(α_k + y_gk) − log Γ(Σα + n_g)].
  const logMarginal = groupsData.y.reduce((total, row) => {
    const n = row.reduce((s, v) => s + v, 0);
    const A = groupsData.alpha.reduce((s, v) => s + v, 0);
    let term = gammaln(n + 1) + gammaln(A) - gammaln(A + n);
    row.forEach((count, k) => (term += gammaln(groupsData.alpha[k]! + count) - gammaln(groupsData.alpha[k]!) - gammaln(count + 1)));
    return total + term;
  }, 0);

  it('its log density is the conjugate posterior Σ_g Dirichlet(θ_g | α + y_g) plus the log marginal likelihood (closed forms)', () => {
    for (const theta of randomPoints(groups.dim, 10, 5, 2)) {
      const rows = rowsOf(groups.constrain(theta).theta as Tensor, groupsData.K);
      const posterior = rows.reduce((s, row, g) => s + dirichletLogDensity(row, groupsData.alpha.map((a, k) => a + groupsData.y[g]![k]!)), 0);
      expect(groups.logDensityConstrained({ theta: rows }, { jacobian: false })).toBeCloseTo(posterior + logMarginal, 9);
    }
  });

  it('differentiates in agreement with finite differences, and replays its gradient', () => {
    for (const theta of randomPoints(groups.dim, 3, 6)) expect(gradientError(groups, theta)).toBeLessThan(1e-6);
    expect(groups.replayStatus()).toMatchObject({ replayed: true });
  });

  it('generated quantities: the most likely category and the log likelihood of each group', () => {
    const theta = randomPoints(groups.dim, 1, 7, 2)[0]!;
    const rows = rowsOf(groups.constrain(theta).theta as Tensor, groupsData.K);
    const out = groups.outputs(theta, makeRng(1, 0));
    const offset = groups.outputNames.indexOf('most_likely[1]');
    rows.forEach((row, g) => {
      expect(out[offset + g]).toBe(row.indexOf(Math.max(...row)) + 1);
      const y = groupsData.y[g]!;
      const n = y.reduce((s, v) => s + v, 0);
      const logLik = gammaln(n + 1) + y.reduce((s, count, k) => s + count * Math.log(row[k]!) - gammaln(count + 1), 0);
      expect(out[offset + groupsData.G + g]).toBeCloseTo(logLik, 10);
    });
  });

  it('transformed data rejects a group without counts, naming it', () => {
    const empty = { ...groupsData, y: groupsData.y.map((row, g) => (g === 2 ? row.map(() => 0) : row)) };
    expect(() => compileSpec(loadSpec('examples/language/dirichlet_multinomial_groups.json'), empty)).toThrow(SpecError);
    expect(() => compileSpec(loadSpec('examples/language/dirichlet_multinomial_groups.json'), empty)).toThrow('reject: group 3 has no counts');
  });
});

describe('truncated_normal: a truncated likelihood, statements in every transformed block', () => {
  it('its log density is the truncated-normal posterior written with plain numbers', () => {
    for (const [mu, sigma] of [[1.2, 1.5], [-3, 4], [0.5, 0.3], [6, 2]] as const) {
      expect(truncated.logDensityConstrained({ mu, sigma }, { jacobian: false })).toBeCloseTo(truncatedLogPosterior(truncatedData, mu, sigma), 8);
    }
    for (const theta of randomPoints(2, 3, 8)) expect(gradientError(truncated, theta)).toBeLessThan(1e-6);
    expect(truncated.replayStatus()).toMatchObject({ replayed: true });
  });

  it('transformed parameters and generated quantities: the mass inside [L, U], the shift from the sample mean, replicated data inside the range', () => {
    const values = { mu: 0.8, sigma: 1.7 };
    const theta = truncated.unconstrain(values);
    const constrained = truncated.constrain(theta) as Record<string, number>;
    const Phi = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);
    expect(constrained['mass']).toBeCloseTo(Phi((4.5 - 0.8) / 1.7) - Phi((0 - 0.8) / 1.7), 7);
    const out = truncated.outputs(theta, makeRng(3, 0));
    const mean = truncatedData.y.reduce((s, v) => s + v, 0) / truncatedData.N;
    expect(out[truncated.outputNames.indexOf('shift')]).toBeCloseTo(0.8 - mean, 12);
    const replicated = Array.from(out.slice(truncated.outputNames.indexOf('y_rep[1]')));
    expect(replicated).toHaveLength(truncatedData.N);
    expect(replicated.every((v) => v >= 0 && v <= 4.5)).toBe(true);
  });
});

describe('user_density.stan: user-defined _lpdf with ~, _rng, recursion and a void check', () => {
  it('its log density is the Student-t location posterior written with plain numbers', () => {
    for (const mu of [1.2, -3, 0.4, 6, 1.35]) {
      expect(student.logDensityConstrained({ mu }, { jacobian: false })).toBeCloseTo(studentLocationLogPosterior(studentData, mu), 10);
    }
    for (const theta of randomPoints(1, 3, 9, 3)) expect(gradientError(student, theta)).toBeLessThan(1e-6);
    expect(student.replayStatus()).toMatchObject({ replayed: true });
  });

  it('generated quantities: the recursive count, and replicated data from the _rng function (4 Monte Carlo standard errors, seeds 1 to 3)', () => {
    const median = [...studentData.y].sort((a, b) => a - b);
    const m = 0.5 * (median[19]! + median[20]!);
    const far = studentData.y.filter((v) => Math.abs(v - m) > 3 * studentData.s).length;
    const theta = Float64Array.of(1.4);
    const names = student.outputNames;
    expect(names).toEqual(['mu', 'y_rep', 'far']);
    expect(student.outputs(theta, makeRng(1, 0))[2]).toBe(far);
    // y_rep ≤ mu + s is T ≤ 1 for T ~ Student-t(4), whose CDF is 1/2 + t (6 + t²) / (2 (4 + t²)^{3/2}): 0.8130 at t = 1.
    const below = 0.5 + (1 * (6 + 1)) / (2 * Math.pow(4 + 1, 1.5));
    const draws = 4000;
    for (let seed = 1; seed <= 3; seed++) {
      const rng = makeRng(seed, 0);
      let count = 0;
      for (let k = 0; k < draws; k++) if (student.outputs(theta, rng)[1]! <= 1.4 + studentData.s) count++;
      expect(Math.abs(count / draws - below), `seed ${seed}`).toBeLessThan(4 * Math.sqrt((below * (1 - below)) / draws));
    }
  });

  it('its void check rejects data that are not positive, at the line of the call', () => {
    let error: unknown;
    try {
      compileStan(studentSource, { ...studentData, s: -1 }, { fileName: 'user_density.stan' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StanModelError);
    expect((error as StanModelError).issues[0]!.detail).toContain('must be positive: -1');
  });
});

describe('posterior moments from NUTS (scripts/check-language-examples.ts)', () => {
  const fixture = readJson('test/fixtures/language-examples.json') as {
    runs: { model: string; seed: number; rows: { name: string; statistic: 'mean' | 'sd'; estimate: number; mcse: number; reference: number }[] }[];
  };
  const references: Record<string, Record<string, { mean: number; sd: number }>> = {
    dirichlet_multinomial_groups: groupsPosterior(groupsData),
    truncated_normal: truncatedPosterior(truncatedData),
    user_density: studentLocationPosterior(studentData),
  };

  it('were compared with the current references, and every mean and sd is within 4.5 MCSE of them in every seed', () => {
    expect(new Set(fixture.runs.map((r) => r.model))).toEqual(new Set(Object.keys(references)));
    for (const run of fixture.runs) {
      for (const row of run.rows) {
        const reference = references[run.model]![row.name]![row.statistic];
        expect(row.reference, `${run.model} ${row.name} ${row.statistic}`).toBeCloseTo(reference, 10);
        expect(Math.abs(row.estimate - reference) / row.mcse, `${run.model} seed ${run.seed} ${row.name} ${row.statistic}`).toBeLessThan(4.5);
      }
    }
  });
});
