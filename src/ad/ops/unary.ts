import { unaryOp } from './unary-op.js';

// Elementary functions, each declared by its value per element; each primitive's
// derivative is stated once, beside its value, in src/ad/scalar/primitives.ts.

export const exp = unaryOp('exp', (e, x) => e.exp(x));
export const log = unaryOp('log', (e, x) => e.log(x));
export const log1p = unaryOp('log1p', (e, x) => e.log1p(x));
export const expm1 = unaryOp('expm1', (e, x) => e.expm1(x));
export const sqrt = unaryOp('sqrt', (e, x) => e.sqrt(x));
export const square = unaryOp('square', (e, x) => e.mul(x, x));
/** |x|; its derivative at 0 is taken as 0 (a subgradient), as in autograd and JAX. */
export const abs = unaryOp('abs', (e, x) => e.abs(x));
export const sin = unaryOp('sin', (e, x) => e.sin(x));
export const cos = unaryOp('cos', (e, x) => e.cos(x));
export const tan = unaryOp('tan', (e, x) => e.tan(x));
export const tanh = unaryOp('tanh', (e, x) => e.tanh(x));
