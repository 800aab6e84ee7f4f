import { topologicalOrderStopping, type Primitive, type ScalarExpr } from '../scalar/expr.js';
import { formatNumber } from './format.js';

/** How an expression input reads in generated code, and whether it is fixed over a loop. */
export interface InputCode {
  /** Its code; null where it cannot be read here (the emission throws UnavailableInput). */
  readonly code: string | null;
  /** Fixed for every element (a broadcast scalar): what depends only on such inputs is hoisted. */
  readonly invariant: boolean;
}

export interface EmittedExpressions {
  /** Statements to run once, before a loop: subexpressions of invariant inputs alone. */
  readonly hoisted: string[];
  /** Statements to run per element. */
  readonly body: string[];
  /** The code of each root (a temporary, an input, or a number). */
  readonly results: string[];
}

/**
 * Names of one generated function: temporaries t0, t1, ... and the functions it calls
 * (r0, r1, ...: primitives without a template, passed in by `runtimeArguments`).
 */
export class FunctionNames {
  next = 0;
  private readonly runtime = new Map<Primitive, string>();

  temporary(): string {
    return `t${this.next++}`;
  }

  /** The name under which `fn.evaluate` is passed to the generated function. */
  runtimeName(fn: Primitive): string {
    let name = this.runtime.get(fn);
    if (name === undefined) {
      name = `r${this.runtime.size}`;
      this.runtime.set(fn, name);
    }
    return name;
  }

  /** Parameter names and values for makeFunction: the runtime functions used. */
  runtimeParameters(): { readonly names: string[]; readonly values: unknown[] } {
    const names: string[] = [];
    const values: unknown[] = [];
    for (const [fn, name] of this.runtime) {
      names.push(name);
      values.push(fn.evaluate);
    }
    return { names, values };
  }
}

/** An expression read an input that cannot be read where it is emitted. */
export class UnavailableInput extends Error {
  constructor(readonly input: number) {
    super(`input ${input} cannot be read here`);
    this.name = 'UnavailableInput';
  }
}

/**
 * Statements computing `roots` from `inputs`: each primitive application once, as a
 * `const` temporary (V8 keeps them in registers), in dependency order. Nodes depending only
 * on invariant inputs and constants go to `hoisted`. Only primitives' templates, generated
 * names and formatted numbers are written.
 *
 * `scope`: codes of nodes computed in an enclosing scope (the traversal does not descend
 * below them; fixed over this code, so invariant), to which the codes of this code's
 * invariant nodes are added, for later code in the same scope. One map for both: whole-model
 * code has tens of thousands of nodes, and copying their codes between maps was a good part
 * of generating it.
 */
export function emitExpressions(roots: readonly ScalarExpr[], inputs: readonly InputCode[], names: FunctionNames, scope?: Map<number, string>): EmittedExpressions {
  // Codes of this code's nodes that are not in `scope` (the varying ones; all where there is no scope).
  const local = new Map<number, string>();
  // Nodes that vary over the loop (the others, and the scope's, are invariant).
  const variant = new Set<number>();
  const hoisted: string[] = [];
  const body: string[] = [];
  const codeOf = (id: number): string => local.get(id) ?? scope!.get(id)!;
  const known = scope === undefined ? null : (id: number) => scope.has(id);
  const invariantCode = (id: number, code: string): void => {
    if (scope === undefined) local.set(id, code);
    else scope.set(id, code);
  };
  // The traversal is made before any code joins the scope: every node is listed once.
  for (const node of topologicalOrderStopping(roots, known)) {
    if (known !== null && known(node.id)) continue;
    if (node.kind === 'constant') invariantCode(node.id, formatNumber(node.value));
    else if (node.kind === 'input') {
      const input = inputs[node.index];
      if (input === undefined) throw new Error(`emitExpressions: the expression reads input ${node.index}, but ${inputs.length} are given`);
      if (input.code === null) throw new UnavailableInput(node.index);
      if (input.invariant) invariantCode(node.id, input.code);
      else {
        local.set(node.id, input.code);
        variant.add(node.id);
      }
    } else {
      const nodeArgs = node.args;
      const args = new Array<string>(nodeArgs.length);
      let isInvariant = true;
      for (let k = 0; k < nodeArgs.length; k++) {
        const id = nodeArgs[k]!.id;
        args[k] = codeOf(id);
        if (variant.has(id)) isInvariant = false;
      }
      const name = names.temporary();
      const emit = node.fn.emit;
      const expression = emit === undefined ? `${names.runtimeName(node.fn)}(${args.join(', ')})` : emit(args);
      if (isInvariant) {
        hoisted.push(`const ${name} = ${expression};`);
        invariantCode(node.id, name);
      } else {
        body.push(`const ${name} = ${expression};`);
        local.set(node.id, name);
        variant.add(node.id);
      }
    }
  }
  return { hoisted, body, results: roots.map((r) => codeOf(r.id)) };
}
