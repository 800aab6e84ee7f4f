import gammainc from '@stdlib/math-base-special-gammainc';
import { binaryKernel } from '../../ad/broadcast.js';
import { apply, defineOp, type OpContext } from '../../ad/op.js';
import { mul, neg, sub } from '../../ad/ops/arithmetic.js';
import { broadcastTo, sumToShape } from '../../ad/ops/broadcasting.js';
import { lgamma } from '../../ad/ops/special.js';
import { exp, log } from '../../ad/ops/unary.js';
import { shapeOf, type Value } from '../../ad/trace.js';

// log P(a, x) and log Q(a, x), the regularised incomplete gamma functions (the gamma
// distribution's log CDF and log CCDF at x = βy), as differentiable ops.
//   ∂/∂x log P =  x^(a−1) e^(−x) / (Γ(a) P),   ∂/∂x log Q = −x^(a−1) e^(−x) / (Γ(a) Q),
// written with AD ops and the saved output, so they differentiate again. ∂/∂a has no
// closed form (Stan sums a series in grad_reg_lower_inc_gamma); here it is a central
// difference of stdlib's accurately computed log P or log Q in a, with one Richardson
// extrapolation (truncation O(h⁴) ≈ 1e-12 at h = 1e-3·max(1, a)), and is itself not
// differentiable (second derivatives in the shape throw, as for trigamma).

const logP = (a: number, x: number): number => Math.log(gammainc(x, a, true, false));
const logQ = (a: number, x: number): number => Math.log(gammainc(x, a, true, true));

function shapeDerivative(f: (a: number, x: number) => number): (a: number, x: number) => number {
  return (a, x) => {
    const h = 1e-3 * Math.max(1, a);
    // Keep a − h > 0 for small shapes.
    const step = Math.min(h, 0.5 * a);
    const central = (s: number): number => (f(a + s, x) - f(a - s, x)) / (2 * s);
    return (4 * central(step / 2) - central(step)) / 3;
  };
}

function shapeDerivativeOp(name: string, f: (a: number, x: number) => number) {
  const kernel = binaryKernel(name, shapeDerivative(f));
  const op = defineOp({ name, argNames: ['a', 'x'], forward: ([a, x]) => kernel(a!, x!), vjp: [], jvp: [] });
  return (a: Value, x: Value): Value => apply(op, [a, x], undefined);
}

const dLogPda = shapeDerivativeOp('logGammaP shape derivative', logP);
const dLogQda = shapeDerivativeOp('logGammaQ shape derivative', logQ);

/** x^(a−1) e^(−x) / Γ(a) divided by exp(ans): the x-derivative of the log of P (or −Q). */
const densityOverAns = ({ args, ans }: OpContext<undefined>): Value => {
  const [a, x] = args as [Value, Value];
  return exp(sub(sub(sub(mul(sub(a, 1), log(x)), x), lgamma(a)), ans));
};

function incompleteGammaOp(name: string, f: (a: number, x: number) => number, shapeRule: (a: Value, x: Value) => Value, sign: 1 | -1) {
  const kernel = binaryKernel(name, f);
  const xFactor = (ctx: OpContext<undefined>): Value => (sign === 1 ? densityOverAns(ctx) : neg(densityOverAns(ctx)));
  const toArg = (v: Value, ctx: OpContext<undefined>, i: number): Value => sumToShape(v, shapeOf(ctx.args[i]!));
  const toAns = (t: Value, ctx: OpContext<undefined>): Value => broadcastTo(t, shapeOf(ctx.ans));
  const op = defineOp({
    name,
    argNames: ['a', 'x'],
    forward: ([a, x]) => kernel(a!, x!),
    vjp: [
      (g, ctx) => toArg(mul(g, shapeRule(ctx.args[0]!, ctx.args[1]!)), ctx, 0),
      (g, ctx) => toArg(mul(g, xFactor(ctx)), ctx, 1),
    ],
    jvp: [
      (t, ctx) => toAns(mul(t, shapeRule(ctx.args[0]!, ctx.args[1]!)), ctx),
      (t, ctx) => toAns(mul(t, xFactor(ctx)), ctx),
    ],
  });
  return (a: Value, x: Value): Value => apply(op, [a, x], undefined);
}

/** log P(a, x) = log(γ(a, x)/Γ(a)): the log CDF of gamma(a, 1) at x. */
export const logGammaP = incompleteGammaOp('logGammaP', logP, dLogPda, 1);
/** log Q(a, x) = log(Γ(a, x)/Γ(a)): the log CCDF of gamma(a, 1) at x. */
export const logGammaQ = incompleteGammaOp('logGammaQ', logQ, dLogQda, -1);

