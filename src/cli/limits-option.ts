import { DEFAULT_LIMITS, LIMIT_KEYS, formatCount, type Limits, type ResourceLimits } from '../models/api/limits.js';
import { CliError, closestName } from './cli-error.js';

/**
 * `--limits elements=2e8,outputs=1e7,iterations=1e9,depth=200`: raises (or lowers) the
 * resource budgets a model is compiled under (see models/api/limits.ts). A value is a
 * positive number (1e8 notation allowed) or `inf` to turn a limit off.
 */

const KEY_OF: ReadonlyMap<string, keyof Limits> = new Map(Object.entries(LIMIT_KEYS).map(([key, word]) => [word, key as keyof Limits]));

/** The option's help line, with the defaults. */
export const LIMITS_HELP = `resource limits, e.g. elements=2e8,iterations=1e9 (defaults: ${[...KEY_OF].map(([word, key]) => `${word}=${formatCount(DEFAULT_LIMITS[key])}`).join(', ')})`;

/** The limits a `--limits` text gives; undefined when the option was not given. */
export function parseLimitsOption(command: string, text: string | undefined): ResourceLimits | undefined {
  if (text === undefined) return undefined;
  const limits: Partial<Record<keyof Limits, number>> = {};
  for (const item of text.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\S+)\s*$/.exec(item);
    if (match === null) throw new CliError(`leapfrog ${command}: --limits item '${item}' must be name=value (names: ${[...KEY_OF.keys()].join(', ')})`, 2);
    const [, word, valueText] = match as unknown as [string, string, string];
    const key = KEY_OF.get(word);
    if (key === undefined) {
      const suggestion = closestName(word, [...KEY_OF.keys()]);
      throw new CliError(`leapfrog ${command}: --limits has no limit '${word}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} (limits: ${[...KEY_OF.keys()].join(', ')})`, 2);
    }
    const value = /^(inf|infinity)$/i.test(valueText) ? Infinity : Number(valueText);
    if (!(value > 0)) throw new CliError(`leapfrog ${command}: --limits ${word} is '${valueText}', but must be a positive number or inf`, 2);
    limits[key] = value;
  }
  return limits;
}
