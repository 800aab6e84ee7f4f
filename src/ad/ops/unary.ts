import { add, div, mul, neg, sub } from './arithmetic';
import { unaryOp } from './unary-op';
import { sign } from './select';

// Elementary functions; each derivative is stated with the forward it belongs to.

export const exp = unaryOp('exp', Math.exp, (_x, ans) => ans);
export const log = unaryOp('log', Math.log, (x) => div(1, x));
export const log1p = unaryOp('log1p', Math.log1p, (x) => div(1, add(1, x)));
export const expm1 = unaryOp('expm1', Math.expm1, (_x, ans) => add(ans, 1));
export const sqrt = unaryOp('sqrt', Math.sqrt, (_x, ans) => div(0.5, ans));
export const square = unaryOp('square', (x) => x * x, (x) => mul(2, x));
/** |x|; its derivative at 0 is taken as 0 (a subgradient), as in autograd and JAX. */
export const abs = unaryOp('abs', Math.abs, (x) => sign(x));
export const sin = unaryOp('sin', Math.sin, (x) => cos(x));
export const cos = unaryOp('cos', Math.cos, (x) => neg(sin(x)));
export const tan = unaryOp('tan', Math.tan, (_x, ans) => add(1, mul(ans, ans)));
export const tanh = unaryOp('tanh', Math.tanh, (_x, ans) => sub(1, mul(ans, ans)));
