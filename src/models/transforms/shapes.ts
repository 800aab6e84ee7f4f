import { reshape } from '../../ad/ops/shape.js';
import { formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { shapeOf, type Primal, type Value } from '../../ad/trace.js';

// Argument checks shared by the transforms: every error names the transform, the value
// and the rule ("simplex: the unconstrained vector has shape [3], but a value of shape
// [3] needs 2 unconstrained reals").

/** Throws unless `shape` is a list of non-negative integers of at least `minimumRank` axes. */
export function checkShape(transformName: string, shape: Shape, minimumRank = 0): void {
  if (shape.length < minimumRank || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    const rule = minimumRank === 0 ? 'non-negative integer dimensions' : `at least ${minimumRank} non-negative integer dimension(s)`;
    throw new Error(`${transformName}: shape ${formatShape(shape)} is not valid; a constrained value needs ${rule}`);
  }
}

/**
 * The unconstrained input as a flat vector of `size` reals (a number is accepted where
 * size is 1). Throws, naming the transform, when the length is wrong.
 */
export function unconstrainedVector(transformName: string, unconstrained: Value, size: number, shape: Shape): Value {
  const got = shapeOf(unconstrained);
  const fits = (got.length === 1 && got[0] === size) || (got.length === 0 && size === 1);
  if (!fits) {
    throw new Error(
      `${transformName}: the unconstrained input has shape ${formatShape(got)}, but a value of shape ` +
        `${formatShape(shape)} needs a vector of ${size} unconstrained real(s)`,
    );
  }
  return got.length === 1 ? unconstrained : reshape(unconstrained, [1]);
}

/** The unconstrained input reshaped to the constrained shape (for elementwise transforms). */
export function unconstrainedAsShape(transformName: string, unconstrained: Value, shape: Shape): Value {
  const size = sizeOf(shape);
  const got = shapeOf(unconstrained);
  if (shape.length === 0 && got.length === 0) return unconstrained;
  unconstrainedVector(transformName, unconstrained, size, shape);
  return reshape(unconstrained, shape);
}

/** The plain values of a constrained value, after checking its shape and that each is a number. */
export function constrainedData(transformName: string, constrained: Primal, shape: Shape): Float64Array {
  const got = typeof constrained === 'number' ? [] : constrained.shape;
  if (!shapesEqual(got, shape)) {
    throw new Error(`${transformName}: the value has shape ${formatShape(got)}, but the parameter's shape is ${formatShape(shape)}`);
  }
  const data = typeof constrained === 'number' ? Float64Array.of(constrained) : constrained.data;
  data.forEach((v, i) => {
    if (Number.isNaN(v)) throw new Error(`${transformName}: ${elementName(shape, i)} is NaN, but must be a number`);
  });
  return data;
}

/** How an element is named in errors: `value` for a scalar, else `value[i, j]` (0-based). */
export function elementName(shape: Shape, flatIndex: number): string {
  if (shape.length === 0) return 'value';
  const index: number[] = [];
  let rest = flatIndex;
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return `value[${index.join(', ')}]`;
}
