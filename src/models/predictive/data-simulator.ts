import type { Shape } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { Target } from '../api/target.js';
import type { Distribution } from '../distributions/distribution.js';
import { drawWithShape, flatOf, valueShape } from './draw-shape.js';
import { dataFieldOf } from './model-access.js';

export interface Simulated {
  readonly shape: Shape;
  readonly values: Float64Array;
}

/**
 * The target of a replication run (Stan's generated-quantities `y_rep`, PyMC's
 * sample_posterior_predictive): at fixed parameters, each sampling statement whose
 * left-hand side is a data field is replaced by a draw from its distribution, recorded
 * under the field's name. Statements on parameters and `target.add` terms are ignored.
 */
export class DataSimulator implements Target {
  /** Not a density: a replication run adds nothing. */
  readonly total: Value = 0;
  readonly simulated = new Map<string, Simulated>();
  /** Sampling statements on values that are neither a parameter nor a whole data field (`y[i]`). */
  readonly unmatched: string[] = [];

  constructor(
    private readonly data: Readonly<Record<string, unknown>>,
    private readonly parameterValues: readonly Value[],
    private readonly rng: Rng,
    private readonly place: string,
  ) {}

  add(_term: Value, _label?: string): void {}

  sample(x: Value, distribution: Distribution, label?: string): void {
    for (const value of this.parameterValues) if (Object.is(value, x)) return;
    const name = dataFieldOf(x, this.data, Object.keys(this.data));
    if (name === undefined) {
      this.unmatched.push(label ?? `a statement on ${distribution.name}`);
      return;
    }
    if (this.simulated.has(name)) {
      throw new Error(`${this.place}: data field '${name}' has a second sampling statement${label === undefined ? '' : ` (${label})`}; a replicated field needs exactly one`);
    }
    const shape = valueShape(this.data[name]);
    const draw = drawWithShape(distribution, shape, this.rng, `${this.place}: data field '${name}'`);
    this.simulated.set(name, { shape, values: Float64Array.from(flatOf(draw)) });
  }
}
