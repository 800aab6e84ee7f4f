// Writes test/fixtures/vi/logistic-regression-nuts.json: posterior means and standard
// deviations of logistic_regression (bench/README.md) from NUTS, the reference the ADVI test
// compares with (a NUTS run takes a minute or more, too long for the test suite). Run after a
// change to the model, the data or the sampler:
//   npx tsx scripts/generate-vi-reference.ts
// Settings: the benchmark's (bench/README.md, 4 chains, 1000 warm-up and 1000 draws each), seed 20240601. The
// means carry a Monte Carlo error of about 0.02 posterior sd (each parameter's MCSE is
// written too); the test's tolerance of 0.1 sd leaves room for it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { model } from '../examples/bench/logistic_regression.js';
import { columnDraws } from '../src/samplers/run/fit.js';
import { sample } from '../src/samplers/run/sample.js';
import { summary } from '../src/samplers/run/summary.js';

const seed = 20240601;
const data = JSON.parse(readFileSync(new URL('../examples/bench/data/logistic_regression.json', import.meta.url), 'utf8'));
const compiled = model.compile(data);
const start = performance.now();
const fit = sample(compiled, { seed });
const seconds = (performance.now() - start) / 1000;
const rows = summary(fit).rows.filter((row) => row.name !== 'lp__');
const reference = {
  model: 'logistic_regression',
  method: 'nuts',
  seed,
  chains: fit.config.chains,
  warmup: fit.config.warmup,
  draws: fit.config.draws,
  maxRhat: Number(Math.max(...rows.map((row) => row.rhat)).toFixed(4)),
  minEssBulk: Math.round(Math.min(...rows.map((row) => row.essBulk))),
  names: rows.map((row) => row.name),
  mean: rows.map((row) => Number(row.mean.toPrecision(8))),
  sd: rows.map((row) => Number(row.sd.toPrecision(8))),
  mcseMean: rows.map((row) => Number(row.mcseMean.toPrecision(3))),
};
if (columnDraws(fit, 'alpha').length !== fit.config.chains) throw new Error('generate-vi-reference: unexpected fit layout');
const target = fileURLToPath(new URL('../test/fixtures/vi/logistic-regression-nuts.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(reference, null, 1)}\n`);
console.log(`wrote ${target} (${seconds.toFixed(1)} s, max R-hat ${reference.maxRhat}, min bulk ESS ${reference.minEssBulk})`);
