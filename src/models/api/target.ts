import { addAll, sum } from '../../ad/ops/reduce.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';
import type { Distribution } from '../distributions/distribution.js';

/**
 * The log density under construction, as Stan's `target`: the model block adds terms to it.
 * Labels are optional; they name terms in diagnostics (which term is −∞ at a point).
 */
export interface Target {
  /** target += term (a tensor term is summed). */
  add(term: Value, label?: string): void;
  /** x ~ distribution: target += distribution.logProb(x), labelled `x ~ name` when x is a named value. */
  sample(x: Value, distribution: Distribution, label?: string): void;
  /** The sum so far (Stan's `target()`). */
  readonly total: Value;
}

const asScalar = (term: Value): Value => (shapeOf(term).length === 0 ? term : sum(term));

/** The fast target: sums terms, ignores labels. One per evaluation. */
export class LogDensityAccumulator implements Target {
  // Terms are kept and summed by one n-ary node when the total is read, not by a chain of
  // additions (one tape node instead of one per term).
  private readonly summands: Value[] = [];
  private sum: Value | undefined = 0;

  get total(): Value {
    this.sum ??= addAll(this.summands);
    return this.sum;
  }

  add(term: Value, _label?: string): void {
    this.summands.push(asScalar(term));
    this.sum = undefined;
  }

  sample(x: Value, distribution: Distribution, label?: string): void {
    this.add(distribution.logProb(x), label);
  }
}

export interface RecordedTerm {
  readonly label: string;
  readonly value: number;
}

/**
 * A target that also records each term's label and value, for `nonFiniteTerms`. Names of
 * sampled values are found by identity among the parameters and data (`tau ~ halfCauchy`).
 */
export class TermRecorder extends LogDensityAccumulator {
  readonly terms: RecordedTerm[] = [];
  private unlabelled = 0;

  constructor(private readonly scopes: readonly Readonly<Record<string, unknown>>[]) {
    super();
  }

  override add(term: Value, label?: string): void {
    const scalar = asScalar(term);
    super.add(scalar);
    this.terms.push({ label: label ?? `target.add term ${++this.unlabelled}`, value: primal(scalar) as number });
  }

  override sample(x: Value, distribution: Distribution, label?: string): void {
    this.add(distribution.logProb(x), label ?? `${this.nameOf(x)} ~ ${distribution.name}`);
  }

  private nameOf(x: Value): string {
    for (const scope of this.scopes) {
      for (const [name, value] of Object.entries(scope)) if (Object.is(value, x)) return name;
    }
    return typeof x === 'number' ? String(x) : `a value of shape [${shapeOf(x).join(', ')}]`;
  }
}
