import seedrandom from 'seedrandom';
import normalFactory from '@stdlib/random-base-normal';

/**
 * An explicit, seeded source of randomness. Every sampler, VI routine and distribution
 * sampler takes one as an argument; nothing in leapfrog calls Math.random.
 *
 * The generator is xor4096 (Brent 2006) from seedrandom: a long period and good
 * equidistribution, and, unlike Math.random, reproducible from a seed on every engine.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** The underlying uniform generator, to feed @stdlib/random factories ({ prng }). */
  readonly prng: () => number;
}

/** A generator whose stream depends only on `seed` and the `stream` index (e.g. a chain). */
export function makeRng(seed: number, stream = 0): Rng {
  if (!Number.isFinite(seed)) throw new Error(`makeRng: seed is ${seed}, but must be a finite number`);
  if (!Number.isInteger(stream) || stream < 0) {
    throw new Error(`makeRng: stream is ${stream}, but must be a non-negative integer`);
  }
  const prng = seedrandom.xor4096(`leapfrog:${seed}:${stream}`);
  const uniform = (): number => prng.double();
  const normal = normalFactory.factory(0, 1, { prng: uniform });
  return { uniform, normal: () => normal(), prng: uniform };
}
