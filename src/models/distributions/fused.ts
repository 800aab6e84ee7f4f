import { isConstant } from '../../ad/constants.js';
import { newBuffer } from '../../ad/buffers.js';
import { broadcastToKernel, sumToShapeKernel } from '../../ad/broadcast.js';
import { apply, defineOp, type OpDefinition } from '../../ad/op.js';
import { mul } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { Tensor, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { Box, innerOf, peek, shapeOf, type Primal, type Trace, type Value } from '../../ad/trace.js';
import { broadcastAll, broadcastShapeOf } from './elementwise.js';
import { DensityKernels } from './density-kernels.js';
import { applyElementwise, declareFromExpression } from '../../ad/ops/elementwise.js';
import { ExprBuilder, type ScalarExpr } from '../../ad/scalar/expr.js';
import type { DeclaredCondition } from '../../ad/compile/plan.js';
import { exprKit, type ExprKit } from '../../ad/scalar/primitives.js';

// Fused log densities, after Stan Math's `normal_lpdf` (prim/prob/normal_lpdf.hpp): one pass
// over the broadcast arguments computes the summed log density and, for every traced
// argument, its analytic partials, and the whole sum enters the tape as ONE node whose vjp
// is g · partial (summed to the argument's shape). `normal(y | mu, sigma)` over 2,000
// observations is one node instead of a dozen tensor ops.
//
// The stored partials are plain numbers, so they are right for one reverse pass and wrong
// for anything that differentiates them again. Whenever that could happen — an argument
// traced at more than one level (grad of grad), by a forward-mode trace (jvp, Hessian-vector
// products), or by two different traces — the density is evaluated COMPOSED from ordinary
// AD ops instead, whose rules differentiate to any order. The composed form is also the
// reference the fused kernel is tested against.

/**
 * What a fused kernel reads and writes: the arguments laid out over their broadcast shape
 * (element i of argument k is `data[k][i * strides[k]]`, stride 0 for a broadcast scalar)
 * and, for every argument whose partials are wanted, an array laid out the same way, to
 * which the kernel ADDS ∂/∂argument k at element i: `partials[k][i * strides[k]] += ...`.
 * A broadcast scalar's partials so accumulate into one number, with no per-element array
 * to allocate and sum. Unwanted partials are null, so costly ones (digammas) are skipped.
 * Arguments need no validation in a kernel: the distribution checks them first.
 */
export interface KernelInput {
  readonly size: number;
  readonly data: readonly Float64Array[];
  readonly strides: readonly number[];
  readonly partials: readonly (Float64Array | null)[];
  /**
   * Whether argument k's array is constant data (marked at compile: the same array, never
   * changed, at every evaluation), so a kernel may remember what it derives from it alone
   * (a data scale's logarithms and reciprocals).
   */
  readonly constant: readonly boolean[];
}

/**
 * A density declared per element: its log density at one element as an expression of the
 * arguments (the value first), from which the one-pass kernel with its partials, the
 * composed form for higher orders and compiled code are all derived (src/ad/scalar).
 */
export interface ElementDensitySpec {
  /** For error messages and tape inspection, e.g. 'normal_lpdf'. */
  readonly name: string;
  /** Names of the arguments in order, the value first: ['y', 'mu', 'sigma']. */
  readonly argNames: readonly string[];
  readonly element: (e: ExprKit, args: readonly ScalarExpr[]) => ScalarExpr;
}

/** What a declared density is, for the whole-gradient compiler. */
export interface DensityDeclaration {
  readonly builder: ExprBuilder;
  /** The log density of one element, an expression of inputs 0 .. arity − 1. */
  readonly value: ScalarExpr;
  readonly kernels: DensityKernels;
}

/** What a fused density's machinery runs: its one-pass kernel and its composed form. */
interface KernelDensitySpec {
  readonly name: string;
  readonly argNames: readonly string[];
  /** The summed log density and the wanted partials in one loop (derived from the declaration). */
  readonly kernel: (input: KernelInput) => number;
  /** The elementwise log density as an elementwise op (broadcast shape). */
  readonly composed: (args: readonly Value[]) => Value;
}

export interface FusedDensity {
  readonly name: string;
  readonly argNames: readonly string[];
  /** Summed log density, fused when the arguments allow it, composed otherwise. `guard`:
   *  the checks its caller made of traced arguments, repeated when a gradient is replayed. */
  (args: readonly Value[], guard?: DensityGuard): Value;
  /** Always through the fused kernel (one node); only for first-order reverse mode. */
  fused(args: readonly Value[], guard?: DensityGuard): Value;
  /** Always composed from AD ops (the reference, and the higher-order path). */
  composed(args: readonly Value[]): Value;
  /** The log density of each element, unsummed, over the broadcast shape (an elementwise op). */
  elementwise(args: readonly Value[]): Value;
  /** The per-element declaration, for densities declared that way. */
  readonly declaration?: DensityDeclaration;
}

/** How a density will be evaluated for these arguments. */
export type FusionMode = 'plain' | 'fused' | 'composed';

/**
 * 'plain' with no traced argument; 'fused' when every traced argument is a box of one and
 * the same reverse-mode trace at a single level; 'composed' otherwise.
 */
export function fusionMode(args: readonly Value[]): FusionMode {
  let trace: Trace | null = null;
  for (const a of args) {
    if (!(a instanceof Box)) continue;
    if (a.trace.kind !== 'reverse' || innerOf(a) instanceof Box) return 'composed';
    if (trace !== null && a.trace !== trace) return 'composed';
    trace = a.trace;
  }
  return trace === null ? 'plain' : 'fused';
}

export interface FusedOptions {
  /** The summed log density, computed with the partials before the node is recorded. */
  readonly value: number;
  /** ∂value/∂argument k, at argument k's shape (undefined where not traced). */
  readonly partials: readonly (Primal | undefined)[];
  /** The checks of traced arguments that its caller made before the kernel (see DensityGuard). */
  readonly guard?: DensityGuard;
  /** The broadcast shape of the arguments and its size, for replay (shapes do not change). */
  readonly shape?: Shape;
  readonly size?: number;
}

/**
 * What a distribution checks of the traced arguments of its density before evaluating it
 * (a parameter's rule, the value's support), with the density −∞ when one fails, and a NaN
 * density taken as −∞. One per family, static: a replayed gradient (src/ad/replay.ts) runs
 * the kernel without the distribution's code, so the op repeats these checks itself.
 */
export type DensityGuard = ((args: readonly Primal[], traced: readonly boolean[]) => boolean) & {
  /** The same test per element as a 0/1 expression, for compiled code (undefined: not expressible). */
  readonly condition?: GuardCondition;
};

/** A guard's test of one element of the arguments, as an expression; undefined where it cannot be stated so. */
export type GuardCondition = DeclaredCondition;

/** A partials op of a density declared per element: the compiler reads `density`. */
export interface DensityOp extends OpDefinition<FusedOptions> {
  readonly density: DensityDeclaration;
}

export function isDensityOp(op: OpDefinition | null): op is DensityOp {
  return op !== null && (op as Partial<DensityOp>).density !== undefined;
}

/** How a partials op recomputes its options at new arguments when a gradient is replayed. */
export type PartialsReplay = (args: readonly Primal[], options: FusedOptions, traced: readonly boolean[]) => FusedOptions;

/**
 * The op of a density computed in one pass with its partials (here, normal_id_glm,
 * multi_normal with a constant covariance): its value and its partials travel in the
 * options, and the vjp is g · partial.
 */
export function partialsOp(name: string, argNames: readonly string[], recompute?: PartialsReplay): OpDefinition<FusedOptions> {
  return defineOp<FusedOptions>({
    name,
    argNames,
    forward: (_args, { value }) => value,
    replayable: recompute !== undefined,
    replay:
      recompute === undefined
        ? undefined
        : (args, options, traced) => {
            const next = recompute(args, options, traced);
            return { ans: next.value, options: next };
          },
    // g is the plain 1 when the density is a term of the target: the partials are then the
    // gradient as they are (tensors are never written), with no product to allocate.
    vjp: (g, { options }, i) => (g === 1 ? options.partials[i]! : mul(g, options.partials[i]!)),
    // Right at first order; forward-mode traces are sent to the composed form anyway.
    jvp: (t, { options }, i) => sum(mul(t, options.partials[i]!)),
  });
}

const zerosOf = (shape: Shape): Primal => (shape.length === 0 ? 0 : new Tensor(newBuffer(sizeOf(shape)), shape));

function total(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/** An argument's accumulated partials (one number for a broadcast scalar) summed back to its own shape. */
function toArgumentShape(accumulated: Float64Array, shape: Shape, argShape: Shape): Primal {
  if (accumulated.length === 1 && sizeOf(shape) !== 1) {
    return argShape.length === 0 ? accumulated[0]! : new Tensor(accumulated, argShape);
  }
  if (argShape.length === 0) return total(accumulated);
  return sumToShapeKernel(new Tensor(accumulated, shape), argShape);
}

/**
 * One density's kernel input, reused by every evaluation: a model evaluates its densities
 * thousands of times a second, mostly on a few scalars, and fresh arrays for each call
 * (a one-element array per scalar argument and per scalar partial) were most of the cost.
 * Kernels only read the input and write the partials during the call, and never call a
 * density themselves, so one input per density is never in use twice at once. Scalar
 * arguments use the scratch cells, whose values never outlive the call (their partials
 * leave as numbers); a tensor's partials get a fresh array, which the tape keeps.
 */
class KernelScratch {
  readonly data: Float64Array[];
  readonly strides: number[];
  readonly partials: (Float64Array | null)[];
  readonly constant: boolean[];
  private readonly scalarData: Float64Array[];
  private readonly scalarPartials: Float64Array[];
  readonly input: { size: number; data: Float64Array[]; strides: number[]; partials: (Float64Array | null)[]; constant: boolean[] };

  constructor(arity: number) {
    this.data = new Array<Float64Array>(arity);
    this.strides = new Array<number>(arity).fill(0);
    this.partials = new Array<Float64Array | null>(arity).fill(null);
    this.constant = new Array<boolean>(arity).fill(false);
    this.scalarData = Array.from({ length: arity }, () => new Float64Array(1));
    this.scalarPartials = Array.from({ length: arity }, () => new Float64Array(1));
    for (let k = 0; k < arity; k++) this.data[k] = this.scalarData[k]!;
    this.input = { size: 0, data: this.data, strides: this.strides, partials: this.partials, constant: this.constant };
  }

  /** Lays argument k out over `shape` (of `size` elements), with a partials array when wanted. */
  set(k: number, a: Primal, shape: Shape, size: number, need: boolean, name: string): void {
    if (typeof a === 'number') {
      const cell = this.scalarData[k]!;
      cell[0] = a;
      this.data[k] = cell;
      this.strides[k] = 0;
      this.constant[k] = false;
      if (need) {
        const partial = this.scalarPartials[k]!;
        partial[0] = 0;
        this.partials[k] = partial;
      } else this.partials[k] = null;
      return;
    }
    let stride = 1;
    let own = true; // the tensor's own array, not a broadcast copy
    if (a.size === 1) {
      this.data[k] = a.data;
      stride = 0;
    } else if (a.shape === shape || shapesEqual(a.shape, shape)) {
      this.data[k] = a.data;
    } else {
      this.data[k] = (broadcastToKernel(name, a, shape) as Tensor).data;
      own = false;
    }
    this.constant[k] = own && !need && isConstant(a);
    this.strides[k] = stride;
    this.partials[k] = need ? newBuffer(stride === 0 ? 1 : size) : null;
  }
}

/** The partials of a traced argument at its own shape, from what the kernel accumulated. */
function partialsOf(scratch: KernelScratch, k: number, value: number, shape: Shape, argShape: Shape): Primal {
  // A log density of ±Infinity has no useful gradient; zeros keep NaN out of the sampler.
  if (!Number.isFinite(value)) return zerosOf(argShape);
  return toArgumentShape(scratch.partials[k]!, shape, argShape);
}

/** One pass over the broadcast arguments: the summed density, and a tape node with the partials of the traced ones. */
function runFused(spec: KernelDensitySpec, op: OpDefinition<FusedOptions>, shared: KernelScratch, args: readonly Value[], guard: DensityGuard | undefined): Value {
  const shape = broadcastShapeOf(spec.name, spec.argNames, args);
  const size = sizeOf(shape);
  const scratch = args.length === spec.argNames.length ? shared : new KernelScratch(args.length);
  let traced = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    const need = a instanceof Box;
    if (need) traced = true;
    // peek: the op computes the same at replay (fusedReplay).
    scratch.set(k, peek(a), shape, size, need, spec.name);
  }
  scratch.input.size = size;
  const value = spec.kernel(scratch.input);
  if (!traced) return value;
  const partials = new Array<Primal | undefined>(args.length);
  for (let k = 0; k < args.length; k++) {
    partials[k] = args[k] instanceof Box ? partialsOf(scratch, k, value, shape, shapeOf(args[k]!)) : undefined;
  }
  return apply(op, args, { value, partials, guard, shape, size } as FusedOptions);
}

/** runFused's computation at replay: plain arguments, the traced ones known by position. */
function fusedReplay(spec: KernelDensitySpec, scratch: KernelScratch): PartialsReplay {
  return (args, options, traced) => {
    const guard = options.guard;
    const shape = options.shape ?? broadcastShapeOf(spec.name, spec.argNames, args);
    const size = options.size ?? sizeOf(shape);
    const partials = new Array<Primal | undefined>(args.length);
    if (guard !== undefined && !guard(args, traced)) {
      // The distribution would have returned −∞ without evaluating the density.
      for (let k = 0; k < args.length; k++) partials[k] = traced[k] ? zerosOf(shapeOf(args[k]!)) : undefined;
      return { value: Number.NEGATIVE_INFINITY, partials, guard, shape, size };
    }
    const input = args.length === spec.argNames.length ? scratch : new KernelScratch(args.length);
    for (let k = 0; k < args.length; k++) input.set(k, args[k]!, shape, size, traced[k]!, spec.name);
    input.input.size = size;
    const kernelValue = spec.kernel(input.input);
    for (let k = 0; k < args.length; k++) partials[k] = traced[k] ? partialsOf(input, k, kernelValue, shape, shapeOf(args[k]!)) : undefined;
    // As the distribution's neverNaN: a NaN density (an argument past the checks) is −∞.
    const value = guard !== undefined && Number.isNaN(kernelValue) ? Number.NEGATIVE_INFINITY : kernelValue;
    return { value, partials, guard, shape, size };
  };
}

/**
 * Defines a fused density from its log density at one element: one op whose node carries
 * the partials of its single pass, its kernel and composed form derived from the expression.
 */
export function defineFusedDensity(spec: ElementDensitySpec): FusedDensity {
  const builder = new ExprBuilder();
  const inputs = spec.argNames.map((_, k) => builder.input(k));
  const value = spec.element(exprKit(builder), inputs);
  const kernels = new DensityKernels(spec.name, builder, value, spec.argNames.length);
  const elementOp = declareFromExpression(spec.name, spec.argNames, builder, value);
  const declaration: DensityDeclaration = { builder, value, kernels };
  const elementwise = (args: readonly Value[]): Value => applyElementwise(elementOp, args);
  const density = defineKernelDensity({ name: spec.name, argNames: spec.argNames, kernel: (input) => kernels.run(input), composed: elementwise }, declaration);
  return Object.assign(density, { elementwise, declaration });
}

function defineKernelDensity(spec: KernelDensitySpec, declaration?: DensityDeclaration): FusedDensity {
  const scratch = new KernelScratch(spec.argNames.length);
  const base = partialsOp(spec.name, spec.argNames, fusedReplay(spec, scratch));
  const op: OpDefinition<FusedOptions> = declaration === undefined ? base : Object.freeze({ ...base, density: declaration });
  const fused = (args: readonly Value[], guard?: DensityGuard): Value => runFused(spec, op, scratch, args, guard);
  const composed = (args: readonly Value[]): Value => {
    broadcastAll(spec.name, spec.argNames, args.map((a) => shapeOf(a)));
    return sum(spec.composed(args));
  };
  const evaluate = (args: readonly Value[], guard?: DensityGuard): Value => (fusionMode(args) === 'composed' ? composed(args) : fused(args, guard));
  Object.defineProperty(evaluate, 'name', { value: spec.name });
  return Object.assign(evaluate, { fused, composed, argNames: spec.argNames }) as FusedDensity;
}
