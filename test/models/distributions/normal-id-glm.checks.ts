import { Tensor } from '../../../src/ad/tensor.js';
import { normalIdGlm } from '../../../src/models/distributions/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { defineSeededCheck, zTests } from '../../helpers/seeded-check.js';
import { iidMomentEstimates } from './moments.js';

// The sampler check of normal-id-glm.test.ts as a function of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md).

export const normalIdGlmDraws = defineSeededCheck({
  name: 'distributions/normal-id-glm-draws',
  seed: 5,
  design: 'means and variances of 4000 draws of 5 observations (x matrix, alpha and sigma per observation): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    // Parameters drawn once from a fixed stream (as the test's layout cases are).
    const rng = makeRng(21, 0);
    const normals = (count: number): Float64Array => Float64Array.from({ length: count }, () => rng.normal());
    const [n, k] = [5, 2];
    const x = new Tensor(normals(n * k), [n, k]);
    const alpha = new Tensor(normals(n), [n]);
    const beta = new Tensor(normals(k), [k]);
    const sigma = new Tensor(Float64Array.from({ length: n }, () => 0.5 + rng.uniform()), [n]);
    const dist = normalIdGlm(x, alpha, beta, sigma);
    const count = 4000;
    const draws = dist.sample(makeRng(seed, 0), count) as Tensor;
    if (draws.shape[0] !== count || draws.shape[1] !== n) return { failures: [`draws have shape [${draws.shape}], expected [${count}, ${n}]`], figures: {} };
    const mean = (dist.mean as Tensor).data;
    const variance = (dist.variance as Tensor).data;
    return zTests(
      Array.from({ length: n }, (_, i) => iidMomentEstimates(Float64Array.from({ length: count }, (_, d) => draws.data[d * n + i]!), mean[i]!, variance[i]!, `y[${i}] `)).flat(),
    );
  },
});

export const normalIdGlmChecks = [normalIdGlmDraws];
