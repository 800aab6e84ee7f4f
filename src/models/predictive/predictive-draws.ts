import { Tensor, formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal } from '../../ad/trace.js';
import { elementNames } from '../api/names.js';

// Simulated quantities stored as Stan stores draws: per quantity, one row of its scalars
// (row-major, named `y[1]`, `y[2]`, ... 1-based) per draw; draws are kept chain by chain.

export interface PredictiveField {
  readonly name: string;
  readonly shape: Shape;
  /** Its scalars' names, Stan style (`y[1]`, `L[2,1]`). */
  readonly outputNames: readonly string[];
  /** drawCount × size values: draw d's scalars are values[d·size, (d+1)·size). */
  readonly values: Float64Array;
}

export interface PredictiveDraws {
  readonly drawCount: number;
  /** The chain of each draw (0-based); draws are stored chain by chain. */
  readonly chains: Int32Array;
  /** The draw's index within its chain, in the source's numbering (before any subsetting). */
  readonly drawIndices: Int32Array;
  readonly fields: readonly PredictiveField[];
  /** Every field's outputNames, in order. */
  readonly outputNames: readonly string[];
  /** A field by name; throws listing the names when there is none. */
  field(name: string): PredictiveField;
  /** Draw `index`'s values, as numbers and tensors of each field's shape. */
  draw(index: number): Readonly<Record<string, Primal>>;
}

interface Column {
  readonly name: string;
  readonly shape: Shape;
  readonly values: Float64Array;
}

/** Collects one record of values per draw; the first record fixes the fields and shapes. */
export class DrawCollector {
  private columns: Column[] | undefined;

  constructor(
    private readonly chains: Int32Array,
    private readonly drawIndices: Int32Array,
    private readonly place: string,
  ) {}

  /** Stores draw `index`; every draw must have the fields and shapes of the first. */
  set(index: number, record: ReadonlyMap<string, { readonly shape: Shape; readonly values: Float64Array }>): void {
    const count = this.chains.length;
    this.columns ??= [...record].map(([name, { shape }]) => ({ name, shape, values: new Float64Array(count * sizeOf(shape)) }));
    const where = `${this.place}: draw ${this.drawIndices[index]! + 1} of chain ${this.chains[index]! + 1}`;
    if (record.size !== this.columns.length || this.columns.some((c) => !record.has(c.name))) {
      throw new Error(
        `${where} simulated ${[...record.keys()].join(', ') || 'nothing'}, but the first draw simulated ${this.columns.map((c) => c.name).join(', ') || 'nothing'}; ` +
          'the model block must reach the same sampling statements at every draw',
      );
    }
    for (const column of this.columns) {
      const { shape, values } = record.get(column.name)!;
      if (!shapesEqual(shape, column.shape)) throw new Error(`${where}: ${column.name} has shape ${formatShape(shape)}, but had ${formatShape(column.shape)} at the first draw`);
      column.values.set(values, index * values.length);
    }
  }

  finish(): PredictiveDraws {
    const columns = this.columns ?? [];
    const fields: PredictiveField[] = columns.map((c) => Object.freeze({ ...c, outputNames: elementNames(c.name, c.shape) }));
    const drawCount = this.chains.length;
    const place = this.place;
    return Object.freeze({
      drawCount,
      chains: this.chains,
      drawIndices: this.drawIndices,
      fields,
      outputNames: fields.flatMap((f) => f.outputNames),
      field(name: string): PredictiveField {
        const found = fields.find((f) => f.name === name);
        if (found === undefined) throw new Error(`${place}: no simulated quantity '${name}'; there are ${fields.map((f) => f.name).join(', ') || 'none'}`);
        return found;
      },
      draw(index: number): Readonly<Record<string, Primal>> {
        if (!Number.isInteger(index) || index < 0 || index >= drawCount) throw new Error(`${place}: draw index ${index} must be an integer in [0, ${drawCount})`);
        const out: Record<string, Primal> = {};
        for (const f of fields) {
          const size = f.outputNames.length;
          const data = f.values.slice(index * size, (index + 1) * size);
          out[f.name] = f.shape.length === 0 ? data[0]! : new Tensor(data, f.shape);
        }
        return Object.freeze(out);
      },
    });
  }
}
