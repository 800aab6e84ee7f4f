import { add, div, mul, neg, sub } from './arithmetic.js';
import { unaryOp } from './unary-op.js';
import { sign } from './select.js';

// Elementary functions; each derivative is stated with the forward it belongs to. The last
// argument is the op's own loop over a tensor (see unaryOp): same numbers, no call per element.

export const exp = unaryOp('exp', Math.exp, (_x, ans) => ans, (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.exp(x[i]!);
});
export const log = unaryOp('log', Math.log, (x) => div(1, x), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.log(x[i]!);
});
export const log1p = unaryOp('log1p', Math.log1p, (x) => div(1, add(1, x)), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.log1p(x[i]!);
});
export const expm1 = unaryOp('expm1', Math.expm1, (_x, ans) => add(ans, 1), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.expm1(x[i]!);
});
export const sqrt = unaryOp('sqrt', Math.sqrt, (_x, ans) => div(0.5, ans), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.sqrt(x[i]!);
});
export const square = unaryOp('square', (x) => x * x, (x) => mul(2, x), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = x[i]! * x[i]!;
});
/** |x|; its derivative at 0 is taken as 0 (a subgradient), as in autograd and JAX. */
export const abs = unaryOp('abs', Math.abs, (x) => sign(x), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.abs(x[i]!);
});
export const sin = unaryOp('sin', Math.sin, (x) => cos(x), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.sin(x[i]!);
});
export const cos = unaryOp('cos', Math.cos, (x) => neg(sin(x)), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.cos(x[i]!);
});
export const tan = unaryOp('tan', Math.tan, (_x, ans) => add(1, mul(ans, ans)), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.tan(x[i]!);
});
export const tanh = unaryOp('tanh', Math.tanh, (_x, ans) => sub(1, mul(ans, ans)), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.tanh(x[i]!);
});
