import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileStan, stanToSpec } from '../language/stan/compile.js';
import type { LoadedPosterior } from './posteriordb-run.js';
import { parseReference } from './reference.js';

/**
 * A posteriordb example with its model built from posteriordb's own Stan program
 * (model.stan) by the Stan front end, instead of model.ts: for `npm run validate:stan`
 * and its fast subset in the suite. Worker threads compile the spec the program lowers to.
 */
export function loadStanPosterior(directory: string, name: string): LoadedPosterior {
  const folder = resolve(directory, name);
  const readJson = (file: string): unknown => JSON.parse(readFileSync(join(folder, file), 'utf8'));
  const source = readFileSync(join(folder, 'model.stan'), 'utf8');
  const data = readJson('data.json');
  const options = { fileName: `${name}/model.stan`, name };
  return {
    name,
    model: compileStan(source, data, options),
    data,
    reference: parseReference(readJson('reference.json'), join(folder, 'reference.json')),
    source: { kind: 'spec', spec: stanToSpec(source, options), data },
  };
}
