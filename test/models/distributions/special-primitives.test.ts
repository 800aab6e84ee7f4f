import betaln from '@stdlib/math-base-special-betaln';
import binomcoefln from '@stdlib/math-base-special-binomcoefln';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { applyElementwise, elementwiseOp } from '../../../src/ad/ops/elementwise.js';
import type { Primitive } from '../../../src/ad/scalar/expr.js';
import type { Value } from '../../../src/ad/trace.js';
import { BESSEL_RATIO, LOG_BESSEL_I0 } from '../../../src/models/distributions/bessel.js';
import { LOG_GAMMA_P, LOG_GAMMA_Q } from '../../../src/models/distributions/incomplete-gamma.js';
import { LOG_INC_BETA } from '../../../src/models/distributions/incomplete-beta.js';
import { ATAN2, LBETA, LCHOOSE, LCHOOSE_NEG_BINOMIAL, LOG1M_EXP, lchoose } from '../../../src/models/distributions/special-primitives.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

// The distributions' own primitives: values against references (stdlib, closed forms, R)
// and derivatives — declared once beside each value — against finite differences, forward
// against reverse mode, to second order where the primitive's derivative is differentiable.

const closeTo = (got: number, want: number, tolerance = 1e-12): boolean => got === want || Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

/** The primitive as a differentiable function of traced values. */
function asFunction(p: Primitive): (x: Value[]) => Value {
  const op = elementwiseOp({ name: p.name, argNames: Array.from({ length: p.arity }, (_, k) => `x${k}`), value: (e, args) => e.b.apply(p, args) });
  return (x) => applyElementwise(op, x);
}

describe('values', () => {
  it('lbeta is stdlib betaln; lchoose matches binomcoefln on integers and log-gamma or product forms on reals', () => {
    expect(LBETA.evaluate(2.5, 7)).toBe(betaln(2.5, 7));
    for (const [n, k] of [[10, 3], [1000, 999], [5, 0], [4, 7], [3, -1]] as const) expect(lchoose(n, k)).toBe(binomcoefln(n, k));
    for (const [n, k] of [[4.5, 2], [7.25, 3.5], [2.5, 0.5], [9.5, 9.5]] as const) {
      expect(closeTo(lchoose(n, k), gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1), 1e-13), `lchoose(${n}, ${k})`).toBe(true);
    }
    // Large real N, integer k: log of N(N − 1)⋯(N − k + 1)/k!, where log-gamma differences cancel.
    const n = 1e12 + 0.5;
    const product = Math.log(n) + Math.log(n - 1) + Math.log(n - 2) - Math.log(6);
    expect(closeTo(lchoose(n, 3), product, 1e-14)).toBe(true);
    expect(LCHOOSE_NEG_BINOMIAL.evaluate(3, 2.5)).toBe(lchoose(4.5, 3));
  });

  it('log1m_exp keeps its digits near 0 and in the far tail; atan2 is Math.atan2', () => {
    expect(closeTo(LOG1M_EXP.evaluate(-1e-20), Math.log(1e-20), 1e-15)).toBe(true);
    expect(closeTo(LOG1M_EXP.evaluate(-50), -Math.exp(-50), 1e-15)).toBe(true);
    expect(closeTo(LOG1M_EXP.evaluate(-1), Math.log(1 - Math.exp(-1)), 1e-15)).toBe(true);
    expect(LOG1M_EXP.evaluate(0)).toBe(-Infinity);
    expect(ATAN2.evaluate(1, -3)).toBe(Math.atan2(1, -3));
  });

  it('log I₀ and I₁/I₀ match R (besselI, exponentially scaled) across the series/asymptotic switch at 30', () => {
    // Rscript -e 'for (k in c(...)) cat(log(besselI(k, 0, TRUE)) + k, besselI(k, 1, TRUE) / besselI(k, 0, TRUE))'
    const reference: readonly (readonly [number, number, number])[] = [
      [0, 0, 0],
      [0.001, 2.4999998440595333e-7, 0.00049999993750001045],
      [0.5, 0.061549719185481189, 0.24249961258080197],
      [2, 0.82399354148295623, 0.69777465796400806],
      [15, 12.735669109476905, 0.96606956398650801],
      [29.9, 27.286385310555094, 0.98313283326580569],
      [30.1, 27.483023208951185, 0.98324589715371102],
      [100, 96.779732689942591, 0.99498737300516871],
      [1000, 995.62730888986948, 0.99949987487480418],
    ];
    for (const [kappa, logI0, ratio] of reference) {
      expect(closeTo(LOG_BESSEL_I0.evaluate(kappa), logI0, 1e-14), `log I0(${kappa})`).toBe(true);
      expect(closeTo(BESSEL_RATIO.evaluate(kappa), ratio, 1e-14), `I1/I0(${kappa})`).toBe(true);
    }
  });

  it('log P and log Q are stdlib gammainc in the bulk and stay finite in the far tails', () => {
    expect(LOG_GAMMA_P.evaluate(2.5, 1.3)).toBe(Math.log(gammainc(1.3, 2.5)));
    expect(LOG_GAMMA_Q.evaluate(2.5, 1.3)).toBe(Math.log(gammainc(1.3, 2.5, true, true)));
    // Leading terms: log Q(a, x) ≈ (a − 1) log x − x − log Γ(a) + log(1 + (a − 1)/x); log P(a, x) ≈ a log x − x − log Γ(a + 1) + log(1 + x/(a + 1)).
    expect(closeTo(LOG_GAMMA_Q.evaluate(1, 2000), -2000, 1e-14)).toBe(true);
    expect(closeTo(LOG_GAMMA_P.evaluate(1201, 0.5), 1201 * Math.log(0.5) - 0.5 - gammaln(1202) + Math.log1p(0.5 / 1202 + 0.25 / (1202 * 1203)), 1e-12)).toBe(true);
  });
});

describe('derivatives', () => {
  it.each([
    ['lbeta', LBETA, [2.5, 0.7], 2],
    ['lchoose', LCHOOSE, [7.3, 2.2], 2],
    ['lchoose (large N)', LCHOOSE, [40.5, 3.25], 2],
    ['negative binomial coefficient', LCHOOSE_NEG_BINOMIAL, [3.5, 2.5], 2],
    ['log1m_exp (near 0)', LOG1M_EXP, [-0.1], 2],
    ['log1m_exp (tail)', LOG1M_EXP, [-3], 2],
    ['atan2', ATAN2, [0.7, -1.3], 2],
    ['log I0 (series)', LOG_BESSEL_I0, [2.5], 2],
    ['log I0 (asymptotic)', LOG_BESSEL_I0, [45], 2],
    ['I1/I0', BESSEL_RATIO, [4.5], 2],
    ['log P (x only at second order: the shape derivative is numerical)', LOG_GAMMA_P, [2.5, 1.3], 1],
    ['log Q', LOG_GAMMA_Q, [2.5, 1.3], 1],
    ['log incomplete beta', LOG_INC_BETA, [2.5, 1.5, 0.3], 1],
  ] as const)('%s', (_name, primitive, x, order) => {
    expectGradientsMatch(asFunction(primitive), [...x], 1e-6, order);
  });

  it('I1/I0 is κ/2 to first order near 0 (so its derivative there, taken as ½, is right)', () => {
    const out = BESSEL_RATIO.evaluate(1e-6) / 1e-6;
    expect(closeTo(out, 0.5, 1e-9)).toBe(true);
  });
});
