import { CliError } from './cli-error.js';

/**
 * `--chain-ids`: which chains of a run this process runs, so that a batch scheduler can run
 * the chains of one run on different machines (each chain's draws depend only on the seed
 * and its id; see samplers/run/chain.ts) and `leapfrog summary dir1 dir2 ...` merges them.
 *
 *   --chain-ids 5-8              chains 5, 6, 7 and 8
 *   --chain-ids 5 --chains 4     the same: a first id and a count (CmdStan's id=5 num_chains=4)
 *   --chain-ids 3                chain 3 alone
 *
 * Ids are 1-based, as in the files' names (chain_5.csv) and CmdStan's `id`.
 */

export interface ChainIds {
  /** 1-based id of the first chain. */
  readonly first: number;
  readonly count: number;
}

/** Chain ids above this are refused (a typo, not a run). */
const MAX_CHAIN_ID = 1_000_000;

function idOf(text: string, whole: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new CliError(`leapfrog sample: --chain-ids is '${whole}', but must be a range first-last (e.g. 5-8) or a first id (e.g. 5, with --chains for the count)`, 2);
  const id = Number(text);
  if (id < 1 || id > MAX_CHAIN_ID) throw new CliError(`leapfrog sample: --chain-ids is '${whole}', but chain ids run from 1 to ${MAX_CHAIN_ID}`, 2);
  return id;
}

/** The chains to run from --chain-ids and --chains (either may be absent). */
export function parseChainIds(text: string | undefined, chains: number | undefined): ChainIds {
  if (text === undefined) return { first: 1, count: chains ?? 4 };
  const dash = text.indexOf('-');
  if (dash < 0) return { first: idOf(text, text), count: chains ?? 1 };
  const first = idOf(text.slice(0, dash), text);
  const last = idOf(text.slice(dash + 1), text);
  if (last < first) throw new CliError(`leapfrog sample: --chain-ids is '${text}', but the last id is below the first`, 2);
  const count = last - first + 1;
  if (chains !== undefined && chains !== count) {
    throw new CliError(`leapfrog sample: --chain-ids ${text} names ${count} chain${count === 1 ? '' : 's'}, but --chains is ${chains}; give one of them`, 2);
  }
  return { first, count };
}

/** `chains 5-8` / `chain 3`, for messages. */
export function describeChainIds(ids: ChainIds): string {
  return ids.count === 1 ? `chain ${ids.first}` : `chains ${ids.first}-${ids.first + ids.count - 1}`;
}
