import { makeFunction } from '../codegen/make-function.js';

/** A log density whose gradient is written into the caller's array. */
export type GradientInto = (theta: Float64Array, gradient: Float64Array) => number;

/** Where a direct entry finds the generated gradient (GradientEvaluator.direct). */
export interface DirectSource {
  /** The generated function while it may run alone (compiled, calls no kernel, no check mode); null otherwise. */
  readonly direct: GradientInto | null;
}

// A compiled model's gradient is reached through several small functions (the model's
// method, the evaluator, the compiled gradient). Each of them is one function for every model
// of a process, so where several models live (a page, a test run, the benchmarks) their
// calls are polymorphic and V8 inlines none of them: on gaussian_100d they cost as much as
// the generated loop itself. A function made from this template is a new function per model,
// with its own type feedback: its call of the generated function sees one target and is
// inlined like a direct call. The template holds no user string and no number: D, the
// source and both fallbacks come in as values.
const ENTRY = `return function(t, g) {
const d = S.direct;
if (d !== null && t.length === D && g.length === D) {
let v;
try { v = d(t, g); } catch (e) { return E(t, g); }
return v === v ? v : -Infinity;
}
return F(t, g);
};`;

/**
 * A model's `logDensityAndGradientInto` of its own: the generated gradient when `source`
 * has one and the lengths fit (a NaN log density becomes −∞, as `general` makes it);
 * `general` otherwise, and `recover` (the model's code, run as written) when the generated
 * code throws. Null where functions cannot be made from source (jitless, a CSP): the caller
 * keeps its general path.
 */
export function directEntry(dim: number, source: DirectSource, general: GradientInto, recover: GradientInto): GradientInto | null {
  return makeFunction<GradientInto>(['S', 'D', 'F', 'E'], ENTRY, [source, dim, general, recover]);
}
