/** MCMC diagnostics: R-hat, effective sample sizes, Monte Carlo standard errors, E-BFMI. */
export {
  checkChains,
  hasNonFinite,
  isConstant,
  isUndiagnosable,
  poolChains,
  splitChains,
  type Chains,
} from './chains';
export { autocovariances } from './autocovariance';
export { ebfmi, ebfmiByChain } from './ebfmi';
export {
  essBasic,
  essBulk,
  essMean,
  essOfChains,
  essQuantile,
  essSd,
  essTail,
  type SplitOptions,
} from './ess';
export { mcseMean, mcseQuantile, mcseSd } from './mcse';
export { median, quantile, quantiles } from './quantile';
export { averageRanks, normalQuantile, rankNormalize } from './rank-normalize';
export { rhat, rhatBasic, rhatBulk, rhatOfChains, rhatTail } from './rhat';
export {
  formatSignificant,
  formatSummaryTable,
  summarizeQuantity,
  type QuantitySummary,
  type SummaryTableOptions,
} from './summary-table';
