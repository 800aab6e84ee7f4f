import { FunctionNames, emitExpressions, type InputCode } from '../../ad/codegen/emit.js';
import { makeFunction } from '../../ad/codegen/make-function.js';
import { gradientExpressions } from '../../ad/scalar/differentiate.js';
import type { ExprBuilder, ScalarExpr } from '../../ad/scalar/expr.js';
import { ScalarProgram } from '../../ad/scalar/program.js';
import type { KernelInput } from './fused.js';

/**
 * The one-pass kernel of a density declared per element: Σ value over the broadcast
 * elements, and for each wanted argument its partials accumulated in place (into one number
 * for a broadcast scalar). Derived from the declaration: generated per layout (which
 * arguments advance, which partials are wanted) where code generation is enabled, the
 * register interpreter elsewhere; the partials are the expression's symbolic derivatives.
 * Subexpressions of broadcast scalars alone (log σ, log Γ(α)) are computed once, before
 * the loop, as Stan's hand-written densities do.
 */
export class DensityKernels {
  private partials: readonly (ScalarExpr | null)[] | undefined;
  private readonly variants = new Map<number, (input: KernelInput) => number>();

  constructor(
    private readonly name: string,
    private readonly builder: ExprBuilder,
    readonly value: ScalarExpr,
    private readonly arity: number,
  ) {}

  /** ∂value/∂argument k per element (null where not differentiable). */
  partialExpressions(): readonly (ScalarExpr | null)[] {
    this.partials ??= gradientExpressions(this.builder, this.value, Array.from({ length: this.arity }, (_, k) => k));
    return this.partials;
  }

  run(input: KernelInput): number {
    let key = 0;
    for (let k = 0; k < this.arity; k++) {
      if (input.strides[k] !== 0) key |= 1 << k;
      if (input.partials[k] !== null) key |= 1 << (k + this.arity);
    }
    let kernel = this.variants.get(key);
    if (kernel === undefined) {
      kernel = this.make(key);
      this.variants.set(key, kernel);
    }
    return kernel(input);
  }

  private make(key: number): (input: KernelInput) => number {
    const arity = this.arity;
    const moves = (k: number): boolean => (key & (1 << k)) !== 0;
    const wanted = (k: number): boolean => (key & (1 << (k + arity))) !== 0;
    const partials = this.partialExpressions();
    const roots: ScalarExpr[] = [this.value];
    const wantedArgs: number[] = [];
    for (let k = 0; k < arity; k++) {
      if (!wanted(k)) continue;
      const p = partials[k];
      if (p === null || p === undefined) throw new Error(`${this.name}: the density is not differentiable in argument ${k}`);
      roots.push(p);
      wantedArgs.push(k);
    }
    return this.generate(roots, wantedArgs, moves) ?? this.interpret(roots, wantedArgs, moves);
  }

  private generate(roots: readonly ScalarExpr[], wantedArgs: readonly number[], moves: (k: number) => boolean): ((input: KernelInput) => number) | null {
    const arity = this.arity;
    const inputs: InputCode[] = Array.from({ length: arity }, (_, k) => ({ code: `x${k}`, invariant: !moves(k) }));
    const names = new FunctionNames();
    const { hoisted, body, results } = emitExpressions(roots, inputs, names);
    const prologue = ['const D = input.data; const P = input.partials; const n = input.size;'];
    const loads: string[] = [];
    for (let k = 0; k < arity; k++) {
      if (moves(k)) {
        prologue.push(`const a${k} = D[${k}];`);
        loads.push(`const x${k} = a${k}[j];`);
      } else prologue.push(`const x${k} = D[${k}][0];`);
    }
    const accumulate: string[] = [];
    const finish: string[] = [];
    wantedArgs.forEach((k, w) => {
      prologue.push(`const p${k} = P[${k}];`);
      if (moves(k)) accumulate.push(`p${k}[j] += ${results[w + 1]};`);
      else {
        prologue.push(`let s${k} = 0;`);
        accumulate.push(`s${k} += ${results[w + 1]};`);
        finish.push(`p${k}[0] += s${k};`);
      }
    });
    const source =
      `return function density(input) {\n${[...prologue, ...hoisted].join('\n')}\nlet total = 0;\n` +
      `for (let j = 0; j < n; j++) {\n${[...loads, ...body].join('\n')}\ntotal += ${results[0]};\n${accumulate.join('\n')}\n}\n` +
      `${finish.join('\n')}\nreturn total;\n};`;
    const runtime = names.runtimeParameters();
    return makeFunction<(input: KernelInput) => number>(runtime.names, source, runtime.values);
  }

  private interpret(roots: readonly ScalarExpr[], wantedArgs: readonly number[], moves: (k: number) => boolean): (input: KernelInput) => number {
    const program = new ScalarProgram(roots);
    const arity = this.arity;
    const point = new Float64Array(arity);
    const out = new Float64Array(roots.length);
    return (input) => {
      const { data, partials, size } = input;
      let total = 0;
      for (let j = 0; j < size; j++) {
        for (let k = 0; k < arity; k++) point[k] = data[k]![moves(k) ? j : 0]!;
        program.run(point, out);
        total += out[0]!;
        for (let w = 0; w < wantedArgs.length; w++) {
          const k = wantedArgs[w]!;
          partials[k]![moves(k) ? j : 0]! += out[w + 1]!;
        }
      }
      return total;
    };
  }
}
