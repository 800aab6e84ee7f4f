import { add, mul, sub } from '../../ad/ops/arithmetic.js';
import { mask, where, whereBy, type Condition } from '../../ad/ops/select.js';
import { lgamma } from '../../ad/ops/special.js';
import { log } from '../../ad/ops/unary.js';
import { Box, primal, type Value } from '../../ad/trace.js';

// Small compositions of AD ops that the composed densities share. Each keeps its value and
// its gradient finite at the boundary cases the densities meet (0 · log 0 = 0).

const hasZero = (x: Value): boolean => {
  const p = primal(x);
  return typeof p === 'number' ? p === 0 : p.data.includes(0);
};

/**
 * x · log(y), taken as 0 where x = 0 (so 0 · log 0 = 0, as in the binomial and beta
 * densities at the ends of their supports). The log is taken of a safe stand-in at those
 * elements so that no NaN reaches the gradient through `where` (the "double where" idiom).
 */
export function xlogy(x: Value, y: Value): Value {
  // A traced x is tested inside whereBy, so a replayed gradient tests it anew.
  if (x instanceof Box) return whereBy(x, isNonzero, mul(x, log(whereBy(x, isNonzero, y, 1))), 0);
  if (!hasZero(x)) return mul(x, log(y));
  const nonzero: Condition = mask(x, isNonzero);
  return where(nonzero, mul(x, log(where(nonzero, y, 1))), 0);
}

const isNonzero = (v: number): boolean => v !== 0;

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b). */
export function lbeta(a: Value, b: Value): Value {
  return sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)));
}
