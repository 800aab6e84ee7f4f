import type { Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { Target } from '../../models/api/target.js';
import { nearest } from './errors.js';
import type { LocalVariable, UnassignedReads } from './local-variable.js';
import type { SpecType } from './types.js';

/**
 * Names in scope while a spec is checked and lowered, in Stan's order: data, transformed
 * data, parameters, transformed parameters, then model locals in statement order (a
 * `for` body opens a nested scope). Each binding knows where its value lives at run time:
 * a constant (data), a slot of the evaluation frame (parameters, locals), or nowhere yet
 * (checking without data).
 */

export type BindingRole =
  | 'data'
  | 'transformed data'
  | 'parameter'
  | 'transformed parameter'
  | 'generated quantity'
  | 'local variable'
  | 'loop variable'
  /** A user-defined function's argument (read-only); a `data` one may not depend on parameters. */
  | 'function argument'
  | 'data argument';

export interface Binding {
  readonly name: string;
  readonly role: BindingRole;
  /** null after an error in its declaration: uses stay silent rather than cascade. */
  readonly type: SpecType | null;
  /** Where it was declared, for messages: `parameters.tau`, `model[3].local`. */
  readonly declaredAt: string;
  /** Data and transformed data: the value, known at compile time (undefined when checking without data). */
  readonly constant?: Value;
  /** Frame slot of parameters, transformed parameters, locals and loop variables. */
  readonly slot?: number;
  /** The slot holds a LocalVariable (a variable filled by statements) rather than a value. */
  readonly local: boolean;
  /** Variables of the block being run (locals, and a transformed block's own variables) are assignable; everything else is read-only. */
  readonly assignable: boolean;
}

/** What a frame slot holds at run time. */
export type SlotValue = Value | LocalVariable | undefined;

/** One evaluation's values (parameters, locals, loop indices), addressed by slot. */
export interface Frame {
  readonly slots: SlotValue[];
  /** Loop-invariant values computed so far in this evaluation (see Folding.hoist). */
  readonly cache?: (Value | undefined)[];
  /** The random stream of generated quantities (`normal_rng`); absent in the log density. */
  readonly rng?: Rng;
  /** Loop iterations so far in this evaluation, against ResourceLimits.maxLoopIterations. */
  readonly loops?: { iterations: number };
  /** Where `print` writes its lines (absent: print writes nothing). */
  readonly print?: (line: string) => void;
  /** The model block's log density, for `_lp` functions called inside expressions (absent elsewhere). */
  readonly target?: Target;
  /** Calls of user-defined functions around this frame (0 or absent outside them), against ResourceLimits.maxDepth. */
  readonly depth?: number;
  /** In a user-defined function's frame: where `return` leaves the value. */
  readonly returned?: { value: Value | undefined };
  /** In a trial evaluation: collects reads of reals never assigned (which read NaN) as warnings. */
  readonly unassigned?: UnassignedReads;
}

/** A name declared somewhere in the spec, for "used before it is defined" messages. */
export interface Declared {
  readonly role: BindingRole;
  readonly declaredAt: string;
}

export class Scope {
  private readonly bindings = new Map<string, Binding>();

  constructor(
    private readonly parent: Scope | null,
    /** Shared by all scopes of one program: slots are never reused. */
    private readonly slots: { count: number; cached: number },
    /** Every name the spec declares anywhere. */
    readonly declared: ReadonlyMap<string, Declared>,
    /** A function body's scope: the program's names, which it cannot see (for messages). */
    private readonly hidden?: ReadonlyMap<string, Declared>,
  ) {}

  static root(declared: ReadonlyMap<string, Declared>): Scope {
    return new Scope(null, { count: 0, cached: 0 }, declared);
  }

  /** The root scope of a user-defined function's body: its own slots; the program's names are out of sight. */
  static functionRoot(program: ReadonlyMap<string, Declared>): Scope {
    return new Scope(null, { count: 0, cached: 0 }, new Map(), program);
  }

  child(): Scope {
    return new Scope(this, this.slots, this.declared, this.hidden);
  }

  get slotCount(): number {
    return this.slots.count;
  }

  get cacheCount(): number {
    return this.slots.cached;
  }

  /**
   * Memoises a loop-invariant expression per evaluation: computed at its first use in a
   * loop, then read from the frame's cache (loop-invariant code motion, done lazily).
   */
  hoist(evaluate: (frame: Frame) => Value): (frame: Frame) => Value {
    const index = this.slots.cached++;
    return (frame) => {
      const cache = frame.cache;
      if (cache === undefined) return evaluate(frame);
      const hit = cache[index];
      if (hit !== undefined) return hit;
      const value = evaluate(frame);
      cache[index] = value;
      return value;
    };
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }

  /** Defines a name with a constant value (data). */
  defineConstant(name: string, role: BindingRole, type: SpecType | null, declaredAt: string, constant: Value | undefined): Binding {
    const binding: Binding = { name, role, type, declaredAt, constant, local: false, assignable: false };
    this.bindings.set(name, binding);
    return binding;
  }

  /**
   * Defines a name living in a frame slot: a new one, or `options.slot` (a transformed
   * block's variable is a LocalVariable in its block and a plain value in the blocks after,
   * in the same slot). Locals hold LocalVariables and are assignable unless told otherwise.
   */
  defineSlot(name: string, role: BindingRole, type: SpecType | null, declaredAt: string, options: { readonly slot?: number; readonly local?: boolean; readonly assignable?: boolean } = {}): Binding {
    const isLocal = role === 'local variable';
    const binding: Binding = {
      name,
      role,
      type,
      declaredAt,
      slot: options.slot ?? this.slots.count++,
      local: options.local ?? isLocal,
      assignable: options.assignable ?? isLocal,
    };
    this.bindings.set(name, binding);
    return binding;
  }

  /** Whether `name` is defined in this scope itself (not a parent). */
  definesOwn(name: string): boolean {
    return this.bindings.has(name);
  }

  /** Every name visible here, innermost first. */
  visibleNames(): string[] {
    const names = [...this.bindings.keys()];
    return this.parent === null ? names : [...names, ...this.parent.visibleNames()];
  }

  /** The message for a name that is not in scope: used too early, or unknown (with a suggestion). */
  unknownNameMessage(name: string, extraKnown: Iterable<string> = []): string {
    const later = this.declared.get(name);
    if (later !== undefined) {
      return (
        `'${name}' is used before it is defined: it is a ${later.role} declared at ${later.declaredAt}. ` +
        'A name is visible after its declaration, in the order data, transformed_data, parameters, transformed_parameters, ' +
        'model, generated_quantities (a local only inside its own block)'
      );
    }
    const outside = this.hidden?.get(name);
    if (outside !== undefined && !this.visibleNames().includes(name)) {
      const what = outside.role === 'data' || outside.role === 'transformed data' ? outside.role : `a ${outside.role}`;
      return `'${name}' is ${what} (declared at ${outside.declaredAt}), which the body of a function cannot see: pass it as an argument`;
    }
    const suggestion = nearest(name, [...this.visibleNames(), ...extraKnown]);
    return `unknown name '${name}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`;
  }
}
