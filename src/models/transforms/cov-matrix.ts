import { add } from '../../ad/ops/arithmetic.js';
import { Tensor, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { choleskyCovTransform } from './cholesky-cov.js';
import { factorOf, productLogJacobian, squareDimension, timesOwnTranspose } from './covariance-shapes.js';
import { constrainedData } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", covariance matrices: the K + K(K−1)/2
// unconstrained reals give a lower-triangular L with positive diagonal (exp of its
// unconstrained reals; cholesky-cov.ts, the same order as Stan's cov_matrix_constrain:
// row by row, the diagonal last in its row), and Σ = L Lᵀ. log |J| onto Σ's lower triangle
// is K log 2 + Σ_j (K − j + 1) log L_jj (0-based j): the factor's Σ_j log L_jj plus
// L ↦ L Lᵀ's K log 2 + Σ_j (K − j) log L_jj (covariance-shapes.ts), as Stan Math's.

export const covMatrixTransform: Transform = Object.freeze({
  name: 'covMatrix',
  unconstrainedSize(shape: Shape): number {
    const K = squareDimension('covMatrix', shape);
    return (K * (K + 1)) / 2;
  },
  forward(unconstrained: Value, shape: Shape) {
    const K = squareDimension('covMatrix', shape);
    const factor = choleskyCovTransform.forward(unconstrained, shape);
    const value = timesOwnTranspose(factor.value);
    return { value, logAbsDetJacobian: add(factor.logAbsDetJacobian, productLogJacobian(factor.value, K, 1, K * Math.LN2)) };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const K = squareDimension('covMatrix', shape);
    const x = constrainedData('covMatrix', constrained, shape);
    return choleskyCovTransform.inverse(new Tensor(factorOf('covMatrix', x, shape), [K, K]), shape);
  },
});
