import type { Value } from '../../ad/trace.js';
import type { Program } from '../api/evaluate.js';

// The parameter record a forward-sampling run hands the model block (define-by-run: the
// model reads what it needs when it needs it). Parameters not drawn yet are unique
// placeholders, traced values of the run's forward-mode trace, so that a sampling
// statement on one is recognised by identity (scalars included) and anything computed from
// one is itself traced. Reads of placeholders are recorded for error messages. Transformed
// parameters are computed on first read, from whatever the parameters are at that point.

export class ParameterView {
  /** Parameters read while still placeholders, in order of first read. */
  readonly placeholderReads = new Set<string>();
  readonly record: Record<string, Value>;
  private derived: Readonly<Record<string, Value>> | undefined;
  private computing = false;

  constructor(
    private readonly program: Program,
    private readonly values: ReadonlyMap<string, Value>,
    private readonly placeholders: ReadonlySet<string>,
    private readonly transformedNames: readonly string[],
  ) {
    // While the transformed parameters are being computed, the record shows only parameters
    // (the JSON spec's frame asks for every name it knows).
    const names = (): string[] => [...this.values.keys(), ...(this.computing ? [] : this.transformedNames)];
    this.record = new Proxy({} as Record<string, Value>, {
      get: (target, key) => (typeof key === 'string' ? this.read(key) : Reflect.get(target, key)),
      has: (_target, key) => typeof key === 'string' && names().includes(key),
      ownKeys: () => names(),
      getOwnPropertyDescriptor: (_target, key) =>
        typeof key === 'string' && names().includes(key) ? { value: this.read(key), enumerable: true, configurable: true, writable: false } : undefined,
      set: (_target, key) => {
        throw new TypeError(`${program.name}: the model block assigns to parameters.${String(key)}; parameters are read-only`);
      },
    });
  }

  private read(name: string): Value | undefined {
    const value = this.values.get(name);
    if (value !== undefined) {
      if (this.placeholders.has(name)) this.placeholderReads.add(name);
      return value;
    }
    if (!this.transformedNames.includes(name) || this.computing) return undefined;
    return this.transformed()[name];
  }

  private transformed(): Readonly<Record<string, Value>> {
    if (this.derived !== undefined) return this.derived;
    this.computing = true;
    try {
      this.derived = this.program.transformedParameters?.(this.record, this.program.data) ?? {};
    } finally {
      this.computing = false;
    }
    return this.derived;
  }
}
