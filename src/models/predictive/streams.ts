import { makeRng, type Rng } from '../../random/rng.js';

// Predictive draws take their random numbers from streams of their own, one per (chain,
// draw), so a draw's replicated data depend only on (seed, chain, draw): results are the
// same however the draws are scheduled or subset, and chains never share a stream.
// The streams sit above 2^52 so that they never coincide with the small stream indices the
// samplers use per chain, even when the same seed is given to both.

const STREAM_BASE = 2 ** 52;
const MAX_CHAINS = 2 ** 20;
const MAX_DRAWS = 2 ** 32;

/** The generator of draw `draw` of chain `chain` (both 0-based). */
export function predictiveRng(seed: number, chain: number, draw: number, place: string): Rng {
  if (!Number.isInteger(chain) || chain < 0 || chain >= MAX_CHAINS) throw new Error(`${place}: chain ${chain} must be an integer in [0, ${MAX_CHAINS})`);
  if (!Number.isInteger(draw) || draw < 0 || draw >= MAX_DRAWS) throw new Error(`${place}: draw ${draw} must be an integer in [0, ${MAX_DRAWS})`);
  return makeRng(seed, STREAM_BASE + chain * MAX_DRAWS + draw);
}

export function checkSeed(seed: unknown, place: string): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Error(`${place}: options.seed is ${String(seed)}, but must be a finite number`);
  return seed;
}
