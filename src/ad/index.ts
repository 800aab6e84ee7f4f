// The automatic-differentiation core: values, ops, and the transforms over them.
export { Tensor, tensor, zeros, ones, fill, linspace, sizeOf, type Shape } from './tensor';
export { Box, primal, shapeOf, isValue, type Value, type Primal } from './trace';
export type { Tree } from './tree';
export { defineOp, apply, type OpDefinition, type OpContext, type VjpRule, type JvpRule } from './op';
export {
  grad,
  valueAndGrad,
  vjp,
  jvp,
  elementwiseGrad,
  jacobian,
  hessian,
  hessianVectorProduct,
  stopGradient,
  type ValueAndGrad,
} from './grad';
export { customGradient, type CustomGradientSpec } from './custom';
export { checkGrad, type CheckGradOptions } from './check';
export { BufferPool, withBufferPool } from './buffers';
export { add, sub, mul, div, neg, pow } from './ops/arithmetic';
export { broadcastTo, sumToShape } from './ops/broadcasting';
export { exp, log, log1p, expm1, sqrt, square, abs, sin, cos, tan, tanh } from './ops/unary';
export { sigmoid, invLogit, logit, softplus, log1pExp, logSigmoid } from './ops/link';
export { lgamma, digamma, trigamma, erf, erfc, Phi } from './ops/special';
export { unaryOp } from './ops/unary-op';
export { addAll, sum, mean, logSumExp, logAddExp, max, min } from './ops/reduce';
export { Mask, mask, where, whereBy, greater, greaterEqual, less, lessEqual, equal, sign, maximum, minimum, type Condition } from './ops/select';
export { reshape, flatten, at, unstack, slice, concat, stack, gather, type IndexArray } from './ops/shape';
export { dot, matvec, vecmat, outer, matmul, transpose } from './ops/linalg';
export { cumulativeSum, type CumulativeSumOptions } from './ops/cumulative';
export { cholesky } from './ops/cholesky';
export { triangularSolve, type TriangularSolveOptions } from './ops/triangular-solve';
