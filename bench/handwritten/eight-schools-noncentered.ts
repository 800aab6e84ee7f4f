import type { EightSchoolsData } from '../models/data.js';

/**
 * eight_schools_noncentered's log density and gradient in plain loops. Position:
 * [mu, log tau, theta_raw_1..theta_raw_J] (u = log tau).
 *
 *   log p = −μ²/(2·5²) − log(1 + (τ/5)²) + u + Σ_j [−θ̃_j²/2 − (y_j − μ − τθ̃_j)²/(2σ_j²)]
 *   with r_j = (y_j − μ − τθ̃_j)/σ_j²:
 *   ∂/∂μ = −μ/25 + Σ_j r_j,  ∂/∂u = −2τ²/(25 + τ²) + 1 + τ Σ_j r_j θ̃_j,  ∂/∂θ̃_j = −θ̃_j + τ r_j
 */
export function eightSchoolsNoncenteredHandwritten(data: EightSchoolsData): (position: Float64Array, gradient: Float64Array) => number {
  const { J, y, sigma } = data;
  return (position, gradient) => {
    const mu = position[0]!;
    const logTau = position[1]!;
    const tau = Math.exp(logTau);
    let lp = -(mu * mu) / 50 - Math.log1p((tau * tau) / 25) + logTau;
    let residualSum = 0;
    let residualRaw = 0;
    for (let j = 0; j < J; j++) {
      const raw = position[2 + j]!;
      const s = sigma[j]!;
      const d = y[j]! - mu - tau * raw;
      const r = d / (s * s);
      lp -= 0.5 * (raw * raw + (d / s) * (d / s));
      residualSum += r;
      residualRaw += r * raw;
      gradient[2 + j] = -raw + tau * r;
    }
    gradient[0] = -mu / 25 + residualSum;
    gradient[1] = (-2 * tau * tau) / (25 + tau * tau) + 1 + tau * residualRaw;
    return lp;
  };
}
