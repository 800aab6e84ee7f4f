import { gather, flatten } from '../../../ad/ops/shape.js';
import { Tensor } from '../../../ad/tensor.js';
import { shapeOf, type Value } from '../../../ad/trace.js';

/** The n × n identity matrix (a constant). */
export function identity(n: number): Tensor {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return new Tensor(data, [n, n]);
}

/** The diagonal of a square matrix, as a vector (one gather). */
export function diagonalOf(m: Value): Value {
  const n = shapeOf(m)[0]!;
  return gather(flatten(m), Int32Array.from({ length: n }, (_, i) => i * (n + 1)));
}
