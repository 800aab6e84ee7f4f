// Resource budgets of a model, checked before anything is allocated or run: a spec or data
// file from an untrusted source (a web page loading specs, a shared data set) must get a
// clear error naming the place and the figure, not minutes of work and an out-of-memory
// abort. Every figure is a default a user can raise (compileSpec(spec, data, { limits }),
// model.compile(data, { limits }), or the CLI's `--limits elements=2e8,outputs=1e7`).

/** Budgets of one compiled model; every field is optional, the rest take their defaults. */
export interface ResourceLimits {
  /**
   * Scalars a model may hold: every declared quantity summed (data, transformed data,
   * parameters, transformed parameters, generated quantities, local variables), and any one
   * value a spec computes. Default 1e8: 800 MB of float64, far above a model with 1e6
   * observations (a few 1e6), yet refused in milliseconds rather than after minutes of
   * allocation.
   */
  readonly maxElements?: number;
  /**
   * Scalars recorded per draw (parameters, transformed parameters, generated quantities):
   * each is a named CSV column and a string in memory. Default 2e6, room for a model of 1e6
   * dimensions: compiling a 1e6-element parameter takes a few seconds and ~350 MB, while 1e7
   * takes ~50 s and ~3 GB, close to Node's default heap.
   */
  readonly maxOutputs?: number;
  /**
   * Loop iterations per evaluation of a spec's model block (nested loops multiply). Default
   * 1e7: a loop over 1e6 observations fits ten times over, and hitting the limit costs
   * seconds, not minutes; a loop of 1e9 is refused before its first iteration.
   */
  readonly maxLoopIterations?: number;
  /**
   * Nesting depth of a spec's expressions (parentheses, calls, indexing, unary operators)
   * and statements (for, if). Default 100: Stan programs nest a handful of levels, and 100
   * keeps every recursive walk far from JavaScript's stack limit.
   */
  readonly maxDepth?: number;
}

export type Limits = Required<ResourceLimits>;

export const DEFAULT_LIMITS: Limits = Object.freeze({ maxElements: 1e8, maxOutputs: 2e6, maxLoopIterations: 1e7, maxDepth: 100 });

/** How each limit is raised from the command line (`--limits elements=2e8`). */
export const LIMIT_KEYS: Readonly<Record<keyof Limits, string>> = Object.freeze({
  maxElements: 'elements',
  maxOutputs: 'outputs',
  maxLoopIterations: 'iterations',
  maxDepth: 'depth',
});

/** The limits with defaults filled in; throws TypeError for a limit that is not a positive number. */
export function resolveLimits(given: ResourceLimits | undefined): Limits {
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  if (given === undefined) return DEFAULT_LIMITS;
  if (given === null || typeof given !== 'object') throw new TypeError(`limits must be an object such as { maxElements: 2e8 }, got ${String(given)}`);
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) {
      throw new TypeError(`limits: unknown limit '${key}'; the limits are ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new TypeError(`limits.${key} is ${String(value)}, but must be a positive number (Infinity turns it off)`);
    out[key] = value;
  }
  return Object.freeze(out) as Limits;
}

/** The advice closing a limit message: how to raise it. */
export function raiseHint(key: keyof Limits): string {
  return `raise it with --limits ${LIMIT_KEYS[key]}=N (the option limits.${key} in code)`;
}

/** `1000000000`, `1e+308`: a count as it is written in messages. */
export function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : n.toPrecision(3).replace(/\.?0+e/, 'e');
}

/**
 * A running total of declared elements, checked before each allocation: `add` returns a
 * message when the new total (or the quantity alone) is over the limit, naming the figure.
 */
export class ElementBudget {
  private used = 0;
  private outputs = 0;

  constructor(readonly limits: Limits) {}

  /** Reserves `count` scalars for a quantity (`output`: also recorded per draw); a message if over a limit. */
  add(count: number, output: boolean): string | undefined {
    const { maxElements, maxOutputs } = this.limits;
    if (!(count <= maxElements)) return `size ${formatCount(count)} exceeds the limit of ${formatCount(maxElements)} elements; ${raiseHint('maxElements')}`;
    if (!(this.used + count <= maxElements)) {
      return (
        `size ${formatCount(count)} brings the model to ${formatCount(this.used + count)} elements in all, above the limit of ` +
        `${formatCount(maxElements)}; ${raiseHint('maxElements')}`
      );
    }
    if (output && !(this.outputs + count <= maxOutputs)) {
      return (
        `size ${formatCount(count)} brings the outputs to ${formatCount(this.outputs + count)} scalars per draw (one CSV column each), above the limit of ` +
        `${formatCount(maxOutputs)}; ${raiseHint('maxOutputs')}`
      );
    }
    this.used += count;
    if (output) this.outputs += count;
    return undefined;
  }
}
