import { dotRow, lanesSum } from './dense';

// The GLM pass's two products over x in a panel layout: rows in groups of four, each group's
// pairs of columns interleaved — row 4g's columns j, j + 1, then row 4g + 1's, 4g + 2's and
// 4g + 3's, then the next pair — so that a sweep over four rows walks one pointer with fixed
// offsets (0, 16, 32, 48) instead of four, one address computation per step where row-major
// rows take four (V8 computes each in an integer instruction that competes with the
// arithmetic for the same execution ports: 5.8 µs of 37.6 per logistic_regression gradient).
// Rows after the last whole group are stored as plain rows (see dense.ts); a group of rows
// starting at row i (a multiple of 4) starts at byte i · rowBytes, as in row-major order.
// The BLAS packs its operands into panels for the same reason (Goto & van de Geijn 2008,
// "Anatomy of high-performance matrix multiplication", §4).

/** out[i] = Σ_j x[i, j] v[j] for rows first..end − 1 (first a multiple of 4), x in panels. */
export function dotPanels(x: usize, kp: i32, v: usize, first: i32, end: i32, out: usize): void {
  const rowBytes = <usize>kp << 3;
  const rowsEnd4 = first + ((end - first) & ~3);
  let i = first;
  for (; i < rowsEnd4; i += 4) {
    let p = x + <usize>i * rowBytes;
    let a0 = f64x2.splat(0.0);
    let a1 = f64x2.splat(0.0);
    let a2 = f64x2.splat(0.0);
    let a3 = f64x2.splat(0.0);
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const b = v128.load(v + j);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(p), b));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(p, 16), b));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(p, 32), b));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(p, 48), b));
      p += 64;
    }
    const o = out + (<usize>i << 3);
    store<f64>(o, lanesSum(a0));
    store<f64>(o, lanesSum(a1), 8);
    store<f64>(o, lanesSum(a2), 16);
    store<f64>(o, lanesSum(a3), 24);
  }
  for (; i < end; i++) store<f64>(out + (<usize>i << 3), dotRow(x + <usize>i * rowBytes, v, rowBytes));
}

/**
 * g[j] += Σ_i w[i] x[i, j] over rows first..end − 1 (first a multiple of 4), x in panels. No
 * row is skipped: x is finite (the GLM densities check it), so a zero w_i adds zeros.
 */
export function addWeightedPanels(x: usize, kp: i32, w: usize, first: i32, end: i32, g: usize): void {
  const rowBytes = <usize>kp << 3;
  const rowsEnd4 = first + ((end - first) & ~3);
  let i = first;
  for (; i < rowsEnd4; i += 4) {
    const wp = w + (<usize>i << 3);
    const s0 = v128.load64_splat(wp);
    const s1 = v128.load64_splat(wp + 8);
    const s2 = v128.load64_splat(wp + 16);
    const s3 = v128.load64_splat(wp + 24);
    let p = x + <usize>i * rowBytes;
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const pair = f64x2.add(
        f64x2.add(f64x2.mul(s0, v128.load(p)), f64x2.mul(s1, v128.load(p, 16))),
        f64x2.add(f64x2.mul(s2, v128.load(p, 32)), f64x2.mul(s3, v128.load(p, 48))),
      );
      v128.store(g + j, f64x2.add(v128.load(g + j), pair));
      p += 64;
    }
  }
  for (; i < end; i++) {
    const r = x + <usize>i * rowBytes;
    const s = v128.load64_splat(w + (<usize>i << 3));
    for (let j: usize = 0; j < rowBytes; j += 16) v128.store(g + j, f64x2.add(v128.load(g + j), f64x2.mul(s, v128.load(r + j))));
  }
}
