import { describe, expect, it } from 'vitest';
import * as bnn from '../../examples/bench/bnn_regression.js';
import * as correlated from '../../examples/bench/correlated_2d.js';
import * as centered from '../../examples/bench/eight_schools_centered.js';
import * as noncentered from '../../examples/bench/eight_schools_noncentered.js';
import * as gaussian from '../../examples/bench/gaussian_100d.js';
import * as logistic from '../../examples/bench/logistic_regression.js';
import * as varying from '../../examples/bench/varying_intercepts.js';
import { log1pExp, normalKernel, readJson } from './plain-math.js';
import { expectSameDensity, gradientError, randomPoints } from './support.js';

// Every benchmark model (bench/README.md) against a log density written out by hand from its
// definition there (θ in declaration order; positive parameters are exp of their
// coordinate, with log-Jacobian equal to that coordinate), and its gradient against
// finite differences.

type Reference = (theta: Float64Array) => number;

interface Case {
  readonly module: { readonly model: { compile(data: unknown): any }; readonly dataFile: string };
  readonly reference: (data: any) => Reference;
  readonly dim: number;
  readonly points?: number;
}

const halfCauchyKernel = (x: number, scale: number): number => -Math.log1p((x / scale) ** 2);

const cases: Record<string, Case> = {
  eight_schools_noncentered: {
    module: noncentered,
    dim: 10,
    reference: ({ J, y, sigma }) => (theta) => {
      const [mu, u] = [theta[0]!, theta[1]!];
      const tau = Math.exp(u);
      let lp = normalKernel(mu, 0, 5) + halfCauchyKernel(tau, 5) + u;
      for (let j = 0; j < J; j++) {
        const raw = theta[2 + j]!;
        lp += -0.5 * raw * raw + normalKernel(y[j], mu + tau * raw, sigma[j]);
      }
      return lp;
    },
  },
  eight_schools_centered: {
    module: centered,
    dim: 10,
    reference: ({ J, y, sigma }) => (theta) => {
      const [mu, u] = [theta[0]!, theta[1]!];
      const tau = Math.exp(u);
      let lp = normalKernel(mu, 0, 5) + halfCauchyKernel(tau, 5) + u;
      for (let j = 0; j < J; j++) lp += normalKernel(theta[2 + j]!, mu, tau) + normalKernel(y[j], theta[2 + j]!, sigma[j]);
      return lp;
    },
  },
  logistic_regression: {
    module: logistic,
    dim: 26,
    points: 3,
    reference: ({ N, D, X, y }) => (theta) => {
      const alpha = theta[0]!;
      let lp = normalKernel(alpha, 0, 2.5);
      for (let d = 0; d < D; d++) lp += -0.5 * theta[1 + d]! ** 2;
      for (let n = 0; n < N; n++) {
        let eta = alpha;
        for (let d = 0; d < D; d++) eta += X[n][d] * theta[1 + d]!;
        lp += y[n] * eta - log1pExp(eta); // log inv_logit(eta)^y (1 − inv_logit(eta))^(1−y)
      }
      return lp;
    },
  },
  varying_intercepts: {
    module: varying,
    dim: 54,
    points: 3,
    reference: ({ N, J, group, x, y }) => (theta) => {
      const muA = theta[0]!;
      const sigmaA = Math.exp(theta[1]!);
      const b = theta[2 + J]!;
      const sigmaY = Math.exp(theta[3 + J]!);
      let lp = normalKernel(muA, 0, 5) + -0.5 * (sigmaA / 2.5) ** 2 + theta[1]! + normalKernel(b, 0, 2.5) - sigmaY + theta[3 + J]!;
      for (let j = 0; j < J; j++) lp += normalKernel(theta[2 + j]!, muA, sigmaA);
      for (let n = 0; n < N; n++) lp += normalKernel(y[n], theta[2 + group[n] - 1]! + b * x[n], sigmaY);
      return lp;
    },
  },
  gaussian_100d: {
    module: gaussian,
    dim: 100,
    reference: ({ D, scale }) => (theta) => {
      let lp = 0;
      for (let d = 0; d < D; d++) lp += -0.5 * (theta[d]! / scale[d]) ** 2;
      return lp;
    },
  },
  correlated_2d: {
    module: correlated,
    dim: 2,
    reference: ({ rho }) => (theta) => {
      const [a, b] = [theta[0]!, theta[1]!];
      return -(a * a - 2 * rho * a * b + b * b) / (2 * (1 - rho * rho));
    },
  },
  bnn_regression: {
    module: bnn,
    dim: 62,
    points: 3,
    reference: ({ N, hidden, x, y }) => (theta) => {
      const H = hidden;
      const [W1, b1, W2] = [theta.subarray(0, H), theta.subarray(H, 2 * H), theta.subarray(2 * H, 3 * H)];
      const b2 = theta[3 * H]!;
      const u = theta[3 * H + 1]!;
      const sigma = Math.exp(u);
      let lp = -0.5 * b2 * b2 - 0.5 * sigma * sigma + u;
      for (let h = 0; h < H; h++) lp += -0.5 * (W1[h]! ** 2 + b1[h]! ** 2 + W2[h]! ** 2);
      for (let n = 0; n < N; n++) {
        let f = b2;
        for (let h = 0; h < H; h++) f += W2[h]! * Math.tanh(W1[h]! * x[n] + b1[h]!);
        lp += normalKernel(y[n], f, sigma);
      }
      return lp;
    },
  },
};

describe('benchmark models (examples/bench)', () => {
  for (const [id, c] of Object.entries(cases)) {
    it(`${id}: log density as hand-written, gradient as finite differences`, () => {
      const data = readJson(`examples/bench/${c.module.dataFile}`);
      const model = c.module.model.compile(data);
      expect(model.name).toBe(id);
      expect(model.dim).toBe(c.dim);
      const points = randomPoints(model.dim, c.points ?? 5, 7);
      expectSameDensity(model, c.reference(data), points);
      expect(gradientError(model, points[1]!)).toBeLessThan(1e-6);
    });
  }
});
