import { describe, expect, it } from 'vitest';
import { primal, tensor } from '../../../src/index.js';
import {
  choleskyCorr, choleskyCov, interval, lowerBounded, nonNegativeInteger, ordered, positive, positiveOrdered, real, simplex,
  unitInterval, upperBounded, type Constraint,
} from '../../../src/models/constraints.js';
import { transformFor } from '../../../src/models/transforms/transform-for.js';
import { dataOf, tapeNodes } from './support.js';

describe('transformFor', () => {
  it('picks the transform of each continuous constraint', () => {
    const cases: [Constraint, string][] = [
      [real, 'identity'],
      [positive, 'lower'],
      [lowerBounded(-1), 'lower'],
      [upperBounded(3), 'upper'],
      [unitInterval, 'interval'],
      [interval(-1, 1), 'interval'],
      [simplex, 'simplex'],
      [ordered, 'ordered'],
      [positiveOrdered, 'positiveOrdered'],
      [choleskyCorr, 'choleskyCorr'],
      [choleskyCov, 'choleskyCov'],
    ];
    for (const [constraint, name] of cases) expect(transformFor(constraint).name).toBe(name);
    // The bounds are the constraint's own.
    expect(primal(transformFor(lowerBounded(2)).forward(0, []).value)).toBe(3);
    expect(dataOf(transformFor(interval(tensor([0, 10]), 20)).forward(tensor([0, 0]), [2]).value)).toEqual(Float64Array.of(10, 15));
  });

  it('refuses discrete constraints, saying why', () => {
    expect(() => transformFor(nonNegativeInteger)).toThrow("transformFor: parameters must be continuous: the constraint 'integer' is discrete");
    expect(() => transformFor({ kind: 'integerSum' })).toThrow("parameters must be continuous: the constraint 'integerSum' is discrete");
  });

  it('is vectorised: one forward call records as many tape nodes for a large value as for a small one', () => {
    const pairs: [Constraint, number[], number[]][] = [
      [real, [3], [1000]],
      [positive, [3], [1000]],
      [upperBounded(1), [3], [1000]],
      [unitInterval, [3], [1000]],
      [interval(tensor([0, -Infinity, 1]), tensor([1, 0, Infinity])), [2, 3], [1000, 3]],
      [simplex, [3], [1000]],
      [simplex, [2, 3], [100, 30]],
      [ordered, [3], [1000]],
      [positiveOrdered, [3], [1000]],
      [choleskyCorr, [3, 3], [30, 30]],
      [choleskyCov, [3, 3], [30, 20]],
    ];
    for (const [constraint, small, large] of pairs) {
      const transform = transformFor(constraint);
      const nodes = tapeNodes(transform, small);
      expect(nodes, `${transform.name} [${small}]`).toBeLessThan(40);
      expect(tapeNodes(transform, large), `${transform.name} [${large}]`).toBe(nodes);
    }
  });
});
