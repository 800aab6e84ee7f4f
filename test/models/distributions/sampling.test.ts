import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '../../../src/ad/index.js';
import { makeRng } from '../../../src/random/rng.js';
import * as d from '../../../src/models/distributions/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { zTests } from '../../helpers/seeded-check.js';
import { iidMomentEstimates } from './moments.js';
import { samplerMomentChecks, samplerQuantileCheck } from './sampling.checks.js';

// Each sampler's draws against the distribution's own mean and variance: the checks are
// functions of the seed in sampling.checks.ts, run here at one seed and by `npm run sweep`
// over many (test/fixtures/seed-sweep.md).

describe.each(samplerMomentChecks.map((check) => [check.name.replace('distributions/sampler-moments/', ''), check] as const))('%s sampler', (_name, check) => {
  it('matches the mean and variance within their standard-error bound', () => expectCheckPasses(check));
});

describe('samplers without moments', () => {
  it('cauchy and half_cauchy put the right mass below their quartile and median', () => {
    expect(d.cauchy(1, 2).mean).toBeUndefined();
    expect(d.cauchy(1, 2).variance).toBeUndefined();
    return expectCheckPasses(samplerQuantileCheck);
  });
});

describe('sample shapes', () => {
  it('draws one value of the parameters shape, or count of them on a leading axis', () => {
    const rng = makeRng(3, 0);
    expect(typeof d.normal(0, 1).sample(rng)).toBe('number');
    const vector = d.normal(tensor([0, 100]), 1);
    expect(vector.shape).toEqual([2]);
    const draws = vector.sample(rng, 4000) as Tensor;
    expect(draws.shape).toEqual([4000, 2]);
    const column = (k: number): number[] => Array.from({ length: 4000 }, (_, i) => draws.data[i * 2 + k]!);
    expect(zTests(iidMomentEstimates(column(1), 100, 1)).failures).toEqual([]);
    expect(() => d.normal(0, 1).sample(rng, -1)).toThrow('normal: sample count is -1, but must be a non-negative integer');
  });

  it('is reproducible from the seed', () => {
    const a = d.gamma(2, 1).sample(makeRng(11, 2), 5) as Tensor;
    const b = d.gamma(2, 1).sample(makeRng(11, 2), 5) as Tensor;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});
