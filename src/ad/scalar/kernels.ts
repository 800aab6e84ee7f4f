import { FunctionNames, emitExpressions, type InputCode } from '../codegen/emit.js';
import { makeFunction } from '../codegen/make-function.js';
import type { ScalarExpr } from './expr.js';
import { ScalarProgram } from './program.js';

/**
 * out[o + j] = f(inputs at element j) for j < n. Input k reads `arrays[k][offsets[k] + j]`
 * when it advances along the loop, else the number `fixed[k]` (a broadcast scalar).
 */
export type ElementLoop = (out: Float64Array, o: number, n: number, arrays: readonly Float64Array[], offsets: Int32Array, fixed: Float64Array) => void;

/** f on numbers. */
export type ScalarFunction = (inputs: ArrayLike<number>) => number;

/**
 * Loops and scalar evaluation of one expression, derived from it: functions generated from
 * the expression where code generation is enabled (one loop per layout of the inputs, made
 * on first use), the register interpreter elsewhere. Both give the same numbers.
 */
export class ExpressionKernels {
  private readonly loops = new Map<number, ElementLoop>();
  private scalarFunction: ScalarFunction | undefined;
  private program: ScalarProgram | undefined;

  constructor(
    readonly value: ScalarExpr,
    readonly arity: number,
  ) {}

  /** f at one point. */
  scalar(inputs: ArrayLike<number>): number {
    this.scalarFunction ??= this.makeScalar();
    return this.scalarFunction(inputs);
  }

  /** The loop for a layout: bit k of `advancing` set when input k advances along the loop. */
  loop(advancing: number): ElementLoop {
    let loop = this.loops.get(advancing);
    if (loop === undefined) {
      loop = this.makeLoop(advancing);
      this.loops.set(advancing, loop);
    }
    return loop;
  }

  private interpreter(): ScalarProgram {
    this.program ??= new ScalarProgram([this.value]);
    return this.program;
  }

  private makeScalar(): ScalarFunction {
    const inputs: InputCode[] = Array.from({ length: this.arity }, (_, k) => ({ code: `x${k}`, invariant: false }));
    const names = new FunctionNames();
    const { hoisted, body, results } = emitExpressions([this.value], inputs, names);
    const loads = inputs.map((_, k) => `const x${k} = X[${k}];`);
    const source = `return function scalar(X) {\n${[...loads, ...hoisted, ...body].join('\n')}\nreturn ${results[0]};\n};`;
    const runtime = names.runtimeParameters();
    const generated = makeFunction<ScalarFunction>(runtime.names, source, runtime.values);
    if (generated !== null) return generated;
    const program = this.interpreter();
    return (x) => program.value(x);
  }

  private makeLoop(advancing: number): ElementLoop {
    const arity = this.arity;
    const moves = (k: number): boolean => (advancing & (1 << k)) !== 0;
    const inputs: InputCode[] = Array.from({ length: arity }, (_, k) => ({ code: `x${k}`, invariant: !moves(k) }));
    const names = new FunctionNames();
    const { hoisted, body, results } = emitExpressions([this.value], inputs, names);
    const prologue: string[] = [];
    const loads: string[] = [];
    for (let k = 0; k < arity; k++) {
      if (moves(k)) {
        prologue.push(`const a${k} = A[${k}]; const i${k} = I[${k}];`);
        loads.push(`const x${k} = a${k}[i${k} + j];`);
      } else prologue.push(`const x${k} = S[${k}];`);
    }
    const source =
      `return function loop(out, o, n, A, I, S) {\n${[...prologue, ...hoisted].join('\n')}\n` +
      `for (let j = 0; j < n; j++) {\n${[...loads, ...body].join('\n')}\nout[o + j] = ${results[0]};\n}\n};`;
    const runtime = names.runtimeParameters();
    const generated = makeFunction<ElementLoop>(runtime.names, source, runtime.values);
    if (generated !== null) return generated;
    const program = this.interpreter();
    const point = new Float64Array(arity);
    const single = new Float64Array(1);
    return (out, o, n, arrays, offsets, fixed) => {
      for (let k = 0; k < arity; k++) if (!moves(k)) point[k] = fixed[k]!;
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < arity; k++) if (moves(k)) point[k] = arrays[k]![offsets[k]! + j]!;
        program.run(point, single);
        out[o + j] = single[0]!;
      }
    };
  }
}
