import { add, mul, neg } from '../../ad/ops/arithmetic.js';
import { cumulativeSum } from '../../ad/ops/cumulative.js';
import { logSigmoid } from '../../ad/ops/link.js';
import { sum } from '../../ad/ops/reduce.js';
import { concat, gather, reshape, slice } from '../../ad/ops/shape.js';
import { exp, tanh } from '../../ad/ops/unary.js';
import { Tensor, formatShape, zeros, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", Cholesky factors of correlation
// matrices (after Lewandowski, Kurowicka & Joe 2009, §2). The K(K−1)/2 unconstrained
// reals fill the strict lower triangle row by row as canonical partial correlations
// z = tanh(y); then, for row i and column j < i,
//   x_ij = z_ij · sqrt(1 − Σ_{j'<j} x_ij'²),   x_ii = sqrt(1 − Σ_{j<i} x_ij²),
// and log |J| = Σ log(1 − z_ij²) + ½ Σ_{i>j≥1} log(1 − Σ_{j'<j} x_ij'²)
// (Stan Math's cholesky_corr_constrain, with corr_constrain's tanh term), taken over the
// strictly lower triangle.
//
// Since 1 − Σ_{j'<j} x_ij'² = Π_{j'<j} (1 − z_ij'²), the square roots are exp of half a
// running sum along each row of w = log(1 − z²), and w itself is computed as
// 2 log 2 + logSigmoid(2y) + logSigmoid(−2y) (= log sech² y), finite for any y. The whole
// factor is a handful of tensor ops, independent of K.

/** Rows must have unit length within this (Stan's CONSTRAINT_TOLERANCE). */
const ROW_TOLERANCE = 1e-8;

function dimension(shape: Shape): number {
  checkShape('choleskyCorr', shape);
  if (shape.length !== 2 || shape[0] !== shape[1] || shape[0]! < 1) {
    throw new Error(`choleskyCorr: shape ${formatShape(shape)} is not valid; a Cholesky factor of a correlation matrix is K×K with K ≥ 1`);
  }
  return shape[0]!;
}

/**
 * For each cell of the K×K factor (row-major), 1 + the index of its unconstrained real
 * when the cell is strictly lower, else 0 (a leading zero is prepended to gather from).
 */
function strictLowerIndex(dimensionK: number): Int32Array {
  const index = new Int32Array(dimensionK * dimensionK);
  let k = 0;
  for (let i = 1; i < dimensionK; i++) for (let j = 0; j < i; j++) index[i * dimensionK + j] = ++k;
  return index;
}

/** The K×K matrix with the vector's entries in the strict lower triangle, row by row. */
function strictLower(vector: Value, dimensionK: number): Value {
  const padded = concat([zeros([1]), vector]);
  return reshape(gather(padded, strictLowerIndex(dimensionK)), [dimensionK, dimensionK]);
}

function identityMatrix(dimensionK: number): Tensor {
  const data = new Float64Array(dimensionK * dimensionK);
  for (let i = 0; i < dimensionK; i++) data[i * dimensionK + i] = 1;
  return new Tensor(data, [dimensionK, dimensionK]);
}

function strictLowerMask(dimensionK: number): Tensor {
  return new Tensor(Float64Array.from(strictLowerIndex(dimensionK), (v) => (v > 0 ? 1 : 0)), [dimensionK, dimensionK]);
}

export const choleskyCorrTransform: Transform = Object.freeze({
  name: 'choleskyCorr',
  unconstrainedSize(shape: Shape): number {
    const K = dimension(shape);
    return (K * (K - 1)) / 2;
  },
  forward(unconstrained: Value, shape: Shape) {
    const K = dimension(shape);
    const y = unconstrainedVector('choleskyCorr', unconstrained, (K * (K - 1)) / 2, shape);
    if (K === 1) return { value: identityMatrix(1), logAbsDetJacobian: 0 };
    const twiceY = mul(2, y);
    const logOneMinusZSquared = add(2 * Math.LN2, add(logSigmoid(twiceY), logSigmoid(neg(twiceY))));
    const z = strictLower(tanh(y), K);
    const w = strictLower(logOneMinusZSquared, K);
    // Row i, column j: log(1 − Σ_{j'<j} x_ij'²) = Σ_{j'<j} w_ij', a running sum shifted by one column.
    const logLeft = concat([zeros([K, 1]), slice(cumulativeSum(w, { axis: 1 }), 0, K - 1, 1)], 1);
    // (z + I) is zero above the diagonal, so the product is lower triangular.
    const value = mul(add(z, identityMatrix(K)), exp(mul(0.5, logLeft)));
    const logAbsDetJacobian = add(sum(logOneMinusZSquared), mul(0.5, sum(mul(logLeft, strictLowerMask(K)))));
    return { value, logAbsDetJacobian };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const K = dimension(shape);
    const x = constrainedData('choleskyCorr', constrained, shape);
    const out = new Float64Array((K * (K - 1)) / 2);
    let k = 0;
    for (let i = 0; i < K; i++) {
      const row = x.subarray(i * K, (i + 1) * K);
      for (let j = i + 1; j < K; j++) {
        if (row[j] !== 0) {
          throw new Error(`choleskyCorr: ${elementName(shape, i * K + j)} is ${row[j]}, but a Cholesky factor must be lower triangular (zero above the diagonal)`);
        }
      }
      if (!(row[i]! > 0) || !Number.isFinite(row[i])) {
        throw new Error(`choleskyCorr: ${elementName(shape, i * K + i)} is ${row[i]}, but the diagonal must be positive`);
      }
      let squaredLength = 0;
      for (let j = 0; j <= i; j++) squaredLength += row[j]! * row[j]!;
      if (!(Math.abs(squaredLength - 1) <= ROW_TOLERANCE)) {
        throw new Error(`choleskyCorr: row ${i} has length ${Math.sqrt(squaredLength)}, but each row must have unit length`);
      }
      // z_ij = x_ij / sqrt(1 − Σ_{j'<j} x_ij'²), with the remainder summed from the right
      // (x_ii² + Σ_{j'≥j} x_ij'²) so no cancellation occurs.
      const rowStart = k;
      let left = row[i]! * row[i]!;
      for (let j = i - 1; j >= 0; j--) {
        left += row[j]! * row[j]!;
        out[rowStart + j] = Math.atanh(row[j]! / Math.sqrt(left));
      }
      k += i;
    }
    return out;
  },
});
