import type { Fit } from '../samplers/run/fit.js';

/** The settings of a run as label/value rows, for the report's "Run" table. */
export function runSettings(fit: Fit, model: string, dataFile: string | undefined): [string, string][] {
  const { config } = fit;
  const scales = fit.chains.map((chain) => (chain.adaptation.kind === 'hamiltonian' ? chain.adaptation.stepSize : chain.adaptation.proposalScale));
  const seconds = fit.chains.map((chain) => chain.warmupSeconds + chain.samplingSeconds);
  const rows: [string, string][] = [
    ['model', model],
    ['data', dataFile ?? '(none)'],
    ['method', config.method],
    ['chains', String(config.chains)],
    ['iterations per chain', `${config.warmup} warm-up, ${config.draws} sampling (thin ${config.thin})`],
    ['seed', String(config.seed)],
  ];
  if (config.method !== 'metropolis') {
    rows.push(['metric', config.metric], ['target acceptance (adapt delta)', String(config.adaptDelta)]);
  }
  if (config.method === 'nuts') rows.push(['maximum tree depth', String(config.maxTreeDepth)]);
  const perChain = (warmup: (chain: Fit['chains'][number]) => number, sampling: (chain: Fit['chains'][number]) => number): string =>
    fit.chains.map((chain) => `${warmup(chain)} / ${sampling(chain)}`).join(', ');
  if (config.method !== 'metropolis') rows.push(['divergent transitions per chain (warm-up / sampling)', perChain((chain) => chain.warmupDivergences, (chain) => chain.divergentPositions.length)]);
  rows.push(['non-finite log density per chain (warm-up / sampling)', perChain((chain) => chain.warmupNonFiniteTransitions, (chain) => chain.nonFiniteTransitions)]);
  rows.push(
    [config.method === 'metropolis' ? 'adapted proposal scale' : 'adapted step size', scales.map((value) => value.toPrecision(3)).join(', ')],
    ['seconds per chain', seconds.map((value) => (Number.isFinite(value) ? value.toFixed(2) : '?')).join(', ')],
  );
  return rows;
}
