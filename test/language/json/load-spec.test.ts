import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import gammaln from '@stdlib/math-base-special-gammaln';
import { compileSpec, defineModel, loadSpec, real, simplex, SpecError, vector } from '../../../src/index.js';
import { dirichlet, normal } from '../../../src/models/distributions/index.js';
import { tensor } from '../../../src/ad/index.js';

// The documented programmatic API: loadSpec(pathOrObject) → a validated spec;
// compileSpec(spec, data) → a model; model.logDensityConstrained(values, { jacobian })
// on the constrained scale, with and without the transforms' log-Jacobians, on models from
// specs and from defineModel alike (BridgeStan's log_density(..., jacobian)).

const schools = {
  data: { J: { type: 'int', lower: 1 }, y: { type: 'vector', size: 'J' }, sigma: { type: 'vector', size: 'J', lower: 0 } },
  parameters: { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, theta: { type: 'vector', size: 'J' } },
  model: [
    { sample: 'mu', distribution: 'normal', args: ['0', '5'] },
    { sample: 'tau', distribution: 'cauchy', args: ['0', '5'] },
    { sample: 'theta', distribution: 'normal', args: ['mu', 'tau'] },
    { sample: 'y', distribution: 'normal', args: ['theta', 'sigma'] },
  ],
};
const schoolData = { J: 3, y: [28, 8, -3], sigma: [15, 10, 16] };

const directory = mkdtempSync(join(tmpdir(), 'leapfrog-load-spec-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const normalLog = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

describe('loadSpec', () => {
  it('reads a file (path or file: URL), JSON text and an object to the same validated spec, which compileSpec takes', () => {
    const file = join(directory, 'schools.json');
    writeFileSync(file, JSON.stringify(schools, null, 2));
    const loaded = [loadSpec(file), loadSpec(pathToFileURL(file)), loadSpec(JSON.stringify(schools)), loadSpec(schools)];
    for (const spec of loaded) expect(spec).toEqual(loaded[0]);
    // Defaults are filled in (transformed blocks empty), so the result is a complete spec.
    expect(loaded[0]!.transformed_data).toEqual({});
    const model = compileSpec(loaded[0]!, schoolData);
    expect(model.dim).toBe(5);
    expect(model.logDensity(new Float64Array(5))).toBeCloseTo(compileSpec(schools, schoolData).logDensity(new Float64Array(5)), 14);
  });

  it('names the file, and the line and column of a JSON syntax error', () => {
    expect(() => loadSpec(join(directory, 'missing.json'))).toThrow(`loadSpec: cannot read the model spec '${join(directory, 'missing.json')}': it does not exist`);
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{\n  "parameters": {\n    "mu": { "type": "real" },\n  }\n}\n');
    expect(() => loadSpec(broken)).toThrow(SpecError);
    expect(() => loadSpec(broken)).toThrow(/broken\.json: not valid JSON at line 4, column 3/);
  });

  it('reports every schema problem at its JSON path', () => {
    const wrong = { ...schools, parameters: { ...schools.parameters, tau: { type: 'real', lower: 0, uper: 1 } }, model: [{ sample: 'y', distribution: 'normal', args: ['theta'] }] };
    try {
      loadSpec(wrong);
      throw new Error('expected a SpecError');
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      const paths = (error as SpecError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(['parameters.tau.uper', 'model.0.args']);
    }
    expect(() => loadSpec([] as unknown as object)).toThrow('loadSpec: expected a path, JSON text or a spec object, got an array');
  });
});

describe('logDensityConstrained', () => {
  const model = compileSpec(schools, schoolData);
  const values = { mu: 1.5, tau: 2.5, theta: [3, -1, 0.5] };

  it('without the Jacobian is the model block at the constrained values (closed form)', () => {
    // tau ~ cauchy(0, 5) on tau > 0 adds the Cauchy density itself: a sampling statement does not renormalise to the half line.
    let expected = normalLog(1.5, 0, 5) - Math.log(Math.PI * 5 * (1 + (2.5 / 5) ** 2));
    values.theta.forEach((t, j) => (expected += normalLog(t, 1.5, 2.5) + normalLog(schoolData.y[j]!, t, schoolData.sigma[j]!)));
    expect(model.logDensityConstrained(values, { jacobian: false })).toBeCloseTo(expected, 12);
  });

  it('with the Jacobian (the default) is logDensity at unconstrain(values): here + log tau', () => {
    const withJacobian = model.logDensityConstrained(values, { jacobian: true });
    expect(withJacobian).toBe(model.logDensity(model.unconstrain(values)));
    expect(model.logDensityConstrained(values)).toBe(withJacobian);
    expect(withJacobian - model.logDensityConstrained(values, { jacobian: false })).toBeCloseTo(Math.log(2.5), 13);
  });

  it('does not depend on how the model was compiled (jacobian: false at compile)', () => {
    const penalised = compileSpec(schools, schoolData, { jacobian: false });
    expect(penalised.logDensityConstrained(values, { jacobian: true })).toBe(model.logDensityConstrained(values, { jacobian: true }));
    expect(penalised.logDensityConstrained(values, { jacobian: false })).toBe(penalised.logDensity(penalised.unconstrain(values)));
  });

  it('on a defineModel model with a simplex: the difference is the stick-breaking log-Jacobian', () => {
    const typed = defineModel({
      name: 'weights',
      data: {},
      parameters: { w: simplex(3), m: real(), v: vector(2) },
      model: (p, _d, target) => {
        target.sample(p.w, dirichlet(tensor([2, 3, 4])));
        target.sample(p.m, normal(0, 1));
        target.sample(p.v, normal(p.m, 1));
      },
    }).compile({});
    const point = { w: [0.2, 0.3, 0.5], m: 0.1, v: [0.4, -0.2] };
    const dirichletLog = gammaln(9) - gammaln(2) - gammaln(3) - gammaln(4) + Math.log(0.2) + 2 * Math.log(0.3) + 3 * Math.log(0.5);
    const expected = dirichletLog + normalLog(0.1, 0, 1) + normalLog(0.4, 0.1, 1) + normalLog(-0.2, 0.1, 1);
    expect(typed.logDensityConstrained(point, { jacobian: false })).toBeCloseTo(expected, 12);
    // Stick breaking (Stan's reference manual): z_k = w_k / (1 − Σ_{i<k} w_i), log|J| = Σ_k log(z_k (1 − z_k) (1 − Σ_{i<k} w_i)).
    const z1 = 0.2;
    const z2 = 0.3 / 0.8;
    const logJacobian = Math.log(z1 * (1 - z1)) + Math.log(z2 * (1 - z2) * 0.8);
    expect(typed.logDensityConstrained(point) - typed.logDensityConstrained(point, { jacobian: false })).toBeCloseTo(logJacobian, 12);
  });

  it('names values outside the constraints and unknown names; a rejected point is −∞', () => {
    expect(() => model.logDensityConstrained({ ...values, tau: -1 })).toThrow(/tau/);
    expect(() => model.logDensityConstrained({ ...values, sigma: 1 })).toThrow("'sigma' is not");
  });
});
