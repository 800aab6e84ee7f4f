import { Tensor, sizeOf, tensor, type Shape } from '../../ad/tensor.js';
import type { Primal } from '../../ad/trace.js';
import type { ModelInstance } from '../api/compile.js';
import type { Fit } from '../../samplers/run/fit.js';

// Posterior draws as predictive simulation takes them: a Fit (its columns named as the
// model's outputNames), or constrained parameter records (as `model.constrain` returns),
// one chain as an array or several as an array of arrays. Each draw is read on demand.

/** A constrained parameter record: numbers, tensors or nested arrays by parameter name. */
export type ParameterRecord = Readonly<Record<string, unknown>>;
export type ParameterDrawsSource = Fit | readonly ParameterRecord[] | readonly (readonly ParameterRecord[])[];

export interface SelectedDraws {
  readonly chains: Int32Array;
  readonly drawIndices: Int32Array;
  /** The parameters (not the transformed parameters) of selected draw `index`. */
  valuesAt(index: number): Record<string, Primal>;
}

interface ParameterColumns {
  readonly name: string;
  readonly shape: Shape;
  readonly columns: readonly number[];
}

const isFit = (source: ParameterDrawsSource): source is Fit => !Array.isArray(source) && typeof source === 'object' && source !== null && 'columnNames' in source;

/** Indices of at most `limit` draws out of `available`, evenly spaced (all when limit is undefined). */
export function evenlySpaced(available: number, limit: number | undefined): number[] {
  const count = limit === undefined ? available : Math.min(limit, available);
  return Array.from({ length: count }, (_, j) => Math.floor((j * available) / count));
}

function checkLimit(limit: unknown, place: string): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) throw new Error(`${place}: options.draws is ${String(limit)}, but must be a positive integer`);
  return limit;
}

function selection(perChain: readonly number[], limit: number | undefined): { chains: Int32Array; drawIndices: Int32Array } {
  const chains: number[] = [];
  const indices: number[] = [];
  perChain.forEach((available, chain) => {
    for (const k of evenlySpaced(available, limit)) {
      chains.push(chain);
      indices.push(k);
    }
  });
  return { chains: Int32Array.from(chains), drawIndices: Int32Array.from(indices) };
}

function parameterColumns(model: ModelInstance, fit: Fit, place: string): ParameterColumns[] {
  return model.parameterInfo
    .filter((q) => q.block === 'parameters')
    .map((q) => ({
      name: q.name,
      shape: q.shape,
      columns: q.outputNames.map((n) => {
        const index = fit.columnNames.indexOf(n);
        if (index < 0) throw new Error(`${place}: the fit has no column '${n}' of parameter ${q.name}; was it sampled from this model?`);
        return index;
      }),
    }));
}

function fromFit(model: ModelInstance, fit: Fit, limit: number | undefined, place: string): SelectedDraws {
  const blocks = parameterColumns(model, fit, place);
  const { chains, drawIndices } = selection(fit.draws.map((chain) => chain[0]?.length ?? 0), limit);
  return {
    chains,
    drawIndices,
    valuesAt(index: number): Record<string, Primal> {
      const chain = fit.draws[chains[index]!]!;
      const k = drawIndices[index]!;
      const out: Record<string, Primal> = {};
      for (const { name, shape, columns } of blocks) {
        const data = Float64Array.from(columns, (c) => chain[c]![k]!);
        out[name] = shape.length === 0 ? data[0]! : new Tensor(data, shape);
      }
      return out;
    },
  };
}

function asPrimal(value: unknown, shape: Shape, path: string): Primal {
  if (typeof value === 'number' && shape.length === 0) return value;
  let t: Tensor | undefined;
  if (value instanceof Tensor) t = value;
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) t = tensor(Float64Array.from(value as unknown as ArrayLike<number>), shape);
  else if (Array.isArray(value)) t = tensor(value as number[]);
  else if (typeof value === 'number' && sizeOf(shape) === 1) t = tensor(Float64Array.of(value), shape);
  if (t === undefined || t.data.length !== sizeOf(shape)) {
    throw new Error(`${path} is ${Array.isArray(value) ? `an array` : typeof value}${t === undefined ? '' : ` of ${t.data.length} values`}, but the parameter has shape [${shape.join(', ')}]`);
  }
  return shape.length === 0 ? t.data[0]! : new Tensor(Float64Array.from(t.data), shape);
}

function fromRecords(model: ModelInstance, records: readonly (readonly ParameterRecord[])[], limit: number | undefined, place: string): SelectedDraws {
  const parameters = model.parameterInfo.filter((q) => q.block === 'parameters');
  const { chains, drawIndices } = selection(records.map((chain) => chain.length), limit);
  return {
    chains,
    drawIndices,
    valuesAt(index: number): Record<string, Primal> {
      const record = records[chains[index]!]![drawIndices[index]!]!;
      const path = `${place}: chain ${chains[index]! + 1}, draw ${drawIndices[index]! + 1}`;
      const out: Record<string, Primal> = {};
      for (const q of parameters) {
        if (record === null || typeof record !== 'object' || !(q.name in record)) throw new Error(`${path}: parameter '${q.name}' is missing; give every parameter`);
        out[q.name] = asPrimal(record[q.name], q.shape, `${path}: ${q.name}`);
      }
      return out;
    },
  };
}

/** The draws to replicate from, at most `limit` per chain (evenly spaced). */
export function selectDraws(model: ModelInstance, source: ParameterDrawsSource, limit: unknown, place: string): SelectedDraws {
  const checkedLimit = checkLimit(limit, place);
  if (isFit(source)) return fromFit(model, source, checkedLimit, place);
  if (!Array.isArray(source)) throw new Error(`${place}: the draws must be a Fit or an array of parameter records (one chain) or of arrays of them (chains)`);
  const chains = source.length > 0 && Array.isArray(source[0]) ? (source as readonly (readonly ParameterRecord[])[]) : [source as readonly ParameterRecord[]];
  return fromRecords(model, chains, checkedLimit, place);
}
