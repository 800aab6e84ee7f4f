import type { Chains } from '../samplers/diagnostics/chains.js';
import type { Fit } from '../samplers/run/fit.js';

/**
 * The pointwise log-likelihood that LOO needs: log p(y_i | θ⁽ˢ⁾) for every observation i and
 * posterior draw s, kept by chain so that the relative efficiency of each observation's draws
 * can be estimated. From a fit, it is the generated quantity named `log_lik` by convention
 * (Stan's and ArviZ's: `log_lik[1]`, ..., `log_lik[N]`, any shape); or it is given as a
 * draws × observations matrix, as the R package loo takes it.
 */

export interface LogLikelihood {
  /** Observation names (`log_lik[1]`, ...). */
  readonly names: readonly string[];
  /** values[observation][chain][draw]. */
  readonly values: readonly Chains[];
  /** Draws per observation, over all chains. */
  readonly draws: number;
}

/** An explicit log-likelihood matrix, as loo's loo.matrix takes it. */
export interface LogLikelihoodMatrix {
  /** One row per draw, one column per observation. */
  readonly logLikelihood: readonly ArrayLike<number>[];
  /**
   * The chain (any integer label) of each row, to estimate the relative efficiency from the
   * chains (loo's chain_id); without it the draws are taken as independent (r_eff = 1)
   * unless relativeEfficiency is given in the options.
   */
  readonly chainIds?: readonly number[];
  /** Names of the observations; default `log_lik[1]`, ... */
  readonly names?: readonly string[];
}

/** Output names of the quantity `variable` (the scalar itself, or its elements `variable[...]`). */
function variableColumns(fit: Fit, variable: string): string[] {
  return fit.outputNames.filter((name) => name === variable || (name.startsWith(`${variable}[`) && name.endsWith(']')));
}

export function logLikelihoodOfFit(fit: Fit, variable: string, place: string): LogLikelihood {
  const names = variableColumns(fit, variable);
  if (names.length === 0) {
    const shown = fit.outputNames.slice(0, 10).join(', ');
    throw new Error(
      `${place}: the fit has no quantity '${variable}'; LOO needs the pointwise log-likelihood as a generated ` +
        `quantity (log_lik[i] = log p(y[i] | parameters), as in Stan), or pass a log-likelihood matrix. The fit's ` +
        `quantities are ${shown}${fit.outputNames.length > 10 ? ', ...' : ''}`,
    );
  }
  const values = names.map((name) => {
    const column = fit.columnNames.indexOf(name);
    return fit.draws.map((chain) => chain[column]!);
  });
  const draws = fit.draws.reduce((total, chain) => total + (chain[0]?.length ?? 0), 0);
  return { names, values, draws };
}

function checkRows(input: LogLikelihoodMatrix, place: string): number {
  const rows = input.logLikelihood;
  if (!Array.isArray(rows) || rows.length < 2) throw new Error(`${place}: logLikelihood has ${Array.isArray(rows) ? rows.length : 'no'} rows, but needs one row per draw (at least 2)`);
  const width = rows[0]!.length;
  if (width < 1) throw new Error(`${place}: logLikelihood[0] is empty, but needs one column per observation`);
  rows.forEach((row, draw) => {
    if (row.length !== width) throw new Error(`${place}: logLikelihood[${draw}] has ${row.length} columns, but row 0 has ${width}`);
  });
  return width;
}

/** Row indices by chain, chains in order of first appearance. */
function rowsByChain(chainIds: readonly number[] | undefined, rows: number, place: string): number[][] {
  if (chainIds === undefined) return [Array.from({ length: rows }, (_, row) => row)];
  if (chainIds.length !== rows) throw new Error(`${place}: chainIds has ${chainIds.length} entries, but logLikelihood has ${rows} rows`);
  const groups = new Map<number, number[]>();
  chainIds.forEach((id, row) => {
    if (!Number.isInteger(id)) throw new Error(`${place}: chainIds[${row}] is ${id}, but chain ids must be integers`);
    const group = groups.get(id) ?? [];
    group.push(row);
    groups.set(id, group);
  });
  const chains = [...groups.values()];
  if (chains.some((chain) => chain.length !== chains[0]!.length)) {
    throw new Error(`${place}: the chains have ${chains.map((chain) => chain.length).join(', ')} draws, but must all have the same number`);
  }
  return chains;
}

export function logLikelihoodOfMatrix(input: LogLikelihoodMatrix, place: string): LogLikelihood {
  const width = checkRows(input, place);
  const rows = input.logLikelihood.length;
  const names = input.names ?? Array.from({ length: width }, (_, i) => `log_lik[${i + 1}]`);
  if (names.length !== width) throw new Error(`${place}: ${names.length} names given for ${width} observations`);
  const chains = rowsByChain(input.chainIds, rows, place);
  const values = names.map((_, observation) => chains.map((chainRows) => Float64Array.from(chainRows, (row) => input.logLikelihood[row]![observation]!)));
  return { names, values, draws: rows };
}

/** Throws at the first value that is not finite (loo's validate_ll), naming it. */
export function checkFinite(logLikelihood: LogLikelihood, place: string): void {
  logLikelihood.values.forEach((chains, observation) =>
    chains.forEach((chain, chainIndex) => {
      const draw = chain.findIndex((value) => !Number.isFinite(value));
      if (draw >= 0) {
        throw new Error(
          `${place}: ${logLikelihood.names[observation]} is ${chain[draw]} at draw ${draw + 1} of chain ${chainIndex + 1}, but every ` +
            'pointwise log-likelihood must be finite (an observation impossible under a posterior draw has no LOO estimate)',
        );
      }
    }),
  );
}
