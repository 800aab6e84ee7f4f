import { addAll } from '../../ad/ops/reduce.js';
import { reshape, slice, stack } from '../../ad/ops/shape.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// An array of constrained values (Stan's `array[G] cholesky_factor_corr[K] L`) through a
// transform that takes one value at a time: element after element, each owning a block of
// θ of the element's unconstrained size, as Stan lays arrays out. Transforms that take
// leading axes themselves (`batched`, such as simplex) do not need this.

/** The transform of a value of shape [...array, ...elementShape], applying `element` to each element. */
export function arrayOfTransform(element: Transform, elementShape: Shape): Transform {
  const elementSize = element.unconstrainedSize(elementShape);
  const arrayDims = (shape: Shape): Shape => {
    checkShape(`array of ${element.name}`, shape);
    const rank = shape.length - elementShape.length;
    if (rank < 0 || elementShape.some((d, k) => shape[rank + k] !== d)) {
      throw new Error(`array of ${element.name}: shape ${formatShape(shape)} does not end with the element shape ${formatShape(elementShape)}`);
    }
    return shape.slice(0, rank);
  };
  return {
    name: `array of ${element.name}`,
    unconstrainedSize: (shape: Shape): number => sizeOf(arrayDims(shape)) * elementSize,
    forward(unconstrained: Value, shape: Shape) {
      const count = sizeOf(arrayDims(shape));
      const flat = unconstrainedVector(`array of ${element.name}`, unconstrained, count * elementSize, shape);
      if (count === 0) return { value: new Tensor(new Float64Array(0), [...shape]), logAbsDetJacobian: 0 };
      const values: Value[] = [];
      const jacobians: Value[] = [];
      for (let k = 0; k < count; k++) {
        const piece = elementShape.length === 0 && elementSize === 1 ? reshape(slice(flat, k, k + 1), []) : slice(flat, k * elementSize, (k + 1) * elementSize);
        const { value, logAbsDetJacobian } = element.forward(piece, elementShape);
        values.push(value);
        jacobians.push(logAbsDetJacobian);
      }
      return { value: reshape(stack(values), shape), logAbsDetJacobian: addAll(jacobians) };
    },
    inverse(constrained: Primal, shape: Shape): Float64Array {
      const count = sizeOf(arrayDims(shape));
      const inner = sizeOf(elementShape);
      const data = typeof constrained === 'number' ? Float64Array.of(constrained) : constrained.data;
      if (data.length !== count * inner) throw new Error(`array of ${element.name}: the value has ${data.length} entries, but shape ${formatShape(shape)} needs ${count * inner}`);
      const out = new Float64Array(count * elementSize);
      for (let k = 0; k < count; k++) {
        const piece = elementShape.length === 0 ? data[k]! : new Tensor(data.slice(k * inner, (k + 1) * inner), [...elementShape]);
        try {
          out.set(element.inverse(piece, elementShape), k * elementSize);
        } catch (error) {
          throw new Error(`element ${k + 1} (1-based, row-major) of the array: ${(error as Error).message}`);
        }
      }
      return out;
    },
  };
}
