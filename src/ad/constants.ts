import type { Tensor } from './tensor.js';

// Values that stay the same for the life of a compiled model: its data. Checks that scan
// every element (data within a distribution's support, index arrays within bounds) can be
// remembered for these, and only these: remembering every tensor checked would put one
// WeakMap entry per evaluation into the garbage collector's ephemeron tables, which made
// everything in the process (hand-written loops included) several times slower.

const constants = new WeakSet<Tensor | Int32Array>();

/** Marks a tensor or index array as constant data (never changed in place afterwards). */
export function markConstant(value: Tensor | Int32Array): void {
  constants.add(value);
}

/** Whether `value` was marked as constant data. */
export function isConstant(value: object): boolean {
  return constants.has(value as Tensor);
}
