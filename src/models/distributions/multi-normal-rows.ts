import type { RowDensity, RowReads } from '../../ad/compile/plan.js';
import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { Tensor, Shape } from '../../ad/tensor.js';

// multi_normal of one vector with a constant covariance (a data Σ, factor L computed once),
// as compiled gradients (src/ad/compile) take it: the log density written out as straight
// line code, −½ ‖z‖² − Σ_i log L_ii − K log √(2π) with z = L⁻¹(y − μ) by forward
// substitution, the same steps as the kernel's pass (multi-normal.ts), whose reverse the
// compiler derives. The kernel's call, its allocations and its back substitution go: on
// correlated_2d (K = 2) they were most of the gradient.

/** Up to which dimension the written-out form is used: its forward substitution has K(K − 1)/2 products. */
const MAX_DIMENSION = 8;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** What the fused op's options hold (multi-normal.ts GaussianOptions). */
interface FactorOptions {
  readonly factor: Tensor;
  readonly size: number;
  readonly shape: Shape;
}

/**
 * The row declaration of the fused op (arguments y, μ): one row (one vector of at most
 * MAX_DIMENSION elements), its checks those of the kernel (a traced y or μ finite, −∞
 * otherwise). The factor's entries are data: they are read from arrays, never written into
 * the generated code.
 */
export function gaussianRows(): RowDensity {
  return {
    rows: (options) => {
      const { shape, size } = options as FactorOptions;
      return shape.length === 1 && size <= MAX_DIMENSION ? 1 : undefined;
    },
    element: (reads: RowReads, options) => {
      const { factor, size } = options as FactorOptions;
      const { e } = reads;
      const l = factor.data;
      const entry = (i: number, j: number): ScalarExpr => reads.data(Float64Array.of(l[i * size + j]!));
      let normalizer = size * LOG_SQRT_2PI;
      for (let i = 0; i < size; i++) normalizer += Math.log(l[i * size + i]!);
      const z: ScalarExpr[] = [];
      let squares: ScalarExpr | null = null;
      let condition: ScalarExpr | null = null;
      const check = (argument: number, value: ScalarExpr): void => {
        if (reads.traced[argument] !== true) return;
        condition = condition === null ? e.isFinite(value) : e.and(condition, e.isFinite(value));
      };
      for (let i = 0; i < size; i++) {
        const y = reads.cell(0, i);
        const mu = reads.cell(1, i);
        if (y === null || mu === null) return undefined;
        check(0, y);
        check(1, mu);
        let residual = e.sub(y, mu);
        for (let j = 0; j < i; j++) residual = e.sub(residual, e.mul(entry(i, j), z[j]!));
        const zi = e.div(residual, entry(i, i));
        z.push(zi);
        squares = squares === null ? e.mul(zi, zi) : e.add(squares, e.mul(zi, zi));
      }
      if (squares === null) return undefined;
      return { value: e.sub(e.mul(-0.5, squares), reads.data(Float64Array.of(normalizer))), condition };
    },
  };
}
