import { readFileSync } from 'node:fs';
import { Tensor } from '../../../src/ad/index.js';

/** The data of the benchmark's bnn_regression (bench/README.md): x as [N, 1], y as [N]. */
export function loadBnnRegression(): { x: Tensor; y: Tensor; hidden: number } {
  const url = new URL('../../../examples/bench/data/bnn_regression.json', import.meta.url);
  const data = JSON.parse(readFileSync(url, 'utf8')) as { N: number; x: number[]; y: number[]; hidden: number };
  return { x: new Tensor(Float64Array.from(data.x), [data.N, 1]), y: new Tensor(Float64Array.from(data.y), [data.N]), hidden: data.hidden };
}
