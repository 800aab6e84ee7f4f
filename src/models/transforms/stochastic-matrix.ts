import { transpose } from '../../ad/ops/linalg.js';
import { Tensor, formatShape, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData } from './shapes.js';
import { simplexTransform } from './simplex.js';
import type { Transform } from './transform.js';

// Stan's stochastic matrices (reference manual, "Constraint transforms", stochastic
// matrices): every row (row_stochastic_matrix) or every column (column_stochastic_matrix)
// of an N×M matrix is a simplex, each through the stick-breaking transform (simplex.ts).
// Row-stochastic is the simplex transform over the last axis as it stands (batched);
// column-stochastic is the simplex transform of the M×N transpose, column after column in θ
// as Stan lays them out.

function matrixShape(transformName: string, shape: Shape): [number, number] {
  checkShape(transformName, shape);
  if (shape.length !== 2) throw new Error(`${transformName}: shape ${formatShape(shape)} is not valid; a stochastic matrix is N×M`);
  return [shape[0]!, shape[1]!];
}

export const rowStochasticTransform: Transform = Object.freeze({
  name: 'rowStochastic',
  batched: true,
  unconstrainedSize: (shape: Shape): number => simplexTransform.unconstrainedSize(shape),
  forward: (unconstrained: Value, shape: Shape) => simplexTransform.forward(unconstrained, shape),
  inverse: (constrained: Primal, shape: Shape): Float64Array => simplexTransform.inverse(constrained, shape),
});

export const columnStochasticTransform: Transform = Object.freeze({
  name: 'columnStochastic',
  unconstrainedSize(shape: Shape): number {
    const [rows, columns] = matrixShape('columnStochastic', shape);
    return simplexTransform.unconstrainedSize([columns, rows]);
  },
  forward(unconstrained: Value, shape: Shape) {
    const [rows, columns] = matrixShape('columnStochastic', shape);
    const columnsAsRows = simplexTransform.forward(unconstrained, [columns, rows]);
    return { value: transpose(columnsAsRows.value), logAbsDetJacobian: columnsAsRows.logAbsDetJacobian };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const [rows, columns] = matrixShape('columnStochastic', shape);
    const x = constrainedData('columnStochastic', constrained, shape);
    const transposed = new Float64Array(x.length);
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) transposed[j * rows + i] = x[i * columns + j]!;
    return simplexTransform.inverse(new Tensor(transposed, [columns, rows]), [columns, rows]);
  },
});
