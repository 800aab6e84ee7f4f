// Dense kernels over row-major matrices in this module's memory. Layout: a matrix with n
// columns is stored with a row stride kp = n rounded up to even, each row starting on a
// 16-byte boundary, the padding column zero, so that every row is a whole number of f64x2
// lanes; vectors multiplied with rows are padded the same way (zero). Pointers are byte
// offsets; sizes are element counts.

/** Sum of the two lanes. */
// @ts-ignore: decorator
@inline
export function lanesSum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Σ_j r[j] v[j] over one row of rowBytes bytes (the rows after the last group of four). */
// @ts-ignore: decorator
@inline
export function dotRow(r: usize, v: usize, rowBytes: usize): f64 {
  let a = f64x2.splat(0.0);
  for (let j: usize = 0; j < rowBytes; j += 16) a = f64x2.add(a, f64x2.mul(v128.load(r + j), v128.load(v + j)));
  return lanesSum(a);
}

/**
 * out[i] = Σ_j x[i, j] v[j] for rows first..end − 1. Four rows at a time, each with its own
 * accumulator (four independent chains of additions, and one load of v per four products).
 */
export function dotRows(x: usize, kp: i32, v: usize, first: i32, end: i32, out: usize): void {
  const rowBytes = <usize>kp << 3;
  const rowsEnd4 = first + ((end - first) & ~3);
  let i = first;
  for (; i < rowsEnd4; i += 4) {
    const r0 = x + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let a0 = f64x2.splat(0.0);
    let a1 = f64x2.splat(0.0);
    let a2 = f64x2.splat(0.0);
    let a3 = f64x2.splat(0.0);
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const b = v128.load(v + j);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(r0 + j), b));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(r1 + j), b));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(r2 + j), b));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(r3 + j), b));
    }
    const o = out + (<usize>i << 3);
    store<f64>(o, lanesSum(a0));
    store<f64>(o, lanesSum(a1), 8);
    store<f64>(o, lanesSum(a2), 16);
    store<f64>(o, lanesSum(a3), 24);
  }
  for (; i < end; i++) store<f64>(out + (<usize>i << 3), dotRow(x + <usize>i * rowBytes, v, rowBytes));
}

/** g += w_i · (row i of x), nothing when w_i = 0 (so an infinite entry there makes no NaN). */
// @ts-ignore: decorator
@inline
function addWeightedRow(x: usize, rowBytes: usize, wi: f64, i: i32, g: usize): void {
  if (wi == 0) return;
  const r = x + <usize>i * rowBytes;
  const s = f64x2.splat(wi);
  for (let j: usize = 0; j < rowBytes; j += 16) v128.store(g + j, f64x2.add(v128.load(g + j), f64x2.mul(s, v128.load(r + j))));
}

/**
 * g[j] += Σ_i w[i] x[i, j] over rows first..end − 1 (the transposed product xᵀw), four rows per
 * sweep over g (a quarter of its loads and stores). Rows with w_i = 0 are skipped, as the
 * JavaScript kernel does, which the four-row sweep leaves to the one-row loop.
 */
export function addWeightedRows(x: usize, kp: i32, w: usize, first: i32, end: i32, g: usize): void {
  const rowBytes = <usize>kp << 3;
  const rowsEnd4 = first + ((end - first) & ~3);
  let i = first;
  for (; i < rowsEnd4; i += 4) {
    const wp = w + (<usize>i << 3);
    const w0 = load<f64>(wp);
    const w1 = load<f64>(wp, 8);
    const w2 = load<f64>(wp, 16);
    const w3 = load<f64>(wp, 24);
    if (w0 == 0 || w1 == 0 || w2 == 0 || w3 == 0) {
      addWeightedRow(x, rowBytes, w0, i, g);
      addWeightedRow(x, rowBytes, w1, i + 1, g);
      addWeightedRow(x, rowBytes, w2, i + 2, g);
      addWeightedRow(x, rowBytes, w3, i + 3, g);
      continue;
    }
    const s0 = f64x2.splat(w0);
    const s1 = f64x2.splat(w1);
    const s2 = f64x2.splat(w2);
    const s3 = f64x2.splat(w3);
    const r0 = x + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    for (let j: usize = 0; j < rowBytes; j += 16) {
      const pair = f64x2.add(
        f64x2.add(f64x2.mul(s0, v128.load(r0 + j)), f64x2.mul(s1, v128.load(r1 + j))),
        f64x2.add(f64x2.mul(s2, v128.load(r2 + j)), f64x2.mul(s3, v128.load(r3 + j))),
      );
      v128.store(g + j, f64x2.add(v128.load(g + j), pair));
    }
  }
  for (; i < end; i++) addWeightedRow(x, rowBytes, load<f64>(w + (<usize>i << 3)), i, g);
}

/** Zeroes `count` doubles from p (count even, p 16-byte aligned). */
export function zero(p: usize, count: i32): void {
  const end = p + (<usize>count << 3);
  for (let q = p; q < end; q += 16) v128.store(q, f64x2.splat(0.0));
}

/** out = x v: x has n rows and row stride kp; out holds n doubles. */
export function matvec(x: usize, n: i32, kp: i32, v: usize, out: usize): void {
  dotRows(x, kp, v, 0, n, out);
}

/** out = xᵀ w: x has n rows and row stride kp; out holds kp doubles. */
export function vecmat(x: usize, n: i32, kp: i32, w: usize, out: usize): void {
  zero(out, kp);
  addWeightedRows(x, kp, w, 0, n, out);
}

/**
 * c = a b: a is m × k (row stride ka, read a number at a time), b is k × n (row stride nb,
 * padded and aligned as above), c is m × n (row stride nb). Row by row (i-k-j order: the inner
 * loop runs along rows of b and c), four rows of b per sweep over c's row; a[i, p] = 0 skips
 * row p of b (as the JavaScript kernel does).
 */
export function matmul(a: usize, m: i32, k: i32, ka: i32, b: usize, nb: i32, c: usize): void {
  const aRow = <usize>ka << 3;
  const cRow = <usize>nb << 3;
  for (let i = 0; i < m; i++) {
    const ci = c + <usize>i * cRow;
    zero(ci, nb);
    addWeightedRows(b, nb, a + <usize>i * aRow, 0, k, ci);
  }
}
