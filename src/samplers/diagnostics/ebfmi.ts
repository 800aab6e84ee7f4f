import { checkChains, type Chains } from './chains.js';
import { meanOf } from './moments.js';

/**
 * Energy Bayesian fraction of missing information of one chain (Betancourt 2016,
 * "Diagnosing suboptimal cotangent disintegrations in Hamiltonian Monte Carlo",
 * arXiv:1604.00695, section 5.2):
 *   E-BFMI = Σ_{n=1}^{N} (E_n - E_{n-1})² / Σ_{n=0}^{N} (E_n - Ē)²,
 * how far momentum resampling moves the energy compared with the energy's marginal spread.
 * Near 1 or above is healthy (independent energies give about 2); below 0.3 means the chain
 * explores the energy levels slowly (heavy tails, funnels). This is the paper's ratio of
 * sums; ArviZ's bfmi (mean over N-1 differences / population variance) is N/(N-1) larger
 * and rstan's (sample variance) (N-1)/N smaller.
 *
 * NaN for fewer than two energies, a constant energy series or non-finite energies.
 */
export function ebfmi(energy: Float64Array): number {
  if (!(energy instanceof Float64Array)) {
    throw new Error('ebfmi: energy is not a Float64Array, but must be one (the energy of every draw of a chain)');
  }
  const count = energy.length;
  if (count < 2 || energy.some((value) => !Number.isFinite(value))) return NaN;
  const mean = meanOf(energy);
  let squaredSteps = 0;
  for (let draw = 1; draw < count; draw += 1) squaredSteps += (energy[draw]! - energy[draw - 1]!) ** 2;
  let squaredDeviations = 0;
  for (let draw = 0; draw < count; draw += 1) squaredDeviations += (energy[draw]! - mean) ** 2;
  return squaredDeviations > 0 ? squaredSteps / squaredDeviations : NaN;
}

/** E-BFMI of every chain, from one energy series per chain (chains of equal length). */
export function ebfmiByChain(energies: Chains): Float64Array {
  checkChains('ebfmiByChain', energies);
  return Float64Array.from(energies, (energy) => ebfmi(energy));
}
