// The automatic-differentiation core: values, ops, and the transforms over them.
export { Tensor, tensor, zeros, ones, fill, linspace, sizeOf, type Shape } from './tensor.js';
export { Box, primal, shapeOf, isValue, type Value, type Primal } from './trace.js';
export type { Tree } from './tree.js';
export { defineOp, apply, type OpDefinition, type OpContext, type VjpRule, type JvpRule } from './op.js';
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
} from './grad.js';
export { customGradient, type CustomGradientSpec } from './custom.js';
export { checkGrad, checkGradReport, type CheckGradOptions, type GradientCheckReport, type GradientComparison } from './check.js';
export { BufferPool, withBufferPool } from './buffers.js';
export { add, sub, mul, div, neg, pow } from './ops/arithmetic.js';
export { broadcastTo, sumToShape } from './ops/broadcasting.js';
export { exp, log, log1p, expm1, sqrt, square, abs, sin, cos, tan, tanh } from './ops/unary.js';
export { sigmoid, logit, softplus, logSigmoid } from './ops/link.js';
export { lgamma, digamma, trigamma, erf, erfc, Phi } from './ops/special.js';
export { unaryOp } from './ops/unary-op.js';
export { addAll, sum, mean, logSumExp, logAddExp, max, min } from './ops/reduce.js';
export { Mask, mask, where, whereBy, greater, greaterEqual, less, lessEqual, equal, sign, maximum, minimum, type Condition } from './ops/select.js';
export { reshape, flatten, at, unstack, slice, concat, stack, gather, type IndexArray } from './ops/shape.js';
export { dot, matvec, vecmat, outer, matmul, transpose } from './ops/linalg.js';
export { cumulativeSum, type CumulativeSumOptions } from './ops/cumulative.js';
export { cholesky } from './ops/cholesky.js';
export { triangularSolve, type TriangularSolveOptions } from './ops/triangular-solve.js';
