import { newBuffer } from './buffers.js';
import { OneHot } from './one-hot.js';
import { argumentName, vjpRule, type OpDefinition } from './op.js';
import { add } from './ops/arithmetic.js';
import { reshape, stack } from './ops/shape.js';
import { Tensor, fill, formatShape, shapesEqual, sizeOf, zeros, type Shape } from './tensor.js';
import { Box, Trace, innerOf, isValue, primal, shapeOf, type TapeNode, type Value } from './trace.js';
import { leaves, mapTree, withLeaves, type Tree } from './tree.js';

// The differentiation transforms. Each call creates its own Trace, runs the user's
// function once (define-by-run: whatever JS control flow it takes is what is
// differentiated), and closes the trace on every path out (`finally`).

function zerosLike(v: Value): Value {
  const s = shapeOf(v);
  return s.length === 0 ? 0 : zeros(s);
}

function onesLike(v: Value): Value {
  const s = shapeOf(v);
  return s.length === 0 ? 1 : fill(s, 1);
}

/** Whether a vjp's result has its argument's shape; plain numbers and tensors without shapeOf. */
function sameShape(arg: Value, contribution: Value): boolean {
  if (typeof arg === 'number' && typeof contribution === 'number') return true;
  if (arg instanceof Tensor && contribution instanceof Tensor) {
    return arg.shape === contribution.shape || shapesEqual(arg.shape, contribution.shape);
  }
  return shapesEqual(shapeOf(arg), shapeOf(contribution));
}

/**
 * Reverse sweep over the tape in creation order reversed (a valid topological order).
 *
 * Adjoints with three or more contributions are summed in place: the tensor made by the
 * second contribution's `add` is held by this sweep alone until its node is reached, so it
 * can take the later contributions without a new allocation each. Only plain tensors are
 * summed so; traced ones (differentiation of this sweep by an outer trace) go through `add`.
 */
export function backward(trace: Trace, out: Box, seed: Value, checkShapes = true): (Value | undefined)[] {
  const tape = trace.tape;
  const grads = new Array<Value | undefined>(out.node + 1);
  let owned: Uint8Array | null = null; // owned[p] = 1: grads[p] was made by this sweep's add
  grads[out.node] = seed;
  for (let i = out.node; i >= 0; i--) {
    const g = grads[i];
    const node = tape[i]!;
    const op = node.op;
    if (g === undefined || op === null) continue;
    const { parents, args } = node;
    const together = op.vjpAll === undefined ? null : allCotangents(op, g, node);
    for (let j = 0; j < parents.length; j++) {
      const p = parents[j]!;
      if (p < 0) continue;
      const contribution = together === null ? vjpRule(op, j)(g, node, j) : together[j];
      if (contribution === undefined) continue;
      if ((contribution as unknown) instanceof OneHot) {
        owned = addOneHot(grads, p, contribution as unknown as OneHot, owned, out.node + 1);
        continue;
      }
      if (checkShapes && !sameShape(args[j]!, contribution)) {
        const expected = shapeOf(args[j]!);
        const got = shapeOf(contribution);
        throw new Error(`vjp of '${op.name}' w.r.t. argument ${j} returned shape ${formatShape(got)}, expected ${formatShape(expected)}`);
      }
      const previous = grads[p];
      if (previous === undefined) {
        grads[p] = contribution;
      } else if (previous instanceof Tensor && contribution instanceof Tensor) {
        if (owned !== null && owned[p] === 1) {
          addInPlace(previous.data, contribution.data);
        } else {
          const total = add(previous, contribution); // a new tensor: both are plain, of one shape
          grads[p] = total;
          if (total !== previous && total !== contribution) {
            owned ??= new Uint8Array(out.node + 1);
            owned[p] = 1;
          }
        }
      } else {
        grads[p] = add(previous, contribution);
      }
    }
    grads[i] = undefined; // intermediate adjoints are not needed again
  }
  return grads;
}

/** A VjpAllRule's cotangents for one node, checked to be one per argument. */
function allCotangents(op: OpDefinition, g: Value, node: TapeNode): readonly (Value | undefined)[] {
  const wanted = node.parents.map((p) => p >= 0);
  const cotangents = op.vjpAll!(g, node, wanted);
  if (!Array.isArray(cotangents) || cotangents.length !== node.args.length) {
    const got = Array.isArray(cotangents) ? `${cotangents.length}` : typeof cotangents;
    throw new Error(`${op.name}: vjp must return one cotangent per argument (${node.args.length}), got ${got}`);
  }
  for (let j = 0; j < wanted.length; j++) {
    if (wanted[j] && cotangents[j] === undefined) throw new Error(`vjp of '${op.name}' returned no cotangent for ${argumentName(op, j)}`);
  }
  return cotangents;
}

/**
 * Adds a one-element cotangent into adjoint p: in place when this sweep owns the adjoint's
 * array, else into a fresh owned copy (the first read of a vector pays O(N), later ones
 * O(1)). A traced adjoint (an outer trace differentiating this sweep) takes it dense.
 */
function addOneHot(grads: (Value | undefined)[], p: number, hot: OneHot, owned: Uint8Array | null, length: number): Uint8Array | null {
  const previous = grads[p]!;
  if (previous !== undefined && !(previous instanceof Tensor)) {
    grads[p] = add(previous, denseOneHot(hot));
    return owned;
  }
  if (previous !== undefined && owned !== null && owned[p] === 1) {
    previous.data[hot.offset]! += hot.value;
    return owned;
  }
  const data = newBuffer(sizeOf(hot.shape));
  if (previous !== undefined) data.set(previous.data);
  data[hot.offset]! += hot.value;
  grads[p] = new Tensor(data, hot.shape);
  const marks = owned ?? new Uint8Array(length);
  marks[p] = 1;
  return marks;
}

function denseOneHot(hot: OneHot): Tensor {
  const data = newBuffer(sizeOf(hot.shape));
  data[hot.offset] = hot.value;
  return new Tensor(data, hot.shape);
}

function addInPlace(target: Float64Array, values: Float64Array): void {
  for (let k = 0, n = target.length; k < n; k++) target[k]! += values[k]!;
}

interface Traced {
  readonly trace: Trace;
  readonly inputs: Box[];
  readonly output: Value;
}

/** Runs f with argument `argIndex` replaced by traced leaves. */
export function traceCall(
  f: (...args: any[]) => unknown,
  args: readonly unknown[],
  argIndex: number,
  transform: string,
  maxOperations?: number,
): { trace: Trace; inputs: Box[]; result: unknown } {
  if (argIndex < 0 || argIndex >= args.length || !Number.isInteger(argIndex)) {
    throw new Error(`${transform}: argIndex is ${argIndex}, but the function was called with ${args.length} argument(s)`);
  }
  const trace = new Trace('reverse', add, maxOperations);
  try {
    const inputs: Box[] = [];
    const boxed = args.slice();
    const x = args[argIndex];
    if (isValue(x)) {
      // One number or tensor, the common case (a sampler's position): no tree to walk.
      const b = trace.leaf(x);
      inputs.push(b);
      boxed[argIndex] = b;
    } else {
      boxed[argIndex] = mapTree(x as Tree, (leaf) => {
        const b = trace.leaf(leaf);
        inputs.push(b);
        return b;
      }, `${transform}: argument ${argIndex}`);
    }
    return { trace, inputs, result: f(...boxed) };
  } finally {
    trace.closed = true;
  }
}

function expectValue(result: unknown, transform: string): Value {
  if (!isValue(result)) {
    throw new Error(`${transform}: the function must return a number or a tensor, but returned ${typeof result}`);
  }
  return result;
}

/** The output's value one level out, and the tape-ready box (or null for a constant). */
export function unwrap(trace: Trace, output: Value): { value: Value; box: Box | null } {
  if (output instanceof Box && output.trace === trace) return { value: innerOf(output), box: output };
  return { value: output, box: null };
}

function gradientOf(input: Box, grads: (Value | undefined)[] | null): Value {
  return (grads === null ? undefined : grads[input.node]) ?? zerosLike(innerOf(input));
}

function gradientTree(template: Tree, inputs: Box[], grads: (Value | undefined)[] | null): Tree {
  if (isValue(template)) return gradientOf(inputs[0]!, grads);
  const gradients = new Array<Value>(inputs.length);
  for (let k = 0; k < inputs.length; k++) gradients[k] = gradientOf(inputs[k]!, grads);
  return withLeaves(template, gradients);
}

/** The cotangent of the traced argument given the output's cotangent: one reverse sweep. */
function pull(traced: Traced, template: Tree, outShape: Shape, transform: string, cotangent: Value): Tree {
  const s = shapeOf(cotangent);
  if (!shapesEqual(s, outShape)) {
    throw new Error(`${transform}: the cotangent has shape ${formatShape(s)}, but the output has shape ${formatShape(outShape)}`);
  }
  const { box } = unwrap(traced.trace, traced.output);
  if (box === null) return gradientTree(template, traced.inputs, null);
  return gradientTree(template, traced.inputs, backward(traced.trace, box, cotangent));
}

function pullbackFor(traced: Traced, template: Tree, outShape: Shape, transform: string): (cotangent: Value) => Tree {
  return (cotangent: Value) => pull(traced, template, outShape, transform, cotangent);
}

export interface ValueAndGrad<T extends Tree = Tree> {
  readonly value: Value;
  readonly grad: T;
}

/**
 * f's value and its gradient with respect to argument `argIndex` (default 0), which may
 * be a number, a tensor, or an array or record of them. f must return a scalar.
 */
export function valueAndGrad<A extends any[]>(f: (...args: A) => Value, argIndex = 0, maxOperations?: number): (...args: A) => ValueAndGrad {
  return (...args: A) => {
    const { trace, inputs, result } = traceCall(f, args, argIndex, 'grad', maxOperations);
    const output = expectValue(result, 'grad');
    const outShape = shapeOf(output);
    if (outShape.length !== 0) {
      throw new Error(
        `grad: the function returned shape ${formatShape(outShape)}, but grad needs a scalar output. ` +
          'Use jacobian(f) for the full derivative, or elementwiseGrad(f) if f maps a tensor elementwise.',
      );
    }
    const { value } = unwrap(trace, output);
    const grad = pull({ trace, inputs, output }, args[argIndex] as Tree, outShape, 'grad', 1);
    return { value, grad };
  };
}

/** The gradient of a scalar function with respect to argument `argIndex` (default 0). */
export function grad<A extends any[]>(f: (...args: A) => Value, argIndex = 0): (...args: A) => any {
  const vg = valueAndGrad(f, argIndex);
  return (...args: A) => vg(...args).grad;
}

/**
 * Reverse mode for any output shape: f's value at x, and the pullback mapping a
 * cotangent of the output's shape to a cotangent of x (ȳᵀ ∂f/∂x). One forward pass; the
 * pullback may be called many times.
 */
export function vjp<T extends Tree>(f: (x: T) => Value, x: T): { value: Value; pullback: (cotangent: Value) => T } {
  const { trace, inputs, result } = traceCall(f as (...a: any[]) => unknown, [x], 0, 'vjp');
  const output = expectValue(result, 'vjp');
  const { value } = unwrap(trace, output);
  const pullback = pullbackFor({ trace, inputs, output }, x, shapeOf(output), 'vjp');
  return { value, pullback: pullback as (cotangent: Value) => T };
}

/**
 * Forward mode: f's value at x and its directional derivative along `tangent` (same
 * structure and shapes as x), carried alongside the values, with no tape.
 */
export function jvp<T extends Tree>(f: (x: T) => Tree, x: T, tangent: T): { value: Tree; tangent: Tree } {
  const xs = leaves(x);
  const ts = leaves(tangent);
  if (xs.length !== ts.length) throw new Error(`jvp: the tangent has ${ts.length} leaves, but x has ${xs.length}`);
  xs.forEach((v, i) => {
    if (!shapesEqual(shapeOf(v), shapeOf(ts[i]!))) {
      throw new Error(`jvp: tangent leaf ${i} has shape ${formatShape(shapeOf(ts[i]!))}, but x's has ${formatShape(shapeOf(v))}`);
    }
  });
  const trace = new Trace('forward', add);
  try {
    const boxed = withLeaves(x, xs.map((v, i) => trace.leaf(v, ts[i]!))) as T;
    const out = f(boxed);
    const value = mapTree(out, (o) => (o instanceof Box && o.trace === trace ? innerOf(o) : o), 'jvp: output');
    const tangentOut = mapTree(
      out,
      (o) => (o instanceof Box && o.trace === trace ? o.tangent ?? zerosLike(innerOf(o)) : zerosLike(o)),
      'jvp: output',
    );
    return { value, tangent: tangentOut };
  } finally {
    trace.closed = true;
  }
}

/**
 * The derivative of a function that maps a tensor elementwise (autograd's egrad): the
 * vector–Jacobian product with ones, which for an elementwise map is the elementwise
 * derivative. Nests to any order.
 */
export function elementwiseGrad(f: (x: Value) => Value): (x: Value) => Value {
  return (x: Value) => {
    const { value, pullback } = vjp(f, x);
    return pullback(onesLike(value));
  };
}

/**
 * The Jacobian of f at x (a number or tensor), as a tensor of shape [...out, ...in]
 * (a number when both are scalars): one forward pass, one pullback per output element.
 */
export function jacobian(f: (x: Value) => Value): (x: Value) => Value {
  return (x: Value) => {
    const { value, pullback } = vjp(f, x);
    const outShape = shapeOf(value);
    const inShape = shapeOf(x);
    const n = sizeOf(outShape);
    if (outShape.length === 0) return pullback(1);
    const rows: Value[] = [];
    for (let k = 0; k < n; k++) {
      const seed = new Float64Array(n);
      seed[k] = 1;
      rows.push(pullback(new Tensor(seed, outShape)));
    }
    return reshape(stack(rows), [...outShape, ...inShape]);
  };
}

/** The Hessian of a scalar function: the Jacobian of its gradient (reverse over reverse). */
export function hessian(f: (x: Value) => Value): (x: Value) => Value {
  return jacobian(grad(f) as (x: Value) => Value);
}

/** H(x)·v without forming H: forward mode over reverse mode (Pearlmutter 1994). */
export function hessianVectorProduct(f: (x: Value) => Value): (x: Value, v: Value) => Value {
  const g = grad(f) as (x: Value) => Value;
  return (x: Value, v: Value) => jvp(g, x, v).tangent as Value;
}

/** The plain value of a possibly traced value: gradients do not flow through it. */
export function stopGradient(x: Value): Value {
  return primal(x);
}
