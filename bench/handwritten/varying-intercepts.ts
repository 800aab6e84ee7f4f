import type { VaryingInterceptsData } from '../models/data.js';

/**
 * varying_intercepts' log density and gradient in plain loops. Position:
 * [mu_a, log sigma_a, a_1..a_J, b, log sigma_y] (u_a = log sigma_a, u_y = log sigma_y).
 *
 *   log p = −μ²/(2·5²) − σa²/(2·2.5²) + u_a − Σ_j (a_j − μ)²/(2σa²) − J u_a
 *           − b²/(2·2.5²) − σy + u_y − Σ_n r_n²/(2σy²) − N u_y,   r_n = y_n − a[g_n] − b x_n
 *   ∂/∂a_j = −(a_j − μ)/σa² + Σ_{n: g_n = j} r_n/σy²,   ∂/∂b = −b/2.5² + Σ_n r_n x_n/σy²
 *   ∂/∂u_a = −σa²/2.5² + 1 + Σ_j (a_j − μ)²/σa² − J,   ∂/∂u_y = −σy + 1 + Σ_n r_n²/σy² − N
 *
 * One pass over the observations accumulates Σr², Σrx and the per-group Σr.
 */
export function varyingInterceptsHandwritten(data: VaryingInterceptsData): (position: Float64Array, gradient: Float64Array) => number {
  const { N, J, group, x, y } = data;
  const groupResidual = new Float64Array(J);
  return (position, gradient) => {
    const mu = position[0]!;
    const logSigmaA = position[1]!;
    const b = position[J + 2]!;
    const logSigmaY = position[J + 3]!;
    const sigmaA = Math.exp(logSigmaA);
    const sigmaY = Math.exp(logSigmaY);
    groupResidual.fill(0);
    let squares = 0;
    let crossX = 0;
    for (let n = 0; n < N; n++) {
      const g = group[n]!;
      const r = y[n]! - position[2 + g]! - b * x[n]!;
      squares += r * r;
      crossX += r * x[n]!;
      groupResidual[g]! += r;
    }
    const precisionY = 1 / (sigmaY * sigmaY);
    const precisionA = 1 / (sigmaA * sigmaA);
    let interceptSquares = 0;
    let interceptSum = 0;
    for (let j = 0; j < J; j++) {
      const d = position[2 + j]! - mu;
      interceptSquares += d * d;
      interceptSum += d;
      gradient[2 + j] = -d * precisionA + groupResidual[j]! * precisionY;
    }
    gradient[0] = interceptSum * precisionA - mu / 25;
    gradient[1] = -(sigmaA * sigmaA) / 6.25 + 1 + interceptSquares * precisionA - J;
    gradient[J + 2] = -b / 6.25 + crossX * precisionY;
    gradient[J + 3] = -sigmaY + 1 + squares * precisionY - N;
    return (
      -(mu * mu) / 50 - (sigmaA * sigmaA) / 12.5 + logSigmaA - 0.5 * interceptSquares * precisionA - J * logSigmaA
      - (b * b) / 12.5 - sigmaY + logSigmaY - 0.5 * squares * precisionY - N * logSigmaY
    );
  };
}
