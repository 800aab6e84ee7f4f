import { newBuffer } from '../buffers.js';
import { broadcastShapes } from '../broadcast.js';
import { apply, defineOp, type OpContext, type OpDefinition } from '../op.js';
import { gradientsWithObstacles } from '../scalar/differentiate.js';
import { ExprBuilder, substitute, topologicalOrder, type ScalarExpr } from '../scalar/expr.js';
import { ExpressionKernels } from '../scalar/kernels.js';
import { exprKit, MUL, type ExprKit } from '../scalar/primitives.js';
import { Tensor, shapesEqual, sizeOf, stridesOf, type Shape } from '../tensor.js';
import { shapeOf, type Primal, type Value } from '../trace.js';
import { broadcastTo, sumToShape } from './broadcasting.js';

// Elementwise ops from one declaration: the value per element as a scalar expression
// (src/ad/scalar/expr.ts). Their loops (generated or interpreted), their derivative rules
// (symbolic partials, themselves elementwise ops, so they differentiate again) and what the
// whole-gradient compiler inlines all come from it.

/** What an elementwise op is, for everything derived from it. */
export interface ElementwiseDeclaration {
  readonly name: string;
  readonly argNames: readonly string[];
  readonly builder: ExprBuilder;
  /** The value per element, an expression of inputs 0 .. arity − 1 (the arguments). */
  readonly value: ScalarExpr;
  readonly kernels: ExpressionKernels;
}

/** An elementwise op: an ordinary op that also carries its declaration. */
export interface ElementwiseOp extends OpDefinition<undefined> {
  readonly elementwise: ElementwiseDeclaration;
}

export function isElementwiseOp(op: OpDefinition | null): op is ElementwiseOp {
  return op !== null && (op as Partial<ElementwiseOp>).elementwise !== undefined;
}

/** What elementwiseOp needs: the name, the arguments' names, and the value per element. */
export interface ElementwiseSpec {
  readonly name: string;
  readonly argNames: readonly string[];
  readonly value: (e: ExprKit, args: readonly ScalarExpr[]) => ScalarExpr;
}

/** Scratch of one declaration's forward kernel: filled and read within one call. */
class LayoutScratch {
  readonly arrays: Float64Array[];
  readonly offsets: Int32Array;
  readonly fixed: Float64Array;

  constructor(arity: number) {
    this.arrays = new Array<Float64Array>(arity).fill(EMPTY);
    this.offsets = new Int32Array(arity);
    this.fixed = new Float64Array(arity);
  }
}

const EMPTY = new Float64Array(0);

/**
 * The op's value at plain arguments, broadcast together (NumPy rules): numbers and
 * one-element tensors are read once, equal shapes advance together, and other layouts run
 * a row of the last axis at a time.
 */
function forward(declaration: ElementwiseDeclaration, scratch: LayoutScratch, args: readonly Primal[]): Primal {
  const { kernels, name } = declaration;
  const arity = args.length;
  let allNumbers = true;
  for (let k = 0; k < arity; k++) if (typeof args[k] !== 'number') allNumbers = false;
  if (allNumbers) return kernels.scalar(args as readonly number[]);
  let shape: Shape = [];
  for (let k = 0; k < arity; k++) {
    const a = args[k]!;
    if (typeof a !== 'number') shape = broadcastShapes(name, shape, a.shape);
  }
  const size = sizeOf(shape);
  const out = newBuffer(size);
  const { arrays, offsets, fixed } = scratch;
  let advancing = 0;
  let simple = true;
  for (let k = 0; k < arity; k++) {
    const a = args[k]!;
    offsets[k] = 0;
    if (typeof a === 'number') fixed[k] = a;
    else if (a.data.length === 1 && a.shape.length <= shape.length) fixed[k] = a.data[0]!;
    else if (a.shape === shape || shapesEqual(a.shape, shape)) {
      arrays[k] = a.data;
      advancing |= 1 << k;
    } else simple = false;
  }
  if (simple) {
    kernels.loop(advancing)(out, 0, size, arrays, offsets, fixed);
  } else {
    broadcastRows(declaration, scratch, args, shape, out);
  }
  for (let k = 0; k < arity; k++) arrays[k] = EMPTY;
  return new Tensor(out, shape);
}

/** General broadcasting: the last axis as loop rows, the leading axes by an odometer. */
function broadcastRows(declaration: ElementwiseDeclaration, scratch: LayoutScratch, args: readonly Primal[], shape: Shape, out: Float64Array): void {
  const { arrays, offsets, fixed } = scratch;
  const rank = shape.length;
  const arity = args.length;
  const strides = args.map((a) => (typeof a === 'number' ? new Array<number>(rank).fill(0) : broadcastStrides(a.shape, shape)));
  const width = shape[rank - 1]!;
  const rows = width === 0 ? 0 : sizeOf(shape) / width;
  let advancing = 0;
  for (let k = 0; k < arity; k++) {
    const a = args[k]!;
    if (typeof a === 'number') fixed[k] = a;
    else {
      arrays[k] = a.data;
      if (strides[k]![rank - 1] === 1) advancing |= 1 << k;
    }
  }
  const loop = declaration.kernels.loop(advancing);
  const index = new Array<number>(rank).fill(0);
  const base = new Array<number>(arity).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < arity; k++) {
      if ((advancing & (1 << k)) !== 0) offsets[k] = base[k]!;
      else if (typeof args[k] !== 'number') fixed[k] = arrays[k]![base[k]!]!;
    }
    loop(out, r * width, width, arrays, offsets, fixed);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      for (let k = 0; k < arity; k++) base[k]! += strides[k]![d]!;
      if (index[d]! < shape[d]!) break;
      for (let k = 0; k < arity; k++) base[k]! -= strides[k]![d]! * shape[d]!;
      index[d] = 0;
    }
  }
}

/** Strides of `shape` seen as `target` (broadcast dimensions get stride 0). */
function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  for (let k = 0; k < shape.length; k++) out[target.length - shape.length + k] = shape[k] === 1 ? 0 : own[k]!;
  return out;
}

/**
 * The op carrying c · ∂value/∂argument k, as a function of the inputs it reads among
 * [...arguments, ans, c]: the vjp (c = g) and the jvp (c = the argument's tangent) of
 * argument k. 'identity' when the partial is 1 (add's), so the rule is c itself.
 */
interface CotangentRule {
  /** 'zero': the partial vanishes (sign's); 'identity': it is 1 (add's). */
  readonly op: ElementwiseOp | 'identity' | 'zero';
  /** Which of [...arguments, ans, c] the op takes, in order. */
  readonly inputs: readonly number[];
}

/** Derived per declaration, on first use: an op's partials are not needed until it is differentiated. */
class DerivativeRules {
  private partials: readonly (ScalarExpr | null)[] | undefined;
  private obstacles: readonly (string | undefined)[] = [];
  private readonly rules = new Map<number, CotangentRule | string>();

  constructor(private readonly declaration: ElementwiseDeclaration) {}

  /** Argument k's rule, or the name of the primitive without a derivative that stops it. */
  rule(k: number): CotangentRule | string {
    let found = this.rules.get(k);
    if (found === undefined) {
      found = this.derive(k);
      this.rules.set(k, found);
    }
    return found;
  }

  private derive(k: number): CotangentRule | string {
    const { builder, value, argNames, name } = this.declaration;
    const arity = argNames.length;
    if (this.partials === undefined) {
      const { partials: raw, obstacles } = gradientsWithObstacles(builder, value, argNames.map((_, i) => i));
      this.obstacles = obstacles;
      // The value itself, where a partial uses it (exp's is exp), is the saved output.
      const ans = builder.input(arity);
      const present = raw.filter((p): p is ScalarExpr => p !== null);
      const replaced = substitute(builder, present, (node) => (node === value ? ans : undefined));
      let next = 0;
      this.partials = raw.map((p) => (p === null ? null : replaced[next++]!));
    }
    const partial = this.partials[k]!;
    if (partial === null) return this.obstacles[k] ?? name;
    if (partial.kind === 'constant' && partial.value === 1) return { op: 'identity', inputs: [] };
    if (partial.kind === 'constant' && partial.value === 0) return { op: 'zero', inputs: [] };
    const product = builder.apply(MUL, [builder.input(arity + 1), partial]);
    const used = new Set<number>();
    for (const node of topologicalOrder([product])) if (node.kind === 'input') used.add(node.index);
    const inputs = [...used].sort((a, b) => a - b);
    const compact = substitute(builder, [product], (node) => (node.kind === 'input' ? builder.input(inputs.indexOf(node.index)) : undefined))[0]!;
    const names = inputs.map((i) => (i < arity ? argNames[i]! : i === arity ? 'ans' : 'cotangent'));
    return { op: declareFromExpression(`${name}'${argNames[k]}`, names, builder, compact), inputs };
  }
}

function cotangentInputs(rule: CotangentRule, ctx: OpContext<undefined>, incoming: Value): Value[] {
  const arity = ctx.args.length;
  return rule.inputs.map((i) => (i < arity ? ctx.args[i]! : i === arity ? ctx.ans : incoming));
}

/** An elementwise op from an expression already built (derived ops share their parent's builder). */
export function declareFromExpression(name: string, argNames: readonly string[], builder: ExprBuilder, value: ScalarExpr): ElementwiseOp {
  const declaration: ElementwiseDeclaration = { name, argNames, builder, value, kernels: new ExpressionKernels(value, argNames.length) };
  const scratch = new LayoutScratch(argNames.length);
  const derivatives = new DerivativeRules(declaration);
  const ruleOf = (k: number, mode: 'vjp' | 'jvp'): CotangentRule => {
    const rule = derivatives.rule(k);
    if (typeof rule === 'string') {
      const where = rule === name ? `argument ${k} (${argNames[k]})` : 'argument 0 (x)';
      throw new Error(`${mode} of '${rule}' w.r.t. ${where} is not defined`);
    }
    return rule;
  };
  const op: ElementwiseOp = Object.freeze({
    ...defineOp<undefined>({
      name,
      argNames,
      forward: (args) => forward(declaration, scratch, args),
      vjp: (g, ctx, k) => {
        const rule = ruleOf(k, 'vjp');
        if (rule.op === 'zero') return zerosOf(shapeOf(ctx.args[k]!));
        const full = rule.op === 'identity' ? g : applyElementwise(rule.op, cotangentInputs(rule, ctx, g));
        return sumToShape(full, shapeOf(ctx.args[k]!));
      },
      jvp: (t, ctx, k) => {
        const rule = ruleOf(k, 'jvp');
        if (rule.op === 'zero') return zerosOf(shapeOf(ctx.ans));
        const full = rule.op === 'identity' ? t : applyElementwise(rule.op, cotangentInputs(rule, ctx, t));
        return broadcastTo(full, shapeOf(ctx.ans));
      },
    }),
    elementwise: declaration,
  });
  return op;
}

const zerosOf = (shape: Shape): Value => (shape.length === 0 ? 0 : new Tensor(newBuffer(sizeOf(shape)), shape));

/** Applies an elementwise op: numbers straight through its scalar kernel, anything else as an op. */
export function applyElementwise(op: ElementwiseOp, args: readonly Value[]): Value {
  for (let k = 0; k < args.length; k++) if (typeof args[k] !== 'number') return apply(op, args, undefined);
  return op.elementwise.kernels.scalar(args as readonly number[]);
}

/** Declares an elementwise op: `value` builds its expression from the arguments' inputs. */
export function elementwiseOp(spec: ElementwiseSpec): ElementwiseOp {
  const builder = new ExprBuilder();
  const inputs = spec.argNames.map((_, k) => builder.input(k));
  return declareFromExpression(spec.name, spec.argNames, builder, spec.value(exprKit(builder), inputs));
}
