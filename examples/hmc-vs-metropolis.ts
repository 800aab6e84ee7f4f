import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { columnDraws, type Fit, sample, type SamplerMethod, summary } from '../src/index.js';
import { renderVegaLiteToSvg } from '../src/report/plot.js';
import { dataFile, model } from './bench/correlated_2d.js';

// NUTS against random-walk Metropolis on the benchmark's correlated_2d (bench/README.md): a bivariate normal with
// correlation 0.99, whose long narrow ridge is the textbook case for gradient-based MCMC
// (Neal 2011, "MCMC using Hamiltonian dynamics", section 5.3.3: a random walk must take
// steps of the ridge's narrow width and so needs about (long / narrow)^2 of them to cross
// it, while a Hamiltonian trajectory follows the ridge in one go).
//
// leapfrog's Metropolis warm-up adapts the proposal's full covariance (Haario, Saksman &
// Tamminen 2001), which undoes the correlation; the fair match for it is NUTS with a dense
// metric, which undoes it the same way. NUTS with the default diagonal metric is shown too:
// it cannot undo the correlation and pays for it in tree depth. All runs use the same
// chains, warm-up, draws and seed; the script prints bulk ESS, ESS per second and ESS per
// model evaluation, and draws chain 1's x[1] trace for NUTS (dense) and Metropolis side by
// side to out/hmc-vs-metropolis.svg (and a PNG beside it when rsvg-convert is installed).
//
//   npx tsx examples/hmc-vs-metropolis.ts

const data: unknown = JSON.parse(readFileSync(new URL(`./bench/${dataFile}`, import.meta.url), 'utf8'));
const compiled = model.compile(data);
const settings = { chains: 4, warmup: 1000, draws: 1000, seed: 20240611 };

interface Run {
  readonly label: string;
  readonly fit: Fit;
  readonly seconds: number;
}

function run(method: SamplerMethod, label: string, metric: 'diag' | 'dense' = 'diag'): Run {
  const started = performance.now();
  const fit = sample(compiled, { method, metric, ...settings });
  return { label, fit, seconds: (performance.now() - started) / 1000 };
}

const runs = [run('nuts', 'NUTS (diag metric)'), run('nuts', 'NUTS (dense metric)', 'dense'), run('metropolis', 'Metropolis')];
const plotted = [runs[1]!, runs[2]!];
console.log(`correlated_2d (rho = 0.99); outputs ${runs[0]!.fit.outputNames.join(', ')}`);
console.log(`each sampler: ${settings.chains} chains × (${settings.warmup} warm-up + ${settings.draws} draws), seed ${settings.seed}\n`);

// Evaluations over warm-up and sampling: NUTS counts gradients (each also gives the log
// density), Metropolis counts log densities alone. A gradient of this model costs a small
// multiple of a log density (reverse-mode AD, Griewank & Walther 2008, section 4.6), so
// "per evaluation" slightly flatters NUTS; per second is the honest wall-clock measure.
const header = ['sampler', 'ESS x[1]', 'ESS x[2]', 'R-hat x[1]', 'seconds', 'ESS/s x[1]', 'evaluations', 'ESS/1000 evals'];
const table = runs.map(({ label, fit, seconds }) => {
  const rows = summary(fit).rows;
  const row = (name: string) => rows.find((candidate) => candidate.name === name)!;
  const evaluations = fit.chains.reduce((total, chain) => total + chain.gradientEvaluations + chain.logDensityEvaluations, 0);
  const essFirst = row('x[1]').essBulk;
  return [
    label,
    essFirst.toFixed(0),
    row('x[2]').essBulk.toFixed(0),
    row('x[1]').rhat.toFixed(3),
    seconds.toFixed(2),
    (essFirst / seconds).toFixed(0),
    evaluations.toString(),
    ((1000 * essFirst) / evaluations).toFixed(2),
  ];
});
const widths = header.map((name, column) => Math.max(name.length, ...table.map((cells) => cells[column]!.length)));
for (const cells of [header, ...table]) {
  console.log(cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
}
console.log('\nESS is bulk ESS over all chains (Vehtari et al. 2021); evaluations are gradient + log-density calls, warm-up included.');

// Trace plot: chain 1's x[1] for NUTS (dense) and Metropolis, two panels sharing the y scale so the
// Metropolis chain's slow wandering and NUTS's near-independent draws compare directly.
const traceRows = plotted.flatMap(({ label, fit }) =>
  Array.from(columnDraws(fit, 'x[1]')[0]!, (value, iteration) => ({ sampler: label, iteration: iteration + 1, value })),
);
const spec: TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: { text: 'correlated_2d (ρ = 0.99): x[1] trace, chain 1', subtitle: 'same warm-up, draws and seed; both adapt a full covariance; NUTS left, random-walk Metropolis right' },
  background: 'white',
  data: { values: traceRows },
  facet: { column: { field: 'sampler', type: 'nominal', title: null, sort: plotted.map((entry) => entry.label) } },
  spec: {
    width: 380,
    height: 240,
    mark: { type: 'line', strokeWidth: 0.8 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration (after warm-up)' },
      y: { field: 'value', type: 'quantitative', title: 'x[1]' },
      color: { field: 'sampler', type: 'nominal', legend: null, scale: { domain: plotted.map((entry) => entry.label), range: ['#2171b5', '#d94801'] } },
    },
  },
  resolve: { scale: { y: 'shared' } },
};

const outDirectory = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(outDirectory, { recursive: true });
const svgPath = `${outDirectory}hmc-vs-metropolis.svg`;
writeFileSync(svgPath, await renderVegaLiteToSvg(spec));
console.log(`wrote ${svgPath}`);

// Optional PNG: only if rsvg-convert (librsvg2-bin) is on the PATH.
const png = spawnSync('rsvg-convert', ['-o', `${outDirectory}hmc-vs-metropolis.png`, svgPath]);
if (png.status === 0) console.log(`wrote ${outDirectory}hmc-vs-metropolis.png`);
