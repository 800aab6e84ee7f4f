import { add, sub } from '../../../ad/ops/arithmetic.js';
import { PhiApprox } from '../../../ad/ops/composed.js';
import { Phi, digamma, erf, erfc, gammaP, gammaQ, incBeta, invErfc, invIncBeta, invPhi, lambertW0, lambertWm1, lgamma, tgamma, trigamma } from '../../../ad/ops/special.js';
import { exp } from '../../../ad/ops/unary.js';
import { primal, type Value } from '../../../ad/trace.js';
import { REAL, isScalar } from '../types.js';
import { lbeta, lchoose, owensT } from './density-math.js';
import { arity, elementwise, elementwise2, elementwise3, wrongArgument, type SpecFunction } from './function.js';

// Stan functions reference, "Real-valued basic functions": probability-related and
// combinatorial functions. The special functions are primitives with their own values
// (@stdlib) and derivatives (src/ad/scalar/special-primitives.ts); the rest compose them.

const logFallingFactorial = (x: Value, n: Value): Value => sub(lgamma(add(x, 1)), lgamma(add(sub(x, n), 1)));
const logRisingFactorial = (x: Value, n: Value): Value => sub(lgamma(add(x, n)), lgamma(x));

/** log Γ_k(x) = k(k − 1)/4 log π + Σ_{j=1..k} log Γ(x + (1 − j)/2), the multivariate log gamma function. */
function lmgamma(k: number, x: Value): Value {
  let total: Value = (k * (k - 1) * Math.log(Math.PI)) / 4;
  for (let j = 1; j <= k; j++) total = add(total, lgamma(add(x, (1 - j) / 2)));
  return total;
}

export const specialFunctions: readonly SpecFunction[] = [
  elementwise('lgamma', lgamma, 'log |Γ(x)|, the log of the absolute value of the gamma function.'),
  elementwise('tgamma', tgamma, 'The gamma function Γ(x) (poles at 0, −1, −2, …).'),
  elementwise('digamma', digamma, 'ψ(x) = d/dx log Γ(x).'),
  elementwise('trigamma', trigamma, 'ψ₁(x) = d²/dx² log Γ(x). Not differentiable in leapfrog (no tetragamma).'),
  elementwise2('lbeta', lbeta, 'log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), computed without cancellation for large arguments.'),
  elementwise2('beta', (a, b) => exp(lbeta(a, b)), 'The beta function B(a, b) = Γ(a)Γ(b)/Γ(a + b).'),
  elementwise2('lchoose', lchoose, 'The log of the binomial coefficient, log Γ(n + 1) − log Γ(k + 1) − log Γ(n − k + 1), for real n ≥ −1 and −1 ≤ k ≤ n + 1, by Stan’s algorithm (log-betas where the log-gammas would cancel).'),
  elementwise2('binomial_coefficient_log', lchoose, 'The same as lchoose (its older name).'),
  elementwise2('log_falling_factorial', logFallingFactorial, 'log of the falling factorial, log Γ(x + 1) − log Γ(x − n + 1).'),
  elementwise2('falling_factorial', (x, n) => exp(logFallingFactorial(x, n)), 'The falling factorial x(x − 1)⋯(x − n + 1) = Γ(x + 1)/Γ(x − n + 1).'),
  elementwise2('log_rising_factorial', logRisingFactorial, 'log of the rising factorial, log Γ(x + n) − log Γ(x).'),
  elementwise2('rising_factorial', (x, n) => exp(logRisingFactorial(x, n)), 'The rising factorial x(x + 1)⋯(x + n − 1) = Γ(x + n)/Γ(x).'),
  {
    name: 'lmgamma',
    usage: 'lmgamma(k, x)',
    doc: 'The log of the multivariate gamma function of dimension k (an int): k(k − 1)/4 log π + Σ_{j=1..k} log Γ(x + (1 − j)/2).',
    check: (args) => {
      const problem = arity('lmgamma', args, 2);
      if (problem !== undefined) return problem;
      if (args[0]!.type.kind !== 'int') return wrongArgument('lmgamma', 0, 'an int (the dimension)', args[0]!.type);
      return isScalar(args[1]!.type) ? REAL : wrongArgument('lmgamma', 1, 'a scalar', args[1]!.type);
    },
    kernel: ([k, x]) => lmgamma(primal(k!) as number, x!),
  },
  elementwise2('gamma_p', gammaP, 'The regularised lower incomplete gamma function P(a, z) = γ(a, z)/Γ(a), the gamma(a, 1) CDF at z (a > 0, z ≥ 0). Its derivative in a is a Richardson-extrapolated difference (first order only).'),
  elementwise2('gamma_q', gammaQ, 'The regularised upper incomplete gamma function Q(a, z) = 1 − P(a, z), accurate where P is near 1.'),
  elementwise3('inc_beta', ['a', 'b', 'x'], incBeta, 'The regularised incomplete beta function I_x(a, b), the beta(a, b) CDF at x (a, b > 0, 0 ≤ x ≤ 1). Its derivatives in a and b are Richardson-extrapolated differences (first order only).'),
  elementwise3('inv_inc_beta', ['a', 'b', 'p'], invIncBeta, 'The x in [0, 1] with I_x(a, b) = p: the beta(a, b) quantile. Derivatives by the implicit function theorem.'),
  elementwise2('owens_t', owensT, 'Owen’s T function T(h, a) = (1/2π) ∫₀^a exp(−h²(1 + x²)/2)/(1 + x²) dx (Owen 1956), by Gauss–Legendre quadrature and Owen’s identity for a > 1 (the primitive of the skew normal’s CDF).'),
  elementwise('erf', erf, 'The error function (2/√π) ∫₀ˣ e^(−t²) dt.'),
  elementwise('erfc', erfc, 'The complementary error function 1 − erf(x), accurate where erf(x) is near 1.'),
  elementwise('inv_erfc', invErfc, 'The inverse of erfc, for 0 ≤ x ≤ 2.'),
  elementwise('Phi', Phi, 'The standard normal CDF Φ(x) = erfc(−x/√2)/2.'),
  elementwise('inv_Phi', invPhi, 'The standard normal quantile Φ⁻¹(p), for 0 ≤ p ≤ 1 (±∞ at the ends).'),
  elementwise('Phi_approx', PhiApprox, 'A logistic approximation of Φ: inv_logit(0.07056 x³ + 1.5976 x) (Bowling et al. 2009), within 1.4e-4 of Φ.'),
  elementwise('lambert_w0', lambertW0, 'The principal branch of Lambert’s W: the w ≥ −1 with w eʷ = x, for x ≥ −1/e.'),
  elementwise('lambert_wm1', lambertWm1, 'The lower branch of Lambert’s W: the w ≤ −1 with w eʷ = x, for −1/e ≤ x < 0.'),
];

