import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiDifference, entries, exportedNames, packageSubpath, type PublicApi, publicApi, publicNamesFile, root } from '../../scripts/public-api.js';

// The public API is the committed list test/api/public-names.json: adding, renaming or
// removing a public name fails here with the difference until the list is updated
// (`npm run api`), so every change of the API shows in review.

const committed = JSON.parse(readFileSync(`${root}${publicNamesFile}`, 'utf8')) as PublicApi;

describe('public API', () => {
  it('is the committed list of names', () => {
    const changes = apiDifference(committed, publicApi());
    expect(changes, `the public API differs from ${publicNamesFile} (run 'npm run api' to accept):\n${changes.join('\n')}`).toEqual([]);
  });

  it.each(entries)('$subpath exports at run time exactly the values of its list', async ({ source }) => {
    const module = (await import(`${root}${source}`)) as Record<string, unknown>;
    expect(Object.keys(module).sort()).toEqual([...exportedNames(readFileSync(`${root}${source}`, 'utf8')).values].sort());
  });

  it('gives each name one meaning: no name is public in two entries', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [entry, names] of Object.entries(publicApi())) {
      // The browser variant of 'leapfrog' is the same entry under another export condition.
      const subpath = packageSubpath(entry);
      for (const name of [...names.values, ...names.types]) {
        const other = seen.get(name);
        if (other !== undefined && other !== subpath) clashes.push(`${name} (${other}, ${subpath})`);
        seen.set(name, subpath);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("gives browsers every name of 'leapfrog' but those that need Node", () => {
    // Files, worker threads and model files (the browser's sampleAsync runs Web Workers).
    const nodeOnly = { values: ['loadModel', 'loadSpec', 'readFit', 'readStanCsv', 'writeFit'], types: ['LoadSpecOptions', 'ModelFileSource', 'ReadFit', 'WriteFitOptions'] };
    const browserOnly = { values: [] as string[], types: ['WebSampleOptions', 'WorkerFactory'] };
    const api = publicApi();
    const node = api['leapfrog']!;
    const browser = api['leapfrog [browser]']!;
    for (const kind of ['values', 'types'] as const) {
      const expected = [...node[kind].filter((name) => !nodeOnly[kind].includes(name)), ...browserOnly[kind]].sort();
      expect([...browser[kind]].sort(), `the ${kind} of src/browser.ts`).toEqual(expected);
    }
  });

  it('reads values, types, renames and namespaces from export lists', () => {
    const text = [
      "export { a, type B, c as d } from './x.js';",
      "export type { E, F as G } from './y.js'; // a comment",
      "export * as ns from './z.js';",
    ].join('\n');
    expect(exportedNames(text)).toEqual({ values: ['a', 'd', 'ns'], types: ['B', 'E', 'G'] });
    expect(() => exportedNames("export const x = 1;")).toThrow(/only export lists/);
  });
});
