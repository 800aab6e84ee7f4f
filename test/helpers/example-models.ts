import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { ModelInstance } from '../../src/models/api/compile.js';
import { compileSpec } from '../../src/language/json/compile.js';

// Every example model that has a JSON form (the bench models and the posteriordb examples),
// compiled on its data with the given options: for tests that compare ways of evaluating.

export interface Example {
  readonly name: string;
  readonly compile: (options: { replay: boolean; compile?: boolean }) => ModelInstance;
}

export function examples(): Example[] {
  const out: Example[] = [];
  const root = new URL('../../examples/', import.meta.url);
  for (const file of readdirSync(new URL('bench/', root)).filter((f) => f.endsWith('.ts'))) {
    const id = file.slice(0, -3);
    out.push({
      name: `bench/${id}`,
      compile: (options) => {
        // Loaded lazily and synchronously through the JSON twin's data; the TS form is covered below.
        const spec = JSON.parse(readFileSync(new URL(`bench/${id}.json`, root), 'utf8'));
        const data = JSON.parse(readFileSync(new URL(`bench/data/${dataFileOf(id)}`, root), 'utf8'));
        return compileSpec(spec, data, options);
      },
    });
  }
  for (const dir of readdirSync(new URL('posteriordb/', root), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const folder = new URL(`posteriordb/${dir.name}/`, root);
    if (!existsSync(new URL('model.json', folder))) continue;
    out.push({
      name: `posteriordb/${dir.name} (JSON)`,
      compile: (options) => compileSpec(JSON.parse(readFileSync(new URL('model.json', folder), 'utf8')), JSON.parse(readFileSync(new URL('data.json', folder), 'utf8')), options),
    });
  }
  return out;
}

const dataFiles: Record<string, string> = {
  eight_schools_noncentered: 'eight_schools.json',
  eight_schools_centered: 'eight_schools.json',
};
export const dataFileOf = (id: string): string => dataFiles[id] ?? `${id}.json`;
