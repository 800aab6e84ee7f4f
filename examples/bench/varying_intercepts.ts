import { gather } from '../../src/ad/index.js';
import { defineModel, indexArray, int, real, vector } from '../../src/models/api/index.js';
import { exponential, halfNormal, normal, normalIdGlm } from '../../src/models/distributions/index.js';

// Varying intercepts, centred (bench/README.md, varying_intercepts): N = 1000 observations in
// J = 50 groups; `gather` picks each observation's intercept (Stan's a[group]) in one op, and
// normalIdGlm(x, a[group], b, sigma_y) is y ~ normal(a[group] + b·x, sigma_y) as one fused
// pass over the observations (Stan's normal_id_glm), where the generic form makes four
// 1,000-element nodes.
export const model = defineModel({
  name: 'varying_intercepts',
  data: {
    N: int({ lower: 0 }),
    J: int({ lower: 1 }),
    group: indexArray('N', { upper: 'J' }),
    x: vector('N'),
    y: vector('N'),
  },
  parameters: {
    mu_a: real(),
    sigma_a: real({ lower: 0 }),
    a: vector('J'),
    b: real(),
    sigma_y: real({ lower: 0 }),
  },
  model: (p, data, target) => {
    target.sample(p.mu_a, normal(0, 5));
    target.sample(p.sigma_a, halfNormal(2.5));
    target.sample(p.a, normal(p.mu_a, p.sigma_a));
    target.sample(p.b, normal(0, 2.5));
    target.sample(p.sigma_y, exponential(1));
    target.sample(data.y, normalIdGlm(data.x, gather(p.a, data.group), p.b, p.sigma_y));
  },
});

export const dataFile = 'data/varying_intercepts.json';
