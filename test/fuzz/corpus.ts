import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The fuzz corpus: every JSON spec of the examples with its data, the valid inputs that the
// mutation families start from (bench models and the posteriordb posteriors).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CorpusEntry {
  readonly id: string;
  readonly spec: JsonObject;
  readonly data: JsonObject;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

const readJson = (path: string): JsonObject => JSON.parse(readFileSync(`${root}${path}`, 'utf8')) as JsonObject;

/** A bench spec's data file, named by its TypeScript module's `dataFile` export. */
function benchData(id: string): JsonObject {
  const module = readFileSync(`${root}examples/bench/${id}.ts`, 'utf8');
  const file = /export const dataFile = '([^']+)'/.exec(module)?.[1];
  return file === undefined ? {} : readJson(`examples/bench/${file}`);
}

/** Every example spec with its data, in a fixed order (sorted by id). */
export function loadCorpus(): CorpusEntry[] {
  const bench = readdirSync(`${root}examples/bench`)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const id = f.slice(0, -'.json'.length);
      return { id: `bench/${id}`, spec: readJson(`examples/bench/${f}`), data: benchData(id) };
    });
  const posteriordb = readdirSync(`${root}examples/posteriordb`)
    .filter((d) => existsSync(`${root}examples/posteriordb/${d}/model.json`))
    .sort()
    .map((d) => ({ id: `posteriordb/${d}`, spec: readJson(`examples/posteriordb/${d}/model.json`), data: readJson(`examples/posteriordb/${d}/data.json`) }));
  return [...bench, ...posteriordb];
}
