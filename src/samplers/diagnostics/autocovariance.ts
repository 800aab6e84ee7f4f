import FFT from 'fft.js';
import { meanOf, varianceOf } from './moments.js';

/**
 * FFT plans by size: a plan is its size's tables (sines, bit reversals), the same for every
 * caller, and making one took as long as using it once (a report autocorrelates every
 * quantity). Transforms are synchronous, so sharing one is safe; results do not depend on
 * whether a plan was cached.
 */
const plans = new Map<number, FFT>();

function planOf(size: number): FFT {
  let plan = plans.get(size);
  if (plan === undefined) {
    plan = new FFT(size);
    plans.set(size, plan);
  }
  return plan;
}

/**
 * Autocovariances of each chain at every lag 0..n-1, by FFT (Wiener–Khinchin: the inverse
 * transform of the power spectrum is the circular autocorrelation; zero-padding to at least
 * 2n makes it the linear one). Lag t gets the "biased" estimate
 *   γ̂_t = (1/n) Σ_{i=1}^{n-t} (x_i - x̄)(x_{i+t} - x̄),
 * the divisor n for every lag as Geyer (1992) recommends, so the sequence is positive
 * definite. As posterior's `autocovariance`, lag 0 is rescaled to exactly the two-pass
 * variance (n-1)/n · var(x), which removes the FFT's rounding from the scale.
 *
 * One FFT plan serves all chains (they share a length). A constant chain has all-zero
 * autocovariances.
 */
export function autocovariances(chains: readonly Float64Array[]): Float64Array[] {
  const numDraws = chains[0]!.length;
  let size = 2;
  while (size < 2 * numDraws) size *= 2;
  const plan = planOf(size);
  const padded = new Float64Array(size);
  const spectrum = plan.createComplexArray() as number[];
  const power = plan.createComplexArray() as number[];
  const correlation = plan.createComplexArray() as number[];
  return chains.map((chain) => {
    const variance = varianceOf(chain);
    if (!(variance > 0)) return new Float64Array(numDraws);
    const mean = meanOf(chain);
    padded.fill(0);
    for (let draw = 0; draw < numDraws; draw += 1) padded[draw] = chain[draw]! - mean;
    plan.realTransform(spectrum, padded);
    plan.completeSpectrum(spectrum);
    for (let frequency = 0; frequency < size; frequency += 1) {
      const real = spectrum[2 * frequency]!;
      const imaginary = spectrum[2 * frequency + 1]!;
      power[2 * frequency] = real * real + imaginary * imaginary;
      power[2 * frequency + 1] = 0;
    }
    plan.inverseTransform(correlation, power);
    const scale = (variance * (numDraws - 1)) / numDraws / correlation[0]!;
    const result = new Float64Array(numDraws);
    for (let lag = 0; lag < numDraws; lag += 1) result[lag] = correlation[2 * lag]! * scale;
    return result;
  });
}
