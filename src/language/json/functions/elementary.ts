import { ceil, floor, round, sign, step, trunc } from '../../../ad/ops/rounding.js';
import { acos, acosh, asin, asinh, atan, atan2, atanh, cosh, sinh } from '../../../ad/ops/trigonometric.js';
import { cos, sin, tan, tanh } from '../../../ad/ops/unary.js';
import { primal } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { INT } from '../types.js';
import { arity, checkedInt, constantFunction, elementwise, elementwise2, integerValued, wrongArgument, type SpecFunction } from './function.js';

// Stan functions reference, "Real-valued basic functions" (constants, trigonometric and
// hyperbolic functions, rounding, step functions) and "Integer-valued basic functions".
// Rounding and step functions are piecewise constant: zero derivative, as Stan defines.

/** C(n, k) for ints, 0 when k > n, exactly (the product loop stays below 2⁵³ while the result fits an int). */
function choose(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0 || k < 0) throw new EvaluationError(`choose: n and k must be non-negative ints, but are ${n} and ${k}`);
  if (k > n) return 0;
  const m = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= m; i++) {
    c = (c * (n - m + i)) / i;
    checkedInt('choose', c);
  }
  return Math.round(c);
}

export const elementaryFunctions: readonly SpecFunction[] = [
  constantFunction('pi', Math.PI, 'The number π.'),
  constantFunction('e', Math.E, 'Euler’s number e = exp(1).'),
  constantFunction('sqrt2', Math.SQRT2, 'The square root of 2.'),
  constantFunction('not_a_number', NaN, 'NaN, the IEEE “not a number”.'),
  constantFunction('positive_infinity', Infinity, 'Positive infinity, +∞.'),
  constantFunction('negative_infinity', -Infinity, 'Negative infinity, −∞.'),
  constantFunction('machine_precision', Number.EPSILON, 'The distance from 1 to the next double, 2⁻⁵² ≈ 2.2e-16.'),
  elementwise('sin', sin, 'The sine (radians).'),
  elementwise('cos', cos, 'The cosine (radians).'),
  elementwise('tan', tan, 'The tangent (radians).'),
  elementwise('asin', asin, 'The arcsine, in [−π/2, π/2] (NaN outside [−1, 1]).'),
  elementwise('acos', acos, 'The arccosine, in [0, π] (NaN outside [−1, 1]).'),
  elementwise('atan', atan, 'The arctangent, in (−π/2, π/2).'),
  elementwise2('atan2', atan2, 'atan2(y, x): the angle of the point (x, y) from the positive x axis, in (−π, π].'),
  elementwise('sinh', sinh, 'The hyperbolic sine.'),
  elementwise('cosh', cosh, 'The hyperbolic cosine.'),
  elementwise('tanh', tanh, 'The hyperbolic tangent.'),
  elementwise('asinh', asinh, 'The inverse hyperbolic sine.'),
  elementwise('acosh', acosh, 'The inverse hyperbolic cosine (x ≥ 1).'),
  elementwise('atanh', atanh, 'The inverse hyperbolic tangent (−1 < x < 1).'),
  elementwise('floor', floor, 'The largest integer ≤ x, as a real. Zero derivative.'),
  elementwise('ceil', ceil, 'The smallest integer ≥ x, as a real. Zero derivative.'),
  elementwise('round', round, 'The nearest integer, halves away from zero (round(−2.5) = −3), as a real. Zero derivative.'),
  elementwise('trunc', trunc, 'x rounded toward zero, as a real. Zero derivative.'),
  elementwise('step', step, 'A real: 0 where x < 0, else 1 (so step(0) = 1, as in Stan). Zero derivative.'),
  elementwise('sign', sign, 'The sign −1, 0 or 1 of x; an int for an int argument. Zero derivative.', { intToInt: true }),
  integerValued('int_step', (x) => (x > 0 ? 1 : 0), 'An int: 1 where x > 0, else 0 (int_step(0) = 0, and 0 for NaN).'),
  integerValued('is_inf', (x) => (x === Infinity || x === -Infinity ? 1 : 0), 'An int: 1 where x is +∞ or −∞, else 0.'),
  integerValued('is_nan', (x) => (Number.isNaN(x) ? 1 : 0), 'An int: 1 where x is NaN, else 0.'),
  integerValued(
    'to_int',
    (x) => {
      if (Number.isNaN(x)) throw new EvaluationError('to_int: the value is NaN, which has no int');
      return Math.trunc(x);
    },
    'Truncates a real toward zero to an int (as C’s cast); an error for NaN or a value outside the 32-bit int range. Meant for data, as in Stan.',
  ),
  {
    name: 'choose',
    usage: 'choose(n, k)',
    doc: 'The binomial coefficient n!/(k!(n − k)!) for ints 0 ≤ k ≤ n, and 0 when k > n; an error when the result overflows an int.',
    check: (args) => {
      const problem = arity('choose', args, 2);
      if (problem !== undefined) return problem;
      const bad = args.findIndex((a) => a.type.kind !== 'int');
      return bad >= 0 ? wrongArgument('choose', bad, 'an int', args[bad]!.type) : INT;
    },
    kernel: ([n, k]) => choose(primal(n!) as number, primal(k!) as number),
  },
];
