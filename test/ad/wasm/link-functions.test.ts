import { describe, expect, it } from 'vitest';
import { WasmWorkspace } from '../../../src/ad/wasm/workspace.js';
import { GLM_FAMILY } from '../../../src/ad/wasm/glm.js';
import { makeRng } from '../../../src/random/rng.js';

// The link functions of the WebAssembly GLM pass (assembly/simd-math.ts: exp and log1p on two
// lanes, by polynomials) observation by observation against Math.exp and Math.log1p, where the
// GLM tests (kernels.test.ts) compare sums. A pass over one row, x = [1] and β = [η], gives one
// observation's term and ∂/∂η. Worst errors measured over 4 × 10^5 random η (scales up to 800):
// 7.7e-16 relative for the Bernoulli term, 2.2e-16 absolute for ∂/∂η, 4.3e-16 relative for
// e^η; the bounds below leave a factor of about 5.

describe('WebAssembly link functions, per observation', () => {
  const space = WasmWorkspace.create();
  if (space === null) throw new Error('the kernels do not run in this engine');
  const at = { x: space.allocate(2), y: space.allocate(2), alpha: space.allocate(2), beta: space.allocate(2), w: space.allocate(2), dbeta: space.allocate(2), scratch: space.allocate(8) };
  const f64 = space.f64;
  f64[at.x / 8] = 1;
  f64[at.x / 8 + 1] = 0;
  f64[at.alpha / 8] = 0;
  f64[at.beta / 8 + 1] = 0;
  /** One observation's term and ∂/∂η. */
  const pass = (family: keyof typeof GLM_FAMILY, y: number, eta: number): { value: number; w: number } => {
    f64[at.y / 8] = y;
    f64[at.beta / 8] = eta;
    const value = space.kernels.glm(GLM_FAMILY[family], at.x, 1, 2, at.y, at.alpha, 0, at.beta, 0, 0, at.w, at.dbeta, 1, 0, at.scratch);
    return { value, w: f64[at.w / 8]! };
  };
  const relative = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

  it('bernoulli_logit: log p to 4e-15 relative and ∂/∂η to 1e-15, for |η| up to 800', () => {
    const rng = makeRng(7, 0);
    let worstValue = 0;
    let worstW = 0;
    for (let i = 0; i < 40000; i++) {
      const eta = (2 * rng.uniform() - 1) * [1, 5, 40, 800][i % 4]!;
      const y = rng.uniform() < 0.5 ? 1 : 0;
      const { value, w } = pass('bernoulli_logit', y, eta);
      const e = Math.exp(-Math.abs(eta));
      const expected = -(Math.max(y === 1 ? -eta : eta, 0) + Math.log1p(e));
      // Below 1e-300 the term is e^−|η| clamped at e^−708 (see expNonPositive): as good as 0.
      if (Math.abs(expected) > 1e-300) worstValue = Math.max(worstValue, relative(value, expected));
      else expect(Math.abs(value)).toBeLessThan(1e-300);
      worstW = Math.max(worstW, Math.abs(w - (y - (eta >= 0 ? 1 / (1 + e) : e / (1 + e)))));
    }
    expect(worstValue).toBeLessThan(4e-15);
    expect(worstW).toBeLessThan(1e-15);
  });

  it('poisson_log: e^η to 2e-15 relative for |η| up to 700, and 0 or +∞ beyond', () => {
    const rng = makeRng(8, 0);
    let worst = 0;
    for (let i = 0; i < 40000; i++) {
      const eta = (2 * rng.uniform() - 1) * [1, 5, 40, 700][i % 4]!;
      worst = Math.max(worst, relative(-pass('poisson_log', 0, eta).value, Math.exp(eta)));
    }
    expect(worst).toBeLessThan(2e-15);
    expect(pass('poisson_log', 0, 800).value).toBe(Number.NEGATIVE_INFINITY);
    expect(Math.abs(pass('poisson_log', 0, -800).value)).toBe(0);
  });

  it('a NaN η gives a NaN term', () => {
    expect(pass('bernoulli_logit', 1, Number.NaN).value).toBeNaN();
    expect(pass('poisson_log', 1, Number.NaN).value).toBeNaN();
  });
});
