/**
 * The examples the playground offers: every JSON spec of examples/bench (with its data file
 * from examples/bench/data) and of examples/posteriordb (model.json with data.json, and
 * posteriordb's model.stan for the Stan editor). Each file is a chunk of its own, fetched when
 * chosen, as the text written in the repository.
 */

type Loader = () => Promise<string>;

const benchSpecs = import.meta.glob<string>('../../examples/bench/*.json', { query: '?raw', import: 'default' });
const benchData = import.meta.glob<string>('../../examples/bench/data/*.json', { query: '?raw', import: 'default' });
const posteriordbSpecs = import.meta.glob<string>('../../examples/posteriordb/*/model.json', { query: '?raw', import: 'default' });
const posteriordbData = import.meta.glob<string>('../../examples/posteriordb/*/data.json', { query: '?raw', import: 'default' });
const posteriordbStan = import.meta.glob<string>('../../examples/posteriordb/*/model.stan', { query: '?raw', import: 'default' });

export interface Example {
  readonly id: string;
  readonly group: 'bench' | 'posteriordb';
  readonly name: string;
  readonly spec: Loader;
  readonly data: Loader | undefined;
  /** The Stan program as its authors wrote it (posteriordb's model.stan); otherwise the Stan editor shows the spec written as Stan. */
  readonly stan: Loader | undefined;
}

const baseName = (path: string): string => path.replace(/^.*\//, '').replace(/\.json$/, '');

/** The bench data file of a model: the longest data name that starts the model's name (eight_schools for eight_schools_centered). */
function benchDataFor(model: string): Loader | undefined {
  const candidates = Object.keys(benchData).filter((path) => model.startsWith(baseName(path)));
  const best = candidates.sort((a, b) => baseName(b).length - baseName(a).length)[0];
  return best === undefined ? undefined : benchData[best];
}

function sortedEntries(records: Record<string, Loader>): [string, Loader][] {
  return Object.entries(records).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export const examples: readonly Example[] = [
  ...sortedEntries(benchSpecs).map(([path, spec]): Example => {
    const name = baseName(path);
    return { id: `bench/${name}`, group: 'bench', name, spec, data: benchDataFor(name), stan: undefined };
  }),
  ...sortedEntries(posteriordbSpecs).map(([path, spec]): Example => {
    const folder = path.replace(/\/model\.json$/, '');
    const name = folder.replace(/^.*\//, '');
    return { id: `posteriordb/${name}`, group: 'posteriordb', name, spec, data: posteriordbData[`${folder}/data.json`], stan: posteriordbStan[`${folder}/model.stan`] };
  }),
];

/** The example shown first. */
export const firstExample = 'bench/eight_schools_noncentered';
