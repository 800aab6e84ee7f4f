import { Tensor, makeRng, primal, valueAndGrad } from '../../src/index.js';
import type { BenchModel } from './bench-model.js';

/** |a − b| relative to max(1, |a|, |b|): relative for large values, absolute near zero. */
export function relativeDifference(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

export interface Agreement {
  /** Largest relative difference over the log densities and all gradient coordinates. */
  readonly maxRelativeDifference: number;
  /** Where it occurred: 'log density' or 'gradient[i]' (0-based), and the point's number. */
  readonly where: string;
}

/**
 * Compares the hand-written log density and gradient with leapfrog's AD at `points` random
 * positions (coordinates normal(0, `spread`), seeded), the check `npm run bench` and
 * test/bench run before trusting a timing.
 */
export function handwrittenAgreement(model: BenchModel, options: { points?: number; seed?: number; spread?: number } = {}): Agreement {
  const { points = 5, seed = 20240601, spread = 0.5 } = options;
  const rng = makeRng(seed, 0);
  const adGradient = valueAndGrad(model.logDensity);
  const gradient = new Float64Array(model.dimension);
  let worst = 0;
  let where = 'nowhere';
  for (let k = 0; k < points; k++) {
    const position = Float64Array.from({ length: model.dimension }, () => spread * rng.normal());
    const ad = adGradient(new Tensor(position.slice(), [model.dimension]));
    const value = model.handwritten(position, gradient);
    const adValue = primal(ad.value) as number;
    const adGrad = (primal(ad.grad as Tensor) as Tensor).data;
    const consider = (difference: number, label: string): void => {
      // NaN counts as the worst disagreement.
      if (!(difference <= worst)) {
        worst = Number.isNaN(difference) ? Infinity : difference;
        where = `${label} at point ${k + 1}`;
      }
    };
    consider(relativeDifference(adValue, value), 'log density');
    for (let i = 0; i < model.dimension; i++) consider(relativeDifference(adGrad[i]!, gradient[i]!), `gradient[${i}]`);
  }
  return { maxRelativeDifference: worst, where };
}
