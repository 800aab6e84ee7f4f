/** MCMC diagnostics: R-hat, effective sample sizes, Monte Carlo standard errors, E-BFMI. */
export {
  checkChains,
  hasNonFinite,
  isConstant,
  isUndiagnosable,
  poolChains,
  splitChains,
  type Chains,
} from './chains.js';
export { autocovariances } from './autocovariance.js';
export { ebfmi, ebfmiByChain } from './ebfmi.js';
export {
  essBasic,
  essBulk,
  essMean,
  essOfChains,
  essQuantile,
  essSd,
  essTail,
  type SplitOptions,
} from './ess.js';
export { mcseMean, mcseQuantile, mcseSd } from './mcse.js';
export { median, quantile, quantiles } from './quantile.js';
export { averageRanks, normalQuantile, rankNormalize } from './rank-normalize.js';
export { rhat, rhatBasic, rhatBulk, rhatOfChains, rhatTail } from './rhat.js';
export {
  formatSignificant,
  formatSummaryTable,
  summarizeQuantity,
  type QuantitySummary,
  type SummaryTableOptions,
} from './summary-table.js';
