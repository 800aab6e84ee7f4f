import { describe, it } from 'vitest';
import * as arK from '../../examples/posteriordb/arK-arK/model.js';
import * as arma from '../../examples/posteriordb/arma-arma11/model.js';
import * as bball from '../../examples/posteriordb/bball_drive_event_0-hmm_drive_0/model.js';
import * as garch from '../../examples/posteriordb/garch-garch11/model.js';
import * as gp from '../../examples/posteriordb/gp_pois_regr-gp_pois_regr/model.js';
import * as hmm from '../../examples/posteriordb/hmm_example-hmm_example/model.js';
import * as mixture from '../../examples/posteriordb/low_dim_gauss_mix-low_dim_gauss_mix/model.js';
import { logSumExp, normalKernel, sigmoid } from './plain-math.js';
import { checkPosterior, type PosteriorCase } from './posteriordb-support.js';

// The time-series, latent-variable and mixture posteriors of examples/posteriordb, each
// against the "unnormalised log posterior" of its model.md, with the log-Jacobians of the
// maps its "Unconstraining" section gives (which are Stan's transforms).

const halfCauchyKernel = (x: number, scale: number): number => -Math.log1p((x / scale) ** 2);

/** log p(y) of a 2-state HMM by the forward algorithm, with no initial-state weights. */
function forward(logA: number[][], emission: (t: number, k: number) => number, steps: number): number {
  const K = logA.length;
  let g = Array.from({ length: K }, (_, k) => emission(0, k));
  for (let t = 1; t < steps; t++) {
    g = Array.from({ length: K }, (_, k) => logSumExp(g.map((gj, j) => gj + logA[j]![k]!)) + emission(t, k));
  }
  return logSumExp(g);
}

/** A 2-simplex from its coordinate: (logistic(a), 1 − logistic(a)), log-Jacobian log x1 + log x2. */
function simplex2(a: number): { x: number[]; logJacobian: number } {
  const x = [sigmoid(a), sigmoid(-a)];
  return { x, logJacobian: Math.log(x[0]!) + Math.log(x[1]!) };
}

/** A positive ordered pair: (e^b1, e^b1 + e^b2), log-Jacobian b1 + b2. */
const positiveOrdered2 = (b1: number, b2: number): number[] => [Math.exp(b1), Math.exp(b1) + Math.exp(b2)];

/** Lower Cholesky factor by the textbook algorithm (Golub & Van Loan, alg. 4.2.1). */
function choleskyPlain(a: number[][]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
    l[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

const cases: Record<string, PosteriorCase> = {
  'arK-arK': {
    module: arK,
    dim: 7,
    reference: ({ K, T, y }) => (theta) => {
      const alpha = theta[0]!;
      const u = theta[K + 1]!;
      const sigma = Math.exp(u);
      let lp = -(alpha * alpha) / 200 - Math.log(1 + (sigma * sigma) / 6.25) + u;
      for (let k = 1; k <= K; k++) lp -= theta[k]! ** 2 / 200;
      for (let t = K; t < T; t++) {
        let m = alpha;
        for (let k = 1; k <= K; k++) m += theta[k]! * y[t - k];
        lp += normalKernel(y[t], m, sigma);
      }
      return lp;
    },
  },
  'arma-arma11': {
    module: arma,
    dim: 4,
    reference: ({ T, y }) => (theta) => {
      const [mu, phi, th, u] = [theta[0]!, theta[1]!, theta[2]!, theta[3]!];
      const sigma = Math.exp(u);
      let lp = -(mu * mu) / 200 - (phi * phi) / 8 - (th * th) / 8 + halfCauchyKernel(sigma, 2.5) + u;
      let err = y[0] - (mu + phi * mu);
      lp += normalKernel(err, 0, sigma);
      for (let t = 1; t < T; t++) {
        err = y[t] - (mu + phi * y[t - 1] + th * err);
        lp += normalKernel(err, 0, sigma);
      }
      return lp;
    },
  },
  'garch-garch11': {
    module: garch,
    dim: 4,
    reference: ({ T, y, sigma1 }) => (theta) => {
      const [mu, v0, v1, v2] = [theta[0]!, theta[1]!, theta[2]!, theta[3]!];
      const alpha0 = Math.exp(v0);
      const alpha1 = sigmoid(v1);
      const beta1 = (1 - alpha1) * sigmoid(v2);
      let lp = v0 + Math.log(alpha1) + 2 * Math.log(1 - alpha1) + Math.log(sigmoid(v2)) + Math.log(1 - sigmoid(v2));
      let s = sigma1;
      lp += normalKernel(y[0], mu, s);
      for (let t = 1; t < T; t++) {
        s = Math.sqrt(alpha0 + alpha1 * (y[t - 1] - mu) ** 2 + beta1 * s * s);
        lp += normalKernel(y[t], mu, s);
      }
      return lp;
    },
  },
  'gp_pois_regr-gp_pois_regr': {
    module: gp,
    dim: 13,
    radius: 0.5,
    reference: ({ N, x, k }) => (theta) => {
      const [a, b] = [theta[0]!, theta[1]!];
      const [rho, alpha] = [Math.exp(a), Math.exp(b)];
      const fTilde = theta.subarray(2);
      const C = x.map((xi: number, i: number) =>
        x.map((xj: number, j: number) => alpha * alpha * Math.exp(-((xi - xj) ** 2) / (2 * rho * rho)) + (i === j ? 1e-10 : 0)),
      );
      const L = choleskyPlain(C);
      let lp = 24 * Math.log(rho) - 4 * rho - (alpha * alpha) / 8 + a + b;
      for (let i = 0; i < N; i++) {
        let f = 0;
        for (let j = 0; j <= i; j++) f += L[i]![j]! * fTilde[j]!;
        lp += -0.5 * fTilde[i]! ** 2 + k[i] * f - Math.exp(f);
      }
      return lp;
    },
  },
  'low_dim_gauss_mix-low_dim_gauss_mix': {
    module: mixture,
    dim: 5,
    reference: ({ y }) => (theta) => {
      const [a, b, c1, c2, d] = Array.from(theta);
      const mu = [a!, a! + Math.exp(b!)];
      const sigma = [Math.exp(c1!), Math.exp(c2!)];
      const w = sigmoid(d!);
      let lp = -(mu[0]! ** 2 + mu[1]! ** 2) / 8 - (sigma[0]! ** 2 + sigma[1]! ** 2) / 8 + 4 * Math.log(w) + 4 * Math.log(1 - w);
      lp += b! + c1! + c2! + Math.log(w) + Math.log(1 - w);
      for (const yn of y as number[]) {
        lp += logSumExp([Math.log(w) + normalKernel(yn, mu[0]!, sigma[0]!), Math.log(1 - w) + normalKernel(yn, mu[1]!, sigma[1]!)]);
      }
      return lp;
    },
  },
  'hmm_example-hmm_example': {
    module: hmm,
    dim: 4,
    reference: ({ N, y }) => (theta) => {
      const theta1 = simplex2(theta[0]!);
      const theta2 = simplex2(theta[1]!);
      const mu = positiveOrdered2(theta[2]!, theta[3]!);
      const logA = [theta1.x.map(Math.log), theta2.x.map(Math.log)];
      const logLikelihood = forward(logA, (t, k) => -0.5 * (y[t] - mu[k]!) ** 2, N);
      const jacobian = theta1.logJacobian + theta2.logJacobian + theta[2]! + theta[3]!;
      return -((mu[0]! - 3) ** 2) / 2 - (mu[1]! - 10) ** 2 / 2 + logLikelihood + jacobian;
    },
  },
  'bball_drive_event_0-hmm_drive_0': {
    module: bball,
    dim: 6,
    points: 4,
    reference: ({ N, u, v, alpha }) => (theta) => {
      const theta1 = simplex2(theta[0]!);
      const theta2 = simplex2(theta[1]!);
      const phi = positiveOrdered2(theta[2]!, theta[3]!);
      const lambda = positiveOrdered2(theta[4]!, theta[5]!);
      const logA = [theta1.x.map(Math.log), theta2.x.map(Math.log)];
      const emission = (t: number, k: number): number => Math.log(phi[k]!) - phi[k]! * u[t] + Math.log(lambda[k]!) - lambda[k]! * v[t];
      let lp = forward(logA, emission, N);
      for (let k = 0; k < 2; k++) lp += (alpha[0][k] - 1) * Math.log(theta1.x[k]!) + (alpha[1][k] - 1) * Math.log(theta2.x[k]!);
      lp += -(phi[0]! ** 2) / 2 - (phi[1]! - 3) ** 2 / 2 - lambda[0]! ** 2 / 2 - (lambda[1]! - 3) ** 2 / 2;
      return lp + theta1.logJacobian + theta2.logJacobian + theta[2]! + theta[3]! + theta[4]! + theta[5]!;
    },
  },
};

describe('posteriordb time series, GP, mixture and HMMs (examples/posteriordb)', () => {
  for (const [name, c] of Object.entries(cases)) it(name, () => checkPosterior(name, c));
});
