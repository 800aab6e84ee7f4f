import { Tensor, formatShape } from '../ad/tensor.js';
import { primal, shapeOf, type Value } from '../ad/trace.js';
import { leaves, withLeaves, type Tree } from '../ad/tree.js';

// Adam (Kingma & Ba 2015, "Adam: a method for stochastic optimization", Algorithm 1),
// minimising: with g the gradient of the objective at step t (from 1),
//   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
//   θ ← θ − α m̂ / (√v̂ + ε),  m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ).
// The step per coordinate is about α whatever the gradient's scale, which is why a
// stochastic objective summed over N data (whose gradient grows with N) needs no
// rescaling of α.

export interface AdamOptions {
  /** α, the step size. */
  readonly learningRate: number;
  /** Decay of the first-moment average. Default 0.9. */
  readonly beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  readonly beta2?: number;
  /** Added to √v̂ so that a zero gradient does not divide by zero. Default 1e-8. */
  readonly epsilon?: number;
}

/** Adam's carried state: the position (any tree of numbers and tensors) and both moments per leaf. */
export interface AdamState<T extends Tree> {
  readonly position: T;
  readonly firstMoment: readonly Float64Array[];
  readonly secondMoment: readonly Float64Array[];
  /** Steps taken so far (t − 1 of the next step). */
  readonly iteration: number;
}

export interface Adam {
  init<T extends Tree>(position: T): AdamState<T>;
  /**
   * One step downhill along `gradient`, a tree of the position's structure and shapes.
   * `learningRate` overrides α for this step (for a decaying schedule).
   */
  step<T extends Tree>(state: AdamState<T>, gradient: Tree, learningRate?: number): AdamState<T>;
}

const dataOf = (v: Value): Float64Array => {
  const p = primal(v);
  return typeof p === 'number' ? Float64Array.of(p) : p.data;
};

function checkOptions(options: AdamOptions): Required<AdamOptions> {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`adam: learningRate is ${learningRate}, but must be a positive finite number`);
  }
  for (const [name, beta] of [['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(beta >= 0 && beta < 1)) throw new Error(`adam: ${name} is ${beta}, but must be in [0, 1)`);
  }
  if (!(epsilon > 0)) throw new Error(`adam: epsilon is ${epsilon}, but must be positive`);
  return { learningRate, beta1, beta2, epsilon };
}

/** Adam with its constants fixed; `init` and `step` are pure (every step returns new arrays). */
export function adam(options: AdamOptions): Adam {
  const { learningRate: defaultRate, beta1, beta2, epsilon } = checkOptions(options);
  return {
    init<T extends Tree>(position: T): AdamState<T> {
      const sizes = leaves(position).map((leaf) => dataOf(leaf).length);
      return {
        position,
        firstMoment: sizes.map((n) => new Float64Array(n)),
        secondMoment: sizes.map((n) => new Float64Array(n)),
        iteration: 0,
      };
    },
    step<T extends Tree>(state: AdamState<T>, gradient: Tree, learningRate = defaultRate): AdamState<T> {
      if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
        throw new Error(`adam.step: learningRate is ${learningRate}, but must be a positive finite number`);
      }
      const positions = leaves(state.position);
      const gradients = leaves(gradient);
      if (gradients.length !== positions.length) {
        throw new Error(`adam.step: the gradient has ${gradients.length} leaves, but the position has ${positions.length}`);
      }
      const t = state.iteration + 1;
      const firstCorrection = 1 - beta1 ** t;
      const secondCorrection = 1 - beta2 ** t;
      const firstMoment: Float64Array[] = [];
      const secondMoment: Float64Array[] = [];
      const moved = positions.map((leaf, k) => {
        const x = dataOf(leaf);
        const g = dataOf(gradients[k]!);
        if (g.length !== x.length) {
          throw new Error(
            `adam.step: gradient leaf ${k} has shape ${formatShape(shapeOf(gradients[k]!))}, but the position's has ${formatShape(shapeOf(leaf))}`,
          );
        }
        const m = Float64Array.from(state.firstMoment[k]!);
        const v = Float64Array.from(state.secondMoment[k]!);
        const next = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const gi = g[i]!;
          m[i] = beta1 * m[i]! + (1 - beta1) * gi;
          v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
          next[i] = x[i]! - (learningRate * (m[i]! / firstCorrection)) / (Math.sqrt(v[i]! / secondCorrection) + epsilon);
        }
        firstMoment.push(m);
        secondMoment.push(v);
        const p = primal(leaf);
        return typeof p === 'number' ? next[0]! : new Tensor(next, p.shape);
      });
      return { position: withLeaves(state.position, moved) as T, firstMoment, secondMoment, iteration: t };
    },
  };
}
