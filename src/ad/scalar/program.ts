import { topologicalOrder, type Primitive, type ScalarExpr } from './expr.js';

/**
 * Expressions compiled for the interpreter: their nodes in order as register
 * instructions, evaluated one element at a time. This is how elementwise ops run where
 * functions cannot be made from source (a Content-Security-Policy without 'unsafe-eval', or
 * the jitless setting): slower than generated loops, and bit-identical to them, since both
 * apply the same primitives' functions to the same values in the same order.
 */
export class ScalarProgram {
  /** Per node: 0 constant, 1 input, 2 apply. */
  private readonly kinds: Uint8Array;
  private readonly constants: Float64Array;
  private readonly inputIndex: Int32Array;
  private readonly functions: (Primitive | null)[];
  /** Argument registers, three per node. */
  private readonly argRegisters: Int32Array;
  private readonly rootRegisters: Int32Array;
  private readonly registers: Float64Array;

  constructor(roots: readonly ScalarExpr[]) {
    const order = topologicalOrder(roots);
    const register = new Map<number, number>();
    order.forEach((node, i) => register.set(node.id, i));
    const n = order.length;
    this.kinds = new Uint8Array(n);
    this.constants = new Float64Array(n);
    this.inputIndex = new Int32Array(n);
    this.functions = new Array<Primitive | null>(n).fill(null);
    this.argRegisters = new Int32Array(3 * n);
    this.registers = new Float64Array(n);
    order.forEach((node, i) => {
      if (node.kind === 'constant') {
        this.kinds[i] = 0;
        this.constants[i] = node.value;
      } else if (node.kind === 'input') {
        this.kinds[i] = 1;
        this.inputIndex[i] = node.index;
      } else {
        this.kinds[i] = 2;
        this.functions[i] = node.fn;
        node.args.forEach((a, k) => (this.argRegisters[3 * i + k] = register.get(a.id)!));
      }
    });
    this.rootRegisters = Int32Array.from(roots, (r) => register.get(r.id)!);
  }

  /** Evaluates every root at `inputs`; root k's value is written to out[k]. */
  run(inputs: ArrayLike<number>, out: Float64Array): void {
    const { kinds, constants, inputIndex, functions, argRegisters, registers } = this;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      if (kind === 0) registers[i] = constants[i]!;
      else if (kind === 1) registers[i] = inputs[inputIndex[i]!]!;
      else {
        const fn = functions[i]!;
        const a = registers[argRegisters[3 * i]!]!;
        if (fn.arity === 1) registers[i] = fn.evaluate(a);
        else if (fn.arity === 2) registers[i] = fn.evaluate(a, registers[argRegisters[3 * i + 1]!]!);
        else registers[i] = fn.evaluate(a, registers[argRegisters[3 * i + 1]!]!, registers[argRegisters[3 * i + 2]!]!);
      }
    }
    const roots = this.rootRegisters;
    for (let k = 0; k < roots.length; k++) out[k] = registers[roots[k]!]!;
  }

  /** The first root's value at `inputs`. */
  value(inputs: ArrayLike<number>): number {
    const out = new Float64Array(this.rootRegisters.length);
    this.run(inputs, out);
    return out[0]!;
  }
}
