import { formatNumber } from '../codegen/format.js';

// Which writes of the generated gradient may assign (`grad[i] = ...`) rather than add
// (`grad[i] += ...` after zeroing the whole array first). The hand-written gradients of
// bench/handwritten assign each element once; zeroing the array and then adding into it
// is a second pass over memory and a load per element, a quarter of a small model's time.
// A write may assign where no earlier line of the function (in execution order, which is
// emission order) touched any of its cells and, inside a loop, no other write of the same
// loop body touches them (an earlier iteration's `+=` would be overwritten). Every other
// cell is zeroed at the top of the function, as the whole array was before.

export class GradientWrites {
  /** 1 once a cell has been assigned or is zeroed at the top. */
  private readonly written: Uint8Array;
  private readonly zeroed: Uint8Array;

  constructor(readonly size: number) {
    this.written = new Uint8Array(size);
    this.zeroed = new Uint8Array(size);
  }

  /**
   * A write of `cells` (positions in the gradient; each written once per execution of the
   * line when `distinct`): true when it may assign. Otherwise its cells not yet written are
   * zeroed at the top, and the line adds.
   */
  assign(cells: ArrayLike<number>, distinct: boolean, alone: boolean): boolean {
    let fresh = distinct && alone;
    for (let k = 0; fresh && k < cells.length; k++) fresh = this.written[cells[k]!] === 0;
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      if (!fresh && this.written[c] === 0) this.zeroed[c] = 1;
      this.written[c] = 1;
    }
    return fresh;
  }

  /** A write through a kernel (it adds into a range whose extent the code does not know): every cell not yet written is zeroed at the top. */
  addsAnywhere(): void {
    for (let c = 0; c < this.size; c++) {
      if (this.written[c] === 0) this.zeroed[c] = 1;
      this.written[c] = 1;
    }
  }

  /** Statements zeroing, at the top of the function, the cells no line assigns. */
  zeroing(): string[] {
    for (let c = 0; c < this.size; c++) if (this.written[c] === 0) this.zeroed[c] = 1;
    let count = 0;
    for (let c = 0; c < this.size; c++) count += this.zeroed[c]!;
    if (count === this.size && count > 0) return ['grad.fill(0);'];
    const lines: string[] = [];
    for (let c = 0; c < this.size; ) {
      if (this.zeroed[c] === 0) {
        c++;
        continue;
      }
      let end = c;
      while (end < this.size && this.zeroed[end] === 1) end++;
      lines.push(end - c === 1 ? `grad[${formatNumber(c)}] = 0;` : `grad.fill(0, ${formatNumber(c)}, ${formatNumber(end)});`);
      c = end;
    }
    return lines;
  }
}

/** The positions offset + 0 .. offset + count − 1. */
export function range(offset: number, count: number): Int32Array {
  const cells = new Int32Array(count);
  for (let k = 0; k < count; k++) cells[k] = offset + k;
  return cells;
}

/** Whether two sets of positions share one. */
export function overlap(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const seen = new Set<number>();
  for (let k = 0; k < a.length; k++) seen.add(a[k]!);
  for (let k = 0; k < b.length; k++) if (seen.has(b[k]!)) return true;
  return false;
}
