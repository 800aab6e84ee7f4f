import { makeRng } from '../../src/random/rng.js';
import { inverseSymmetricPositiveDefinite } from '../../src/samplers/linalg.js';
import { denseMetric, sampleMomentum } from '../../src/samplers/metric.js';
import { defineSeededCheck, zTests } from '../helpers/seeded-check.js';

// The sampling check of metric.test.ts as a function of the seed (test/helpers/seeded-check.ts).

export const inverseMass = [2, 0.6, 0.6, 0.5];

export const momentumCovariance = defineSeededCheck({
  name: 'metric/momentum-covariance',
  seed: 11,
  design: 'the 3 distinct entries of the sample covariance of 20 000 momenta against M: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const metric = denseMetric(inverseMass);
    const mass = inverseSymmetricPositiveDefinite(Float64Array.from(inverseMass));
    const rng = makeRng(seed);
    const n = 20000;
    const products = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const p = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      sampleMomentum(rng, metric, p);
      products[0]![i] = p[0]! * p[0]!;
      products[1]![i] = p[0]! * p[1]!;
      products[2]![i] = p[1]! * p[1]!;
    }
    // Var(p_i p_j) = M_ii M_jj + M_ij² for p ~ N(0, M): exact standard errors.
    const [m00, m01, m11] = [mass[0]!, mass[1]!, mass[3]!];
    const variances = [2 * m00 * m00, m00 * m11 + m01 * m01, 2 * m11 * m11];
    return zTests(
      products.map((values, k) => ({
        label: `M entry ${['(1,1)', '(1,2)', '(2,2)'][k]}`,
        estimate: values.reduce((s, v) => s + v, 0) / n,
        expected: [m00, m01, m11][k]!,
        standardError: Math.sqrt(variances[k]! / n),
      })),
    );
  },
});

export const metricChecks = [momentumCovariance];
