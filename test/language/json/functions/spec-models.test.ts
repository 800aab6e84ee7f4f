import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../../src/language/json/compile.js';
import { makeRng } from '../../../../src/random/rng.js';

// The new functions inside whole models: the compiled gradient (generated code), the
// replayed tape and define-by-run agree, and the gradient matches finite differences of
// the log density.

const spec = {
  data: { N: { type: 'int', lower: 1 }, y: { type: 'vector', size: 'N' }, X: { type: 'matrix', rows: 'N', cols: 3 } },
  parameters: { beta: { type: 'vector', size: 3 }, sigma: { type: 'real', lower: 0 } },
  model: [
    { target: 'sum(log1m_exp(-exp(beta))) + lbeta(sigma + 1, 2) + owens_t(beta[1], sigma) + lmultiply(sigma, sigma + 1)' },
    { target: 'gamma_p(2.5, sigma + 0.5) + gamma_q(1.5, sigma) + inc_beta(2, 3, inv_logit(beta[2])) + sum(sort_asc(beta) .^ 2) / 10' },
    { target: "log_determinant_spd(add_diag(tcrossprod(to_matrix(append_row(beta, beta), 3, 2)), 1)) - sum(matrix_exp(diag_matrix(beta) / 4))" },
    { target: "eigenvalues_sym(add_diag(beta * beta', 1))[3] / 10 + sum(add_diag(beta * beta', 2) \\ beta) + log_diff_exp(2 + sigma, sigma)" },
    { target: 'fma(sigma, 2, 1) * 0.01 + sum(asinh(beta) .* atan(beta)) / 10 - Phi_approx(beta[3]) + tgamma(sigma + 1)' },
    { sample: 'y', distribution: 'normal', args: ['X * beta', 'sigma'] },
  ],
};

const data = {
  N: 5,
  y: [0.4, -1.1, 2.3, 0.8, -0.2],
  X: [
    [1, 0.5, -0.3],
    [1, -1.2, 0.8],
    [1, 2.0, 0.1],
    [1, 0.3, -1.5],
    [1, -0.4, 0.6],
  ],
};

function points(count: number): Float64Array[] {
  const rng = makeRng(7, 0);
  return Array.from({ length: count }, () => Float64Array.from({ length: 4 }, () => rng.uniform() - 0.5));
}

describe('a spec using the function library', () => {
  const compiled = compileSpec(spec, data);
  const replayed = compileSpec(spec, data, { compile: false });
  const plain = compileSpec(spec, data, { compile: false, replay: false });

  it.each(points(3).map((p) => [Array.from(p, (v) => v.toFixed(3)).join(', '), p]))('compiled, replayed and define-by-run agree at (%s)', (_label, theta) => {
    const reference = plain.logDensityAndGradient(theta);
    expect(Number.isFinite(reference.logDensity)).toBe(true);
    for (const model of [compiled, replayed]) {
      const { logDensity, gradient } = model.logDensityAndGradient(theta);
      expect(Math.abs(logDensity - reference.logDensity)).toBeLessThan(1e-12 * Math.max(1, Math.abs(reference.logDensity)));
      gradient.forEach((g, i) => expect(Math.abs(g - reference.gradient[i]!)).toBeLessThan(1e-10 * Math.max(1, Math.abs(g))));
    }
  });

  it('its gradient matches central differences of the log density', () => {
    for (const theta of points(2)) {
      const { gradient } = plain.logDensityAndGradient(theta);
      for (let i = 0; i < theta.length; i++) {
        const h = 1e-5;
        const at = (d: number): number => plain.logDensity(Float64Array.from(theta, (v, k) => (k === i ? v + d : v)));
        const difference = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(difference - gradient[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(gradient[i]!)));
      }
    }
  });
});
