import { essBulk } from '../src/samplers/diagnostics/ess.js';
import { columnDraws } from '../src/samplers/run/fit.js';
import { sample } from '../src/samplers/run/sample.js';
import { compileBenchExample, samplerBenchModels } from './sections/samplers.js';

// npx tsx bench/cold-sampling.ts [model ...]
//
// What the side-by-side with Stan (the `stan` section) measures of leapfrog, without R: one
// bench model per fresh process, 4 chains × (1000 + 1000) one after another, seed 1, in CPU
// seconds of the process around sample() alone (V8's compiler and GC threads included, as
// std::clock counts Stan's), with each chain's wall seconds (chain 1 carries the JIT's
// warm-up) and the min bulk ESS per CPU second over Stan's figure in bench/README.md ("Peers'
// figures", Stan 2.21: sampling seconds and min bulk ESS, medians of 3 seeds).

const STAN: Readonly<Record<string, { seconds: number; minEss: number }>> = {
  eight_schools_noncentered: { seconds: 0.145, minEss: 2197 },
  eight_schools_centered: { seconds: 0.293, minEss: 48 },
  logistic_regression: { seconds: 3.46, minEss: 5172 },
  varying_intercepts: { seconds: 3.69, minEss: 4788 },
  gaussian_100d: { seconds: 1, minEss: 4693 },
  correlated_2d: { seconds: 0.262, minEss: 558 },
};

const cpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const ids = process.argv.slice(2);
if (ids.length !== 1) {
  // One process per model: a model sampled after another would find the sampler already optimised.
  const { spawnSync } = await import('node:child_process');
  for (const id of ids.length === 0 ? samplerBenchModels.filter((m) => m in STAN) : ids) {
    const run = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, id], { encoding: 'utf8' });
    process.stdout.write(run.status === 0 ? run.stdout : `${id}: exited with ${run.status}: ${run.stderr.slice(-500)}\n`);
  }
} else {
  const id = ids[0]!;
  const model = compileBenchExample({ id });
  const start = cpuSeconds();
  const fit = sample(model, { chains: 4, warmup: 1000, draws: 1000, seed: 1, method: 'nuts' });
  const seconds = cpuSeconds() - start;
  const minEss = Math.min(...fit.outputNames.map((name) => essBulk(columnDraws(fit, name))));
  const stan = STAN[id];
  const ratio = stan === undefined ? '' : `  ESS/s over Stan's ${((minEss / seconds) / (stan.minEss / stan.seconds)).toFixed(2)}`;
  const chains = fit.chains.map((chain) => (chain.warmupSeconds + chain.samplingSeconds).toFixed(3)).join(' ');
  process.stdout.write(`${id.padEnd(26)} CPU s ${seconds.toFixed(3)}  min ESS ${minEss.toFixed(0)}${ratio}  chains (wall s) ${chains}\n`);
}
