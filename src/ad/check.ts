import { makeRng } from '../random/rng.js';
import { grad, jvp } from './grad.js';
import { add, mul } from './ops/arithmetic.js';
import { sum } from './ops/reduce.js';
import { Tensor } from './tensor.js';
import { primal, shapeOf, type Value } from './trace.js';
import { leaves, withLeaves, type Tree } from './tree.js';

export interface CheckGradOptions {
  /** 1: gradients; 2: also Hessian–vector products (grad of grad, jvp of grad). Default 1. */
  readonly order?: 1 | 2;
  /** Base step of the central differences, scaled by max(1, |x_i|). Default 1e-3. */
  readonly step?: number;
  /** Random directions checked (all coordinates are checked when there are at most 32). Default 4. */
  readonly directions?: number;
  readonly seed?: number;
}

/** x as one flat vector, and the way back. */
function flatten(x: Tree): { vector: Float64Array; rebuild: (v: Float64Array) => Tree } {
  const ls = leaves(x).map((l) => primal(l));
  const sizes = ls.map((l) => (typeof l === 'number' ? 1 : l.size));
  const vector = new Float64Array(sizes.reduce((a, b) => a + b, 0));
  let k = 0;
  for (const l of ls) {
    if (typeof l === 'number') vector[k++] = l;
    else for (const v of l.data) vector[k++] = v;
  }
  const rebuild = (v: Float64Array): Tree => {
    let offset = 0;
    return withLeaves(
      x,
      ls.map((l) => {
        if (typeof l === 'number') return v[offset++]!;
        const t = new Tensor(v.slice(offset, offset + l.size), l.shape);
        offset += l.size;
        return t;
      }),
    );
  };
  return { vector, rebuild };
}

const relativeError = (a: number, b: number): number => {
  if (a === b) return 0; // also equal infinities
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
};

/**
 * Directional derivative of a scalar function of a flat vector by central differences
 * with one Richardson extrapolation (error O(h⁴)).
 */
function finiteDifference(fv: (v: Float64Array) => number, x: Float64Array, direction: Float64Array, h: number): number {
  const at = (t: number): number => fv(x.map((v, i) => v + t * direction[i]!));
  const central = (hh: number): number => (at(hh) - at(-hh)) / (2 * hh);
  return (4 * central(h / 2) - central(h)) / 3;
}

function dotTree(gradient: Tree, direction: Float64Array): number {
  let s = 0;
  let k = 0;
  for (const l of leaves(gradient)) {
    const p = primal(l);
    if (typeof p === 'number') s += p * direction[k++]!;
    else for (const v of p.data) s += v * direction[k++]!;
  }
  return s;
}

/**
 * Checks a scalar function's derivatives at x against finite differences, the way
 * autograd's check_grads does: reverse mode per coordinate (or along random directions),
 * forward mode against reverse mode, and with `order: 2` the same for the gradient's own
 * derivatives. Returns the largest error found, relative to max(1, |derivative|).
 */
export function checkGrad(f: (x: any) => Value, x: Tree, options: CheckGradOptions = {}): number {
  const { order = 1, step = 1e-3, directions = 4, seed = 1 } = options;
  const out = f(x);
  if (shapeOf(out).length !== 0) throw new Error('checkGrad: the function must return a scalar');
  const { vector, rebuild } = flatten(x);
  const fv = (v: Float64Array): number => primal(f(rebuild(v))) as number;
  const g = grad(f)(x) as Tree;
  const rng = makeRng(seed, 0);
  const dirs: Float64Array[] = [];
  if (vector.length <= 32) {
    for (let i = 0; i < vector.length; i++) {
      const e = new Float64Array(vector.length);
      e[i] = 1;
      dirs.push(e);
    }
  }
  for (let d = 0; d < directions; d++) dirs.push(Float64Array.from(vector, () => rng.normal()));
  // Each coordinate steps by `step`·max(1, |x_i|): one scale for all, from the largest
  // coordinate, would step a coordinate near 0 by the size of the largest one (out of
  // log's domain at x = [0.01, 1000]).
  for (const dir of dirs) for (let i = 0; i < dir.length; i++) dir[i] = dir[i]! * Math.max(1, Math.abs(vector[i]!));
  let worst = 0;
  for (const dir of dirs) {
    const reverse = dotTree(g, dir);
    worst = Math.max(worst, relativeError(reverse, finiteDifference(fv, vector, dir, step)));
    const forward = primal(jvp(f, x, rebuild(dir)).tangent as Value) as number;
    worst = Math.max(worst, relativeError(forward, reverse));
  }
  if (order === 2) {
    for (let d = 0; d < Math.max(1, Math.min(directions, 3)); d++) {
      const dir = Float64Array.from(vector, () => rng.normal());
      // The gradient along a fixed direction is itself a scalar function: check it.
      const directional = (y: Tree): Value => {
        let s: Value = 0;
        const ls = leaves(grad(f)(y) as Tree);
        let k = 0;
        for (const l of ls) {
          const n = shapeOf(l).reduce((a, b) => a * b, 1);
          const w = dir.slice(k, k + n);
          k += n;
          s = addScalar(s, l, w);
        }
        return s;
      };
      worst = Math.max(worst, checkGrad(directional, x, { order: 1, step, directions: 2, seed: seed + d + 1 }));
    }
  }
  return worst;
}

function addScalar(s: Value, leaf: Value, weights: Float64Array): Value {
  const shape = shapeOf(leaf);
  if (shape.length === 0) return add(s, mul(leaf, weights[0]!));
  return add(s, sum(mul(leaf, new Tensor(weights, shape))));
}
