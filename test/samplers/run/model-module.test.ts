import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importModelModule, type RuntimeFacts, resolveImport, typeScriptLoader, typeScriptUnavailable } from '../../../src/samplers/run/model-module.js';

// How a user's TypeScript model module loads on each kind of runtime (the built package on
// Node 20, Node with type stripping, a project with or without tsx).

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-model-module-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** A project folder holding a fake tsx package whose exports map mirrors tsx's. */
function projectWithTsx(): string {
  const project = join(temporary, 'with-tsx');
  const tsx = join(project, 'node_modules', 'tsx');
  mkdirSync(join(tsx, 'dist', 'esm', 'api'), { recursive: true });
  writeFileSync(
    join(tsx, 'package.json'),
    JSON.stringify({
      name: 'tsx',
      exports: {
        './package.json': './package.json',
        './esm/api': { import: { types: './dist/esm/api/index.d.mts', default: './dist/esm/api/index.mjs' }, require: './dist/esm/api/index.cjs' },
      },
    }),
  );
  writeFileSync(join(tsx, 'dist', 'esm', 'api', 'index.mjs'), 'export function register() {}\n');
  return project;
}

const bare = join(temporary, 'bare');
mkdirSync(bare, { recursive: true });
const node20: RuntimeFacts = { fromSources: false, typeStripping: undefined, execArgv: [], searchDirectories: [bare] };

describe('typeScriptLoader', () => {
  it('loads TypeScript as it is from the sources and where Node strips types', () => {
    expect(typeScriptLoader({ ...node20, fromSources: true })).toBe('as-is');
    expect(typeScriptLoader({ ...node20, typeStripping: 'strip' })).toBe('as-is');
    expect(typeScriptLoader({ ...node20, typeStripping: 'transform' })).toBe('as-is');
    expect(typeScriptLoader({ ...node20, execArgv: ['--experimental-strip-types'] })).toBe('as-is');
  });

  it("uses the user's tsx (its ESM API, by the import condition) where Node cannot strip types", () => {
    const project = projectWithTsx();
    expect(typeScriptLoader({ ...node20, typeStripping: false, searchDirectories: [bare, project] })).toEqual({
      tsx: join(project, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs'),
    });
  });

  it('has no loader without type stripping or tsx, and says what to install', () => {
    expect(typeScriptLoader(node20)).toBeUndefined();
    const line = typeScriptUnavailable('model.ts');
    expect(line).toMatch(/^model\.ts is TypeScript, which Node v\d+\.\d+\.\d+ does not load by itself: install tsx in your project \(npm install --save-dev tsx\)/);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('resolves nothing for a package that is not installed', () => {
    expect(resolveImport(bare, 'no-such-package-here', '.')).toBeUndefined();
  });
});

describe('importModelModule', () => {
  it('imports a JavaScript model module as it is', async () => {
    const file = join(temporary, 'model.mjs');
    writeFileSync(file, 'export const answer = 42;\n');
    expect((await importModelModule(pathToFileURL(file).href, 'test')).answer).toBe(42);
  });
});
