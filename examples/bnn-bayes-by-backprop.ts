import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { Tensor, linspace, makeRng } from '../src/index.js';
import { dense, sequential, tanhLayer } from '../src/nn/index.js';
import { renderVegaLiteToSvg } from '../src/report/plot.js';
import { bayesByBackprop } from '../src/vi/bbb/index.js';

// Bayes by Backprop on the benchmark's bnn_regression (bench/README.md): one input, 20 tanh units, one output,
// N(0, 1) priors on all weights and σ ~ half-normal(1). Fits the mean-field posterior,
// prints the fit's figures, and draws the data, the predictive mean and the 90% band of
// the posterior predictive (noise included) to out/bnn-regression.svg (and a PNG beside
// it when rsvg-convert is installed).
//
//   npx tsx examples/bnn-bayes-by-backprop.ts

const data = JSON.parse(readFileSync(new URL('./bench/data/bnn_regression.json', import.meta.url), 'utf8')) as {
  N: number;
  x: number[];
  y: number[];
  hidden: number;
};
const x = new Tensor(Float64Array.from(data.x), [data.N, 1]);
const y = new Tensor(Float64Array.from(data.y), [data.N]);
const network = sequential([dense(1, data.hidden), tanhLayer(), dense(data.hidden, 1)]);

const started = performance.now();
const fit = bayesByBackprop({ network, x, y, epochs: 1000, batchSize: 100, learningRate: 0.01, finalLearningRate: 0.0001, seed: 1 });
const seconds = (performance.now() - started) / 1000;

const atData = fit.predict(x, { rng: makeRng(1, 1), draws: 1000 });
const rmse = Math.sqrt(y.data.reduce((total, yn, n) => total + (atData.mean.data[n]! - yn) ** 2, 0) / data.N);
const inside = y.data.filter((yn, n) => yn >= atData.lower.data[n]! && yn <= atData.upper.data[n]!).length;
const noise = fit.posterior.noise;
const sigma = noise.kind === 'learned' ? Math.exp(noise.logMean) : noise.sigma;
console.log(`Bayes by Backprop: ${fit.steps} steps in ${seconds.toFixed(2)} s, final loss (−ELBO estimate) ${fit.lossTrace[fit.lossTrace.length - 1]!.toFixed(1)}`);
console.log(`predictive-mean RMSE against the data: ${rmse.toFixed(3)} (target ≤ 0.225 = 1.5 × the noise sd 0.15)`);
console.log(`noise sd (median of q(σ)): ${sigma.toFixed(3)}; data inside the 90% band: ${inside} of ${data.N}`);

const grid = linspace(-3.5, 3.5, 141);
const curve = fit.predict(new Tensor(grid.data, [grid.size, 1]), { rng: makeRng(1, 2), draws: 2000 });
const bandRows = Array.from(grid.data, (xg, i) => ({
  x: xg,
  mean: curve.mean.data[i]!,
  lower: curve.lower.data[i]!,
  upper: curve.upper.data[i]!,
  functionLower: curve.functionLower.data[i]!,
  functionUpper: curve.functionUpper.data[i]!,
}));
const pointRows = data.x.map((xn, n) => ({ x: xn, y: data.y[n]! }));

const axisX = { field: 'x', type: 'quantitative' as const, title: 'x', scale: { domain: [-3.5, 3.5] } };
const spec: TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: {
    text: 'Bayes by Backprop on bnn_regression',
    subtitle: [
      `1–20 tanh–1 network, mean-field q; predictive-mean RMSE ${rmse.toFixed(3)}, σ ≈ ${sigma.toFixed(3)}`,
      'line: predictive mean; light band: 90% of y (noise included); dark band: 90% of f(x)',
    ],
  },
  width: 640,
  height: 380,
  background: 'white',
  layer: [
    {
      data: { values: bandRows },
      mark: { type: 'area', color: '#9ecae1', opacity: 0.55 },
      encoding: { x: axisX, y: { field: 'lower', type: 'quantitative', title: 'y' }, y2: { field: 'upper' } },
    },
    {
      data: { values: bandRows },
      mark: { type: 'area', color: '#4292c6', opacity: 0.45 },
      encoding: { x: axisX, y: { field: 'functionLower', type: 'quantitative' }, y2: { field: 'functionUpper' } },
    },
    {
      data: { values: bandRows },
      mark: { type: 'line', color: '#08306b', strokeWidth: 2 },
      encoding: { x: axisX, y: { field: 'mean', type: 'quantitative' } },
    },
    {
      data: { values: pointRows },
      mark: { type: 'circle', color: '#d94801', size: 28, opacity: 0.9 },
      encoding: { x: axisX, y: { field: 'y', type: 'quantitative' } },
    },
  ],
};

const outDirectory = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(outDirectory, { recursive: true });
const svgPath = `${outDirectory}bnn-regression.svg`;
writeFileSync(svgPath, await renderVegaLiteToSvg(spec));
console.log(`wrote ${svgPath}: data (orange), predictive mean (line), 90% band of y (light) and of f(x) (dark)`);

// Optional PNG: only if rsvg-convert (librsvg2-bin) is on the PATH.
const png = spawnSync('rsvg-convert', ['-o', `${outDirectory}bnn-regression.png`, svgPath]);
if (png.status === 0) console.log(`wrote ${outDirectory}bnn-regression.png`);
