import type { LogisticRegressionData } from '../models/data.js';

/**
 * logistic_regression's log density and gradient in plain loops: the floor the AD gradient
 * is compared with. Position: [alpha, beta_1..beta_D].
 *
 *   log p = −α²/(2·2.5²) − ½ Σ_d β_d² + Σ_n [y_n η_n − log(1 + e^η_n)],  η = α + Xβ
 *   ∂/∂α = Σ_n r_n − α/2.5²,   ∂/∂β = Xᵀ r − β,   r_n = y_n − σ(η_n)
 *
 * Optimised the way bench/README.md ("JavaScript") describes: the matrix–vector product with four independent
 * accumulators, exp/log1p in a separate pass over η (so the dot products do not wait on
 * them), and Xᵀr four rows at a time (a quarter of the loads and stores of the gradient).
 * Scratch buffers are reused across calls, as a sampler's gradient would.
 */
export function logisticRegressionHandwritten(data: LogisticRegressionData): (position: Float64Array, gradient: Float64Array) => number {
  const { N, D, X, y } = data;
  const eta = new Float64Array(N);
  const residual = new Float64Array(N);
  const betaGradient = new Float64Array(D);
  const D4 = D - (D % 4);
  const N4 = N - (N % 4);
  return (position, gradient) => {
    const alpha = position[0]!;
    // η = α + Xβ.
    for (let n = 0; n < N; n++) {
      const row = n * D;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let d = 0; d < D4; d += 4) {
        s0 += X[row + d]! * position[1 + d]!;
        s1 += X[row + d + 1]! * position[2 + d]!;
        s2 += X[row + d + 2]! * position[3 + d]!;
        s3 += X[row + d + 3]! * position[4 + d]!;
      }
      for (let d = D4; d < D; d++) s0 += X[row + d]! * position[1 + d]!;
      eta[n] = alpha + (s0 + s1 + (s2 + s3));
    }
    // Bernoulli-logit terms with one exp and one log1p each: with e = exp(−|η|),
    // log(1 + e^η) = max(η, 0) + log1p(e) and σ(η) = 1/(1 + e) or e/(1 + e).
    let likelihood = 0;
    let residualSum = 0;
    for (let n = 0; n < N; n++) {
      const h = eta[n]!;
      const e = Math.exp(-Math.abs(h));
      const softplus = (h > 0 ? h : 0) + Math.log1p(e);
      const sigmoid = h >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = y[n]! - sigmoid;
      likelihood += y[n]! * h - softplus;
      residual[n] = r;
      residualSum += r;
    }
    // Xᵀ r, four rows per sweep over the gradient.
    betaGradient.fill(0);
    for (let n = 0; n < N4; n += 4) {
      const r0 = residual[n]!, r1 = residual[n + 1]!, r2 = residual[n + 2]!, r3 = residual[n + 3]!;
      const a = n * D, b = a + D, c = b + D, e = c + D;
      for (let d = 0; d < D; d++) {
        betaGradient[d]! += r0 * X[a + d]! + r1 * X[b + d]! + r2 * X[c + d]! + r3 * X[e + d]!;
      }
    }
    for (let n = N4; n < N; n++) {
      const r = residual[n]!;
      const a = n * D;
      for (let d = 0; d < D; d++) betaGradient[d]! += r * X[a + d]!;
    }
    let betaSquares = 0;
    for (let d = 0; d < D; d++) {
      const beta = position[1 + d]!;
      betaSquares += beta * beta;
      gradient[1 + d] = betaGradient[d]! - beta;
    }
    gradient[0] = residualSum - alpha / 6.25;
    return likelihood - (alpha * alpha) / 12.5 - 0.5 * betaSquares;
  };
}
