import { escapeControlCharacters, hasControlCharacters } from './safe-text.js';

/**
 * Column names in Stan's CSV style. leapfrog names scalars as Stan's summaries print them,
 * `theta[1]` and `L[2,1]`; CmdStan's CSV header writes the same elements as `theta.1` and
 * `L.2.1` (indices 1-based, joined by dots), and every CSV reader of the Stan ecosystem
 * (cmdstanr, posterior, ArviZ's from_cmdstan, CmdStanPy) rebuilds arrays from those dots.
 */

const BRACKETED = /^([^[\]]+)\[([^[\]]+)\]$/;

/** `theta[1]` → `theta.1`, `L[2,1]` → `L.2.1`, `mu` → `mu`. */
export function toStanCsvName(name: string): string {
  if (hasControlCharacters(name) || name.includes('"')) {
    throw new Error(`toStanCsvName: name '${escapeControlCharacters(name)}' has a line break, control character or quote, which a CSV header row cannot hold`);
  }
  const match = BRACKETED.exec(name);
  if (match === null) {
    if (/[[\],]/.test(name)) {
      throw new Error(`toStanCsvName: name '${name}' has brackets or commas, but must be 'x' or 'x[i,j,...]'`);
    }
    return name;
  }
  const indices = match[2]!.split(',').map((index) => index.trim());
  return [match[1], ...indices].join('.');
}

/**
 * `theta.1` → `theta[1]`, `L.2.1` → `L[2,1]`: the trailing dot-separated integers become the
 * index. Names without trailing integers (`lp__`, `mu`) are returned unchanged.
 */
export function fromStanCsvName(name: string): string {
  const parts = name.split('.');
  let first = parts.length;
  while (first > 1 && /^\d+$/.test(parts[first - 1]!)) first -= 1;
  if (first === parts.length) return name;
  return `${parts.slice(0, first).join('.')}[${parts.slice(first).join(',')}]`;
}
