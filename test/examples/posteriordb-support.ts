import { expect } from 'vitest';
import { readJson } from './plain-math.js';
import { expectSameDensity, gradientError, randomPoints } from './support.js';

// The shared check of a posteriordb example: the model compiles on its copied data, outputs
// every quantity its reference.json summarises (under the same name), has the stated number
// of unconstrained dimensions, matches the hand-written log density of its model.md up to a
// constant, and has the gradient of that density.

export interface PosteriorCase {
  readonly module: { readonly model: { compile(data: unknown): any }; readonly dataFile: string; readonly referenceFile: string };
  readonly dim: number;
  readonly reference: (data: any) => (theta: Float64Array) => number;
  readonly points?: number;
  /** Half-width of the box the unconstrained test points are drawn from (default 1). */
  readonly radius?: number;
}

export function checkPosterior(name: string, c: PosteriorCase): void {
  const data = readJson(`examples/posteriordb/${name}/${c.module.dataFile}`);
  const reference = readJson(`examples/posteriordb/${name}/${c.module.referenceFile}`);
  const model = c.module.model.compile(data);
  expect(model.name).toBe(name);
  expect(model.dim).toBe(c.dim);
  const missing = Object.keys(reference.parameters).filter((q) => !model.outputNames.includes(q));
  expect(missing, `quantities of reference.json that the model does not output`).toEqual([]);
  const points = randomPoints(model.dim, c.points ?? 5, 13, c.radius ?? 1);
  expectSameDensity(model, c.reference(data), points);
  expect(gradientError(model, points[1]!)).toBeLessThan(1e-6);
}
