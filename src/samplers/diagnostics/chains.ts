/**
 * Draws of one quantity, one Float64Array per chain, and the operations every diagnostic
 * starts from: validating the shape, splitting chains in halves, pooling, and the
 * "is this diagnosable at all" test (non-finite or constant draws give NaN).
 *
 * Conventions follow the R package `posterior` 1.4.0 (Vehtari et al. 2021), whose numbers
 * the tests reproduce.
 */

/** A quantity's draws: one array per chain, all chains the same length. */
export type Chains = readonly Float64Array[];

/**
 * Checks that `chains` holds at least one chain, all of the same, non-zero length, and
 * returns the shape. `place` names the public function in the error.
 */
export function checkChains(place: string, chains: Chains): { numChains: number; numDraws: number } {
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new Error(`${place}: chains is empty, but must hold at least one chain (one Float64Array per chain)`);
  }
  chains.forEach((chain, index) => {
    if (!(chain instanceof Float64Array)) {
      throw new Error(`${place}: chains[${index}] is not a Float64Array, but every chain must be one`);
    }
  });
  const numDraws = chains[0].length;
  if (chains.some((chain) => chain.length !== numDraws)) {
    const lengths = chains.map((chain) => chain.length).join(', ');
    throw new Error(`${place}: chains have lengths [${lengths}], but all chains must have the same length`);
  }
  if (numDraws === 0) throw new Error(`${place}: chains have no draws, but need at least one`);
  return { numChains: chains.length, numDraws };
}

/**
 * Splits every chain into its first and second half, doubling the number of chains, so that
 * R-hat and ESS also see trends within a chain (Vehtari et al. 2021, section 3.1; Gelman et
 * al. 2013, BDA3 section 11.4). With an odd length the middle draw is dropped, as posterior
 * does; a chain of one draw is left whole.
 */
export function splitChains(chains: Chains): Float64Array[] {
  const numDraws = chains[0]!.length;
  if (numDraws === 1) return chains.slice();
  const halfLength = Math.floor(numDraws / 2);
  const secondStart = numDraws - halfLength;
  const halves: Float64Array[] = [];
  for (const chain of chains) halves.push(chain.subarray(0, halfLength));
  for (const chain of chains) halves.push(chain.subarray(secondStart));
  return halves;
}

/** All draws of all chains in one array, chain after chain. */
export function poolChains(chains: Chains): Float64Array {
  const pooled = new Float64Array(chains.length * chains[0]!.length);
  chains.forEach((chain, index) => pooled.set(chain, index * chain.length));
  return pooled;
}

/** Applies `transform` to every draw, keeping the chain structure. */
export function mapDraws(chains: Chains, transform: (value: number) => number): Float64Array[] {
  return chains.map((chain) => chain.map(transform));
}

/** True when some draw is NaN or ±Infinity. */
export function hasNonFinite(chains: Chains): boolean {
  for (const chain of chains) {
    // x - x is 0 for every finite x and NaN for ±∞ and NaN.
    for (let draw = 0; draw < chain.length; draw++) if (chain[draw]! - chain[draw]! !== 0) return true;
  }
  return false;
}

/**
 * True when max - min < machine epsilon over all draws: posterior's `is_constant`, an
 * absolute tolerance, so that rank ties from rounding do not pass for variation.
 */
export function isConstant(chains: Chains): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const chain of chains) {
    for (let draw = 0; draw < chain.length; draw++) {
      const value = chain[draw]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return Math.abs(max - min) < Number.EPSILON;
}

/**
 * posterior's `should_return_NA`: diagnostics of draws that are non-finite or constant are
 * undefined (NaN). Unlike posterior 1.4.0, which ranks ±Infinity for its rank-based R-hat
 * and bulk-ESS, leapfrog returns NaN for any non-finite draw: an infinite draw is a sampler
 * failure to report, not a value to rank.
 */
export function isUndiagnosable(chains: Chains): boolean {
  return hasNonFinite(chains) || isConstant(chains);
}
