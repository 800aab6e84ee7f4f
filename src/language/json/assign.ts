import type { Shape } from '../../ad/tensor.js';
import { sizesAgree, type SpecType } from './types.js';

/** Whether a value of type `value` may be stored in a declaration of type `target` (int to real and int array to vector convert). */
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
  }
}

/** The run-time shape of a type whose sizes are all known, or undefined. */
export function concreteShape(type: SpecType): Shape | undefined {
  switch (type.kind) {
    case 'int':
    case 'real':
      return [];
    case 'vector':
    case 'row_vector':
    case 'int_array':
      return type.size === null ? undefined : [type.size];
    case 'matrix':
      return type.rows === null || type.cols === null ? undefined : [type.rows, type.cols];
  }
}
