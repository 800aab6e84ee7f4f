import { describe, it } from 'vitest';
import * as earnings from '../../examples/posteriordb/earnings-earn_height/model.js';
import * as centered from '../../examples/posteriordb/eight_schools-eight_schools_centered/model.js';
import * as noncentered from '../../examples/posteriordb/eight_schools-eight_schools_noncentered/model.js';
import * as kidiq from '../../examples/posteriordb/kidiq-kidscore_interaction/model.js';
import * as kilpisjarvi from '../../examples/posteriordb/kilpisjarvi_mod-kilpisjarvi/model.js';
import * as mesquite from '../../examples/posteriordb/mesquite-logmesquite_logvas/model.js';
import * as nes from '../../examples/posteriordb/nes2000-nes/model.js';
import * as sblrc from '../../examples/posteriordb/sblrc-blr/model.js';
import { normalKernel } from './plain-math.js';
import { checkPosterior, type PosteriorCase } from './posteriordb-support.js';

// The hierarchical and regression posteriors of examples/posteriordb, each against the
// "unnormalised log posterior" of its model.md plus the log-Jacobian of sigma = exp(u)
// (or tau = exp(u)): u.

const halfCauchyKernel = (x: number, scale: number): number => -Math.log1p((x / scale) ** 2);

/** Σ_n normal(y[n] | Σ_d X[n][d] beta[d], sigma) for a design given as rows. */
function regression(rows: readonly (readonly number[])[], y: readonly number[], beta: Float64Array, sigma: number): number {
  let lp = 0;
  rows.forEach((row, n) => {
    let eta = 0;
    row.forEach((x, d) => (eta += x * beta[d]!));
    lp += normalKernel(y[n]!, eta, sigma);
  });
  return lp;
}

const cases: Record<string, PosteriorCase> = {
  'eight_schools-eight_schools_noncentered': {
    module: noncentered,
    dim: 10,
    reference: ({ J, y, sigma }) => (theta) => {
      const [mu, u] = [theta[J]!, theta[J + 1]!];
      const tau = Math.exp(u);
      let lp = -(mu * mu) / 50 + halfCauchyKernel(tau, 5) + u;
      for (let j = 0; j < J; j++) lp += -0.5 * theta[j]! ** 2 - (y[j] - mu - tau * theta[j]!) ** 2 / (2 * sigma[j] ** 2);
      return lp;
    },
  },
  'eight_schools-eight_schools_centered': {
    module: centered,
    dim: 10,
    reference: ({ J, y, sigma }) => (theta) => {
      const [mu, u] = [theta[J]!, theta[J + 1]!];
      const tau = Math.exp(u);
      let lp = -J * Math.log(tau) - (mu * mu) / 50 + halfCauchyKernel(tau, 5) + u;
      for (let j = 0; j < J; j++) lp += -((theta[j]! - mu) ** 2) / (2 * tau * tau) - (y[j] - theta[j]!) ** 2 / (2 * sigma[j] ** 2);
      return lp;
    },
  },
  'kidiq-kidscore_interaction': {
    module: kidiq,
    dim: 5,
    reference: ({ kid_score, mom_hs, mom_iq }) => (theta) => {
      const rows = mom_hs.map((hs: number, n: number) => [1, hs, mom_iq[n], hs * mom_iq[n]]);
      const sigma = Math.exp(theta[4]!);
      return regression(rows, kid_score, theta, sigma) + halfCauchyKernel(sigma, 2.5) + theta[4]!;
    },
  },
  'earnings-earn_height': {
    module: earnings,
    dim: 3,
    reference: ({ earn, height }) => (theta) => {
      const rows = height.map((h: number) => [1, h]);
      return regression(rows, earn, theta, Math.exp(theta[2]!)) + theta[2]!;
    },
  },
  'mesquite-logmesquite_logvas': {
    module: mesquite,
    dim: 8,
    reference: (d) => (theta) => {
      const rows = d.weight.map((_: number, n: number) => [
        1,
        Math.log(d.diam1[n] * d.diam2[n] * d.canopy_height[n]),
        Math.log(d.diam1[n] * d.diam2[n]),
        Math.log(d.diam1[n] / d.diam2[n]),
        Math.log(d.total_height[n]),
        Math.log(d.density[n]),
        d.group[n],
      ]);
      return regression(rows, d.weight.map(Math.log), theta, Math.exp(theta[7]!)) + theta[7]!;
    },
  },
  'nes2000-nes': {
    module: nes,
    dim: 10,
    reference: (d) => (theta) => {
      const rows = d.partyid7.map((_: number, n: number) => [
        1,
        d.real_ideo[n],
        d.race_adj[n],
        d.age_discrete[n] === 2 ? 1 : 0,
        d.age_discrete[n] === 3 ? 1 : 0,
        d.age_discrete[n] === 4 ? 1 : 0,
        d.educ1[n],
        d.gender[n],
        d.income[n],
      ]);
      return regression(rows, d.partyid7, theta, Math.exp(theta[9]!)) + theta[9]!;
    },
  },
  'kilpisjarvi_mod-kilpisjarvi': {
    module: kilpisjarvi,
    dim: 3,
    reference: (d) => (theta) => {
      const [alpha, beta, u] = [theta[0]!, theta[1]!, theta[2]!];
      const prior = -((alpha - d.pmualpha) ** 2) / (2 * d.psalpha ** 2) - (beta - d.pmubeta) ** 2 / (2 * d.psbeta ** 2);
      const rows = d.x.map((x: number) => [1, x]);
      return prior + regression(rows, d.y, Float64Array.of(alpha, beta), Math.exp(u)) + u;
    },
  },
  'sblrc-blr': {
    module: sblrc,
    dim: 6,
    reference: ({ D, X, y }) => (theta) => {
      const sigma = Math.exp(theta[D]!);
      let lp = -(sigma * sigma) / 200 + theta[D]!;
      for (let d = 0; d < D; d++) lp += -(theta[d]! ** 2) / 200;
      return lp + regression(X, y, theta, sigma);
    },
  },
};

describe('posteriordb regressions and eight schools (examples/posteriordb)', () => {
  for (const [name, c] of Object.entries(cases)) it(name, () => checkPosterior(name, c));
});
