// tanh and its first six derivatives by nested elementwiseGrad, plotted: the example of
// autograd's README (github.com/HIPS/autograd, "tanh" figure), which shows that grad of
// grad works to any order. Run with `npm start`; writes out/tanh-derivatives.svg.
import { mkdir, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { elementwiseGrad, linspace, primal, tanh, tensor, type Tensor, type Value } from '../src/index.js';
import { renderVegaLiteToSvg } from '../src/report/plot.js';

const ORDERS = 6;
const POINTS = 200;

/** tanh and its derivatives of order 1..ORDERS, each the elementwiseGrad of the one before. */
function derivativesOfTanh(): ((x: Value) => Value)[] {
  const functions: ((x: Value) => Value)[] = [tanh];
  for (let order = 1; order <= ORDERS; order++) functions.push(elementwiseGrad(functions[order - 1]!));
  return functions;
}

const label = (order: number): string => (order === 0 ? 'tanh(x)' : `order ${order}`);

function plotSpec(x: Tensor, curves: readonly Tensor[]): TopLevelSpec {
  const values = curves.flatMap((curve, order) =>
    Array.from(curve.data, (y, i) => ({ x: x.data[i]!, y, derivative: label(order) })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'tanh and its first six derivatives (nested elementwiseGrad)',
    width: 640,
    height: 400,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'x' },
      y: { field: 'y', type: 'quantitative', title: 'value' },
      color: { field: 'derivative', type: 'nominal', sort: curves.map((_, order) => label(order)), title: null },
    },
  };
}

async function main(): Promise<void> {
  const functions = derivativesOfTanh();
  const x = linspace(-7, 7, POINTS);
  const curves = functions.map((f) => primal(f(x)) as Tensor);

  const outDirectory = fileURLToPath(new URL('../out/', import.meta.url));
  await mkdir(outDirectory, { recursive: true });
  const file = `${outDirectory}tanh-derivatives.svg`;
  await writeFile(file, await renderVegaLiteToSvg(plotSpec(x, curves)));
  console.log(`Wrote the plot of tanh and its first ${ORDERS} derivatives on ${POINTS} points of [-7, 7] to ${relative(process.cwd(), file)}`);

  const at = tensor([0, 1]);
  console.log('\norder      x = 0         x = 1');
  functions.forEach((f, order) => {
    const [y0, y1] = (primal(f(at)) as Tensor).data;
    console.log(`${String(order).padEnd(5)} ${y0!.toFixed(6).padStart(10)}  ${y1!.toFixed(6).padStart(12)}`);
  });
}

await main();
