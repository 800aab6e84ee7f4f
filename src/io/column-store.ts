/**
 * Rows of numbers appended one at a time and handed back as one Float64Array per column:
 * the draws of a CSV file, whose row count is known only at its end. Rows are kept in
 * row-major blocks (a fixed number of rows each), so appending never copies what was read
 * before, and the columns are filled once, at the end, at their exact length.
 */
export interface ColumnStore {
  /** A zeroed row of `width` values to fill, valid until the next call. */
  nextRow(): Float64Array;
  readonly rowCount: () => number;
  /** The columns, each holding every row; the store is spent afterwards. */
  columns(): Float64Array[];
}

/** Rows per block: about 1 MB of values per block for any width. */
function rowsPerBlock(width: number): number {
  return Math.max(1, Math.floor((1 << 17) / Math.max(width, 1)));
}

export function makeColumnStore(width: number): ColumnStore {
  const blockRows = rowsPerBlock(width);
  const blocks: Float64Array[] = [];
  let rows = 0;
  return {
    nextRow: () => {
      const within = rows % blockRows;
      if (within === 0) blocks.push(new Float64Array(blockRows * width));
      rows += 1;
      return blocks[blocks.length - 1]!.subarray(within * width, (within + 1) * width);
    },
    rowCount: () => rows,
    columns: () => {
      const columns = Array.from({ length: width }, () => new Float64Array(rows));
      for (let row = 0; row < rows; row++) {
        const block = blocks[Math.floor(row / blockRows)]!;
        const offset = (row % blockRows) * width;
        for (let column = 0; column < width; column++) columns[column]![row] = block[offset + column]!;
        // Free each block once it has been read.
        if ((row + 1) % blockRows === 0) blocks[Math.floor(row / blockRows)] = new Float64Array(0);
      }
      blocks.length = 0;
      return columns;
    },
  };
}
