import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The public names of leapfrog's entries, read from the entry files' export lists (each
 * entry is a file of `export { … } from '…'` and `export type { … } from '…'` statements,
 * plus `export * as name from '…'` for a namespace). `npm run api` writes them to
 * test/api/public-names.json; test/api/exports.test.ts compares them with that committed
 * list and with what the entry modules really export at run time.
 */

/**
 * The package's entries: subpath in package.json's `exports` (with the export condition that
 * selects a variant: 'leapfrog [browser]' is 'leapfrog' in browsers), and its source file.
 */
export const entries = [
  { subpath: 'leapfrog', source: 'src/index.ts' },
  { subpath: 'leapfrog [browser]', source: 'src/browser.ts' },
  { subpath: 'leapfrog/kernels', source: 'src/kernels.ts' },
] as const;

/** The package subpath of an entry, without its condition. */
export const packageSubpath = (subpath: string): string => subpath.replace(/ \[\w+\]$/, '');

export interface PublicNames {
  readonly values: readonly string[];
  readonly types: readonly string[];
}

export type PublicApi = Readonly<Record<string, PublicNames>>;

export const root = fileURLToPath(new URL('../', import.meta.url));
export const publicNamesFile = 'test/api/public-names.json';

const EXPORT_LIST = /export\s+(type\s+)?\{([^}]*)\}\s*from\s*'[^']+'\s*;/g;
const EXPORT_NAMESPACE = /export\s+\*\s+as\s+(\w+)\s+from\s*'[^']+'\s*;/g;

/** The names an entry file exports, split into values and types, each sorted. */
export function exportedNames(sourceText: string): PublicNames {
  const values = new Set<string>();
  const types = new Set<string>();
  const code = sourceText.replace(/\/\/.*$/gm, '');
  for (const [, typeOnly, list] of code.matchAll(EXPORT_LIST)) {
    for (const item of list!.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
      const isType = typeOnly !== undefined || item.startsWith('type ');
      const name = item.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
      (isType ? types : values).add(name);
    }
  }
  for (const [, name] of code.matchAll(EXPORT_NAMESPACE)) values.add(name!);
  const rest = code.replace(EXPORT_LIST, '').replace(EXPORT_NAMESPACE, '');
  if (/\bexport\b/.test(rest)) throw new Error(`public-api: an entry file may hold only export lists, found: ${/.*\bexport\b.*/.exec(rest)![0]}`);
  const sorted = (names: Set<string>) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { values: sorted(values), types: sorted(types) };
}

export function publicApi(): PublicApi {
  return Object.fromEntries(entries.map((entry) => [entry.subpath, exportedNames(readFileSync(`${root}${entry.source}`, 'utf8'))]));
}

/** The committed list as JSON text: one name per line, so a change of the API is a readable diff. */
export function formatPublicApi(api: PublicApi): string {
  return `${JSON.stringify(api, null, 2)}\n`;
}

/** Lines `+ name` (new) and `- name` (gone) per entry and kind; empty when the two agree. */
export function apiDifference(committed: PublicApi, current: PublicApi): string[] {
  const lines: string[] = [];
  for (const subpath of new Set([...Object.keys(committed), ...Object.keys(current)])) {
    for (const kind of ['values', 'types'] as const) {
      const before = new Set(committed[subpath]?.[kind] ?? []);
      const after = new Set(current[subpath]?.[kind] ?? []);
      for (const name of after) if (!before.has(name)) lines.push(`+ ${subpath} ${kind.slice(0, -1)} ${name}`);
      for (const name of before) if (!after.has(name)) lines.push(`- ${subpath} ${kind.slice(0, -1)} ${name}`);
    }
  }
  return lines;
}
