import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { KERNELS_SOURCE_HASH } from '../src/ad/wasm/kernels-module.js';
import { buildWasmKernels, sourceHash } from './build-wasm.js';

/**
 * `npm run build` (also run by prepack, and by prepare so `npm ci` in a clone builds it):
 * emits dist/ from src/ in about two seconds.
 *   - ES modules, bundled by esbuild with code splitting: the entries (index.js, kernels.js,
 *     cli.js, worker.js) and their shared chunks, all in dist/ (worker-start.ts relies on it).
 *     Bundling is for start-up: @stdlib's per-function packages are hundreds of small
 *     CommonJS files (~0.3 s to load one by one), so the math functions (devDependencies)
 *     are bundled in (Apache-2.0, their licence comments kept), while the runtime
 *     dependencies (zod, vega, vega-lite, cli-progress, fft.js) stay packages.
 *   - `require('leapfrog')`: index.cjs and kernels.cjs hand over the same ES modules through
 *     Node's require(esm) (Node ≥ 20.19 and ≥ 22.12), so `import` and `require` share one
 *     copy of the code and its classes, and the tarball one copy of the code.
 *   - Declarations by tsc (types/), which serve both conditions: what require returns is
 *     the ES module itself.
 *   - The WebAssembly kernels (src/ad/wasm/kernels-module.ts, committed) are recompiled from
 *     assembly/ only when their sources no longer match the hash the module records: the
 *     AssemblyScript compiler takes ~30 s, and `npm ci` needs no compile.
 */

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies?: Record<string, string> };
const external = Object.keys(manifest.dependencies ?? {});

async function buildEsm(): Promise<void> {
  await build({
    absWorkingDir: root.pathname,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external,
    legalComments: 'eof',
    logLevel: 'warning',
    // Bundled CommonJS (@stdlib's dependency debug) requires Node's built-ins; ES modules have
    // no require of their own.
    banner: { js: "import { createRequire as __leapfrogCreateRequire } from 'node:module';\nconst require = __leapfrogCreateRequire(import.meta.url);" },
    entryPoints: {
      index: 'src/index.ts',
      kernels: 'src/kernels.ts',
      cli: 'src/cli/main.ts',
      worker: 'src/samplers/run/worker.ts',
    },
    format: 'esm',
    splitting: true,
    outdir: 'dist',
    chunkNames: 'chunk-[hash]',
  });
}

/** index.cjs and kernels.cjs: `require` of the ES entries, with one clear line where Node cannot. */
function writeRequireEntries(): void {
  for (const entry of ['index', 'kernels']) {
    const text = [
      "'use strict';",
      `// require('leapfrog${entry === 'index' ? '' : '/kernels'}'): the ES module dist/${entry}.js itself, through Node's require(esm).`,
      'try {',
      `  module.exports = require('./${entry}.js');`,
      '} catch (error) {',
      "  if (error === null || typeof error !== 'object' || error.code !== 'ERR_REQUIRE_ESM') throw error;",
      "  throw new Error(`leapfrog: require('leapfrog') needs Node >= 20.19 or >= 22.12 (require of ES modules); this is Node ${process.version}: use import, or a newer Node`);",
      '}',
      '',
    ];
    writeFileSync(new URL(`${entry}.cjs`, dist), text.join('\n'));
  }
}

function buildDeclarations(): void {
  const result = spawnSync(process.execPath, [new URL('node_modules/typescript/bin/tsc', root).pathname, '-p', 'tsconfig.build.json'], {
    cwd: root.pathname,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`build: tsc exited with ${result.status ?? result.signal}`);
  pruneDeclarations(new URL('types/', dist).pathname, ['index.d.ts', 'kernels.d.ts']);
}

/**
 * tsc writes a declaration file for every module it compiled; a user's type-check reads only
 * those the entries' declarations import, so the others leave the package.
 */
function pruneDeclarations(directory: string, entryFiles: readonly string[]): void {
  const reached = new Set<string>();
  const pending = entryFiles.map((file) => join(directory, file));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
      pending.push(resolve(dirname(file), `${specifier!}.d.ts`));
    }
  }
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !reached.has(path)) rmSync(path);
  }
  removeEmptyDirectories(directory);
  process.stderr.write(`build: ${reached.size} declaration files (${relative(process.cwd(), directory)})\n`);
}

function removeEmptyDirectories(directory: string): boolean {
  let empty = true;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory() ? !removeEmptyDirectories(join(directory, entry.name)) : true) empty = false;
  }
  if (empty) rmSync(directory, { recursive: true });
  return empty;
}

// `npm pack` and `npm publish` run prepack and then prepare (each `tsx scripts/build.ts`,
// so that these variables are npm's): build once.
const lifecycle = process.env.npm_lifecycle_event;
if (lifecycle === 'prepare' && ['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);

const started = performance.now();
if (sourceHash() !== KERNELS_SOURCE_HASH) {
  const size = await buildWasmKernels();
  process.stderr.write(`build: assembly/ changed: src/ad/wasm/kernels-module.ts rebuilt (${size} bytes of WebAssembly)\n`);
}
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await buildEsm();
writeRequireEntries();
buildDeclarations();
process.stderr.write(`build: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
