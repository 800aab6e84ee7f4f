import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/language/json/compile.js';

// The generated gradient assigns (`grad[i] = …`) a cell that no earlier line wrote and adds
// into the others. "Earlier" is the order of the lines, not the order the emitter produced
// them: a fused loop's per-element writes are produced after the sums written after the
// loop. Here v[1]'s cell gets both a per-element write (normal_lpdf(v | 0, 1)) and a
// post-loop sum (the location of normal_lpdf(x | v[1], 2)); assigning the second lost the
// first (found by the user-function tests after the two branches met).

const spec = {
  data: { N: { type: 'int' }, x: { type: 'vector', size: 'N' } },
  parameters: { mu: { type: 'real' }, sigma: { type: 'real', lower: 0 }, v: { type: 'vector', size: 'N' } },
  model: [
    { sample: 'x', distribution: 'normal', args: ['mu', 'sigma'] },
    { target: 'normal_lpdf(v | 0, 1)' },
    { target: 'normal_lpdf(x | v[1], 2)' },
  ],
};
const data = { N: 3, x: [0.5, -1.2, 2.0] };

describe('generated gradient writes', () => {
  it('adds a post-loop sum into a cell the fused loop wrote, and assigns only first writes', () => {
    const model = compileSpec(spec, data);
    const theta = Float64Array.of(0.3, -0.2, 0.7, -1.1, 0.4);
    const sigma = Math.exp(theta[1]!);
    const [mu, v1] = [theta[0]!, theta[2]!];
    // d/dv1 = −v1 (its own prior) + Σ (x − v1) / 4 (the second likelihood).
    const expected = [
      data.x.reduce((sum, x) => sum + (x - mu) / sigma ** 2, 0),
      // sigma = exp(θ₁): the log Jacobian θ₁ adds 1.
      data.x.reduce((sum, x) => sum + (x - mu) ** 2 / sigma ** 2 - 1, 0) + 1,
      -v1 + data.x.reduce((sum, x) => sum + (x - v1) / 4, 0),
      -theta[3]!,
      -theta[4]!,
    ];
    for (let pass = 0; pass < 3; pass++) {
      const { gradient } = model.logDensityAndGradient(theta);
      gradient.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
    }
    const source = model.compiledSource();
    if (source !== null) {
      // v[1]'s cell: written in the loop, then added to after it.
      expect(source).toMatch(/grad\[2 \+ j\] = /);
      expect(source).toMatch(/grad\[2\] \+= /);
      expect(source).not.toContain('\u0000');
    }
  });
});
