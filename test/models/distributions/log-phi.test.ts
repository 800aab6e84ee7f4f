import erfcx from '@stdlib/math-base-special-erfcx';
import { describe, expect, it } from 'vitest';
import { logPhiScalar } from '../../../src/models/distributions/log-phi.js';
import { makeRng } from '../../../src/random/rng.js';

// log Φ (src/models/distributions/log-phi.ts) against R's pnorm(x, log.p = TRUE) and, over the
// lower tail, against the scaled complementary error function: log(½ erfcx(−x/√2)) − x²/2.

/** R 4.2: sprintf("%.17g", pnorm(x, log.p = TRUE)). */
const R_VALUES: readonly (readonly [number, number])[] = [
  [-1000, -500007.82669481216],
  [-100, -5005.5242086942053],
  [-40, -804.6084420137538],
  [-37.5, -707.66898931750723],
  [-37, -689.03058557689064],
  [-36.5, -670.64200000031371],
  [-20, -203.91715537109727],
  [-5, -15.064998393988725],
  [-1, -1.8410216450092636],
  [-0.001, -0.69394538346696522],
  [0, -0.69314718055994529],
  [0.5, -0.36894641528865652],
  [3, -0.0013508099647481938],
  [8, -6.2209605742717868e-16],
  [30, -4.9067139271481872e-198],
];

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('logPhiScalar', () => {
  // Far in the upper tail log Φ(x) = log1p(−½ erfc(x/√2)) ≈ −½ erfc(x/√2), as accurate as
  // erfc there (~1e-13 relative at x = 30).
  it.each(R_VALUES)('log Φ(%d) as R gives it', (x, expected) => {
    expect(relative(logPhiScalar(x), expected)).toBeLessThan(x > 3 ? 2e-13 : 2e-15);
  });

  it('equals log(½ erfcx(−x/√2)) − x²/2 to 2e-15 relative over the lower tail, both sides of the series switch', () => {
    const rng = makeRng(3, 0);
    for (let i = 0; i < 20000; i++) {
      const x = -Math.exp(Math.log(5000) * rng.uniform());
      const reference = Math.log(0.5 * erfcx(-x / Math.SQRT2)) - 0.5 * x * x;
      expect(relative(logPhiScalar(x), reference), `x = ${x}`).toBeLessThan(2e-15);
    }
  });
});
