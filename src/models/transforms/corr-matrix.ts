import { add } from '../../ad/ops/arithmetic.js';
import { Tensor, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { choleskyCorrTransform } from './cholesky-corr.js';
import { MATRIX_TOLERANCE, factorOf, productLogJacobian, squareDimension, timesOwnTranspose } from './covariance-shapes.js';
import { constrainedData, elementName } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", correlation matrices: the K(K−1)/2
// unconstrained reals give a Cholesky factor L of a correlation matrix (cholesky-corr.ts),
// and Ω = L Lᵀ. log |J| onto Ω's strict lower triangle is the factor's own plus
// Σ_{j<K} (K − 1 − j) log L_jj (0-based; covariance-shapes.ts), which equals Stan Math's
// read_corr_matrix term written over canonical partial correlations.

export const corrMatrixTransform: Transform = Object.freeze({
  name: 'corrMatrix',
  unconstrainedSize(shape: Shape): number {
    const K = squareDimension('corrMatrix', shape);
    return (K * (K - 1)) / 2;
  },
  forward(unconstrained: Value, shape: Shape) {
    const K = squareDimension('corrMatrix', shape);
    const factor = choleskyCorrTransform.forward(unconstrained, shape);
    if (K === 1) return factor;
    const value = timesOwnTranspose(factor.value);
    return { value, logAbsDetJacobian: add(factor.logAbsDetJacobian, productLogJacobian(factor.value, K, 0, 0)) };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const K = squareDimension('corrMatrix', shape);
    const x = constrainedData('corrMatrix', constrained, shape);
    for (let i = 0; i < K; i++) {
      const d = x[i * K + i]!;
      if (!(Math.abs(d - 1) <= MATRIX_TOLERANCE)) throw new Error(`corrMatrix: ${elementName(shape, i * K + i)} is ${d}, but a correlation matrix has 1 on its diagonal`);
    }
    const lower = factorOf('corrMatrix', x, shape);
    // Rows of the factor have unit length up to rounding; renormalised so that the factor's own check holds.
    for (let i = 0; i < K; i++) {
      let squared = 0;
      for (let j = 0; j <= i; j++) squared += lower[i * K + j]! ** 2;
      const norm = Math.sqrt(squared);
      for (let j = 0; j <= i; j++) lower[i * K + j]! /= norm;
    }
    return choleskyCorrTransform.inverse(new Tensor(lower, [K, K]), shape);
  },
});
