import { matmul, mul, reshape, transpose } from '../../ad/index.js';
import { Tensor } from '../../ad/tensor.js';
import { choleskyCorr, defineModel, int, matrix, vector } from '../../models/api/index.js';
import { exponential, lkjCholesky, multiNormalCholesky } from '../../models/distributions/index.js';
import { drawValues, named, rowsOf, type SbcModel } from '../sbc-model.js';

// A correlation matrix through its Cholesky factor: L ~ LKJ(eta = 2), scales tau, and
// y[n] ~ multi_normal_cholesky(0, diag(tau) L). Checks the Cholesky-correlation transform
// and its Jacobian; the correlations Omega = L Lᵀ are the quantities ranked.

const K = 3;
const N = 30;
const ETA = 2;

const definition = defineModel({
  name: 'sbc_lkj_correlation',
  data: { K: int({ lower: 1 }), N: int({ lower: 0 }), mu: vector('K'), y: matrix('N', 'K') },
  parameters: { L: choleskyCorr('K'), tau: vector('K', { lower: 0 }) },
  transformedParameters: (p) => ({ Omega: matmul(p.L, transpose(p.L)) }),
  model: (p, data, target) => {
    target.sample(p.L, lkjCholesky(K, ETA));
    target.sample(p.tau, exponential(1));
    target.sample(data.y, multiNormalCholesky(data.mu, mul(reshape(p.tau, [K, 1]), p.L)));
  },
});

/** The strictly upper-triangular entries of L Lᵀ, named `Omega[i,j]`. */
function correlations(L: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      let value = 0;
      for (let k = 0; k < K; k++) value += L[i * K + k]! * L[j * K + k]!;
      out[`Omega[${i + 1},${j + 1}]`] = value;
    }
  }
  return out;
}

export const lkjCorrelation: SbcModel = {
  name: 'lkj-correlation',
  description: `correlation matrix: L ~ LKJ-Cholesky(${ETA}), tau ~ exponential(1), y[1..${N}] ~ multi_normal_cholesky(0, diag(tau) L), K = ${K}`,
  definition,
  simulate: (rng) => {
    const L = drawValues(lkjCholesky(K, ETA), rng);
    const tau = drawValues(exponential(1), rng, K);
    const factor = L.map((value, index) => value * tau[Math.floor(index / K)]!);
    const y = drawValues(multiNormalCholesky(new Tensor(new Float64Array(K), [K]), new Tensor(factor, [K, K])), rng, N);
    return { parameters: { ...correlations(L), ...named('tau', tau) }, data: { K, N, mu: new Array<number>(K).fill(0), y: rowsOf(y, N, K) } };
  },
};
