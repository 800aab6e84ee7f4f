import type { Shape } from '../../ad/tensor.js';
import { shapeOfType, shapesAgree, sizesAgree, type SpecType } from './types.js';

/**
 * Whether a value of type `value` may be stored in a declaration of type `target`: the same
 * structure with agreeing sizes, where an int converts to a real (also inside arrays, as in
 * Stan) and an int array to a vector (a leapfrog extension).
 */
export function assignable(target: SpecType, value: SpecType): boolean {
  switch (target.kind) {
    case 'int':
      return value.kind === 'int';
    case 'real':
      return value.kind === 'int' || value.kind === 'real';
    case 'vector':
      return (value.kind === 'vector' || value.kind === 'int_array') && sizesAgree(target.size, value.size);
    case 'row_vector':
      return value.kind === 'row_vector' && sizesAgree(target.size, value.size);
    case 'int_array':
      return value.kind === 'int_array' && sizesAgree(target.size, value.size);
    case 'matrix':
      return value.kind === 'matrix' && sizesAgree(target.rows, value.rows) && sizesAgree(target.cols, value.cols);
    case 'array': {
      if (value.kind === 'int_array') return target.dims.length === 1 && target.element.kind === 'real' && sizesAgree(target.dims[0]!, value.size);
      return value.kind === 'array' && shapesAgree(target.dims, value.dims) && assignable(target.element, value.element);
    }
  }
}

/** The run-time shape of a type whose sizes are all known, or undefined. */
export function concreteShape(type: SpecType): Shape | undefined {
  const shape = shapeOfType(type);
  return shape.every((d): d is number => d !== null) ? shape : undefined;
}

/** How to make the vector a declaration wants of an array of reals (vectorised _rng functions return arrays, as in Stan). */
export function conversionHint(target: SpecType, value: SpecType): string {
  const to = target.kind === 'vector' || target.kind === 'row_vector' ? target.kind : '';
  return to !== '' && value.kind === 'array' && value.dims.length === 1 && value.element.kind === 'real' ? `; to_${to}(...) converts it (an _rng function returns an array, as in Stan)` : '';
}
