import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type PluginBuild } from 'esbuild';
import { KERNELS_SOURCE_HASH } from '../src/ad/wasm/kernels-module.js';
import { buildWasmKernels, sourceHash } from './build-wasm.js';

/**
 * `npm run build` (also run by prepack, and by prepare so `npm ci` in a clone builds it):
 * emits dist/ from src/ in about two seconds.
 *   - ES modules, bundled by esbuild with code splitting: the entries (index.js, kernels.js,
 *     cli.js, worker.js for Node; browser.js and web-worker.js for browsers) and their shared
 *     chunks, all in dist/ (worker-start.ts and web-workers.ts rely on it). One build serves
 *     both platforms, so the tarball holds one copy of the code: chunks that browser.js or
 *     web-worker.js reach import no `node:` module (checked below), and Node-only modules
 *     (files, worker threads, the CLI) sit in chunks only the Node entries import.
 *     Bundling is for start-up: @stdlib's per-function packages are hundreds of small
 *     CommonJS files (~0.3 s to load one by one), so the math functions (devDependencies)
 *     are bundled in (Apache-2.0, their licence comments kept), while the runtime
 *     dependencies (zod, vega, vega-lite, cli-progress, fft.js) stay packages.
 *   - `require('leapfrog')`: index.cjs and kernels.cjs hand over the same ES modules through
 *     Node's require(esm) (Node ≥ 20.19 and ≥ 22.12), so `import` and `require` share one
 *     copy of the code and its classes, and the tarball one copy of the code.
 *   - Declarations by tsc (types/), which serve both conditions: what require returns is
 *     the ES module itself; browser.d.ts for the browser entry.
 *   - The WebAssembly kernels (src/ad/wasm/kernels-module.ts, committed) are recompiled from
 *     assembly/ only when their sources no longer match the hash the module records: the
 *     AssemblyScript compiler takes ~30 s, and `npm ci` needs no compile.
 */

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies?: Record<string, string> };
const external = Object.keys(manifest.dependencies ?? {});

/** The entries whose chunks must run in a browser (kernels.js serves both platforms). */
const BROWSER_ENTRIES = ['src/browser.ts', 'src/samplers/web/web-worker.ts', 'src/samplers/web/sample-async.ts', 'src/kernels.ts'];

/**
 * `debug`, which @stdlib's gammaincinv requires for log lines no one reads, picks its Node
 * version (tty, util, net, fs through `require`) unless told otherwise, and ES modules have no
 * require: a logger that logs nothing keeps every chunk free of Node's built-ins.
 */
export const silentDebug = {
  name: 'silent-debug',
  setup(build: PluginBuild): void {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: 'debug', namespace: 'silent-debug' }));
    build.onLoad({ filter: /.*/, namespace: 'silent-debug' }, () => ({ contents: 'module.exports = function logger() { return function debug() {}; };', loader: 'js' }));
  },
};

/**
 * @stdlib/utils-define-property picks Object.defineProperty where it exists, and otherwise a
 * polyfill whose error messages need @stdlib/string-format: ~10 KB of minified code in every
 * bundle (a page's included) for engines older than ES5. Every engine leapfrog runs on has it,
 * so the built package takes the built-in directly, as the package's own index would.
 */
export const builtinDefineProperty = {
  name: 'builtin-define-property',
  setup(build: PluginBuild): void {
    build.onResolve({ filter: /^@stdlib\/utils-define-property$/ }, () => ({ path: 'define-property', namespace: 'builtin-define-property' }));
    build.onLoad({ filter: /.*/, namespace: 'builtin-define-property' }, () => ({ contents: 'module.exports = Object.defineProperty;', loader: 'js' }));
  },
};

async function buildEsm(outdir: string): Promise<Metafile> {
  const result = await build({
    absWorkingDir: root.pathname,
    bundle: true,
    // Neutral: the code runs in Node and in browsers; Node's modules stay imports (`node:`).
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    external: [...external, 'node:*'],
    plugins: [silentDebug, builtinDefineProperty],
    legalComments: 'eof',
    // Whitespace and syntax minified, identifiers kept (readable stack traces and names): the
    // tarball stays under its 400 KB budget as the library grows.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
    entryPoints: {
      index: 'src/index.ts',
      kernels: 'src/kernels.ts',
      cli: 'src/cli/main.ts',
      worker: 'src/samplers/run/worker.ts',
      browser: 'src/browser.ts',
      'web-worker': 'src/samplers/web/web-worker.ts',
      // Not a public entry: esbuild puts modules that the same entries reach in one chunk, and
      // this one sets sampleAsync's page-side modules apart from the code only the main entries
      // reach (VI, optimisation, networks), whose chunk runs model code at load, so that a page
      // bundling sampleAsync keeps ~50 KB gzip on its thread rather than ~125 KB.
      'sample-async': 'src/samplers/web/sample-async.ts',
    },
    format: 'esm',
    splitting: true,
    outdir,
    chunkNames: 'chunk-[hash]',
  });
  return result.metafile;
}

/** Fails the build if a file that a browser entry loads imports a Node module, or names require. */
function checkBrowserChunks(metafile: Metafile): void {
  const outputs = metafile.outputs;
  const pending = Object.entries(outputs)
    .filter(([, output]) => output.entryPoint !== undefined && BROWSER_ENTRIES.includes(output.entryPoint))
    .map(([file]) => file);
  const reached = new Set<string>();
  const problems: string[] = [];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.path.startsWith('node:') || (imported.external && !external.some((name) => imported.path === name || imported.path.startsWith(`${name}/`)))) {
        problems.push(`${file} imports ${imported.path}`);
      } else if (!imported.external) pending.push(imported.path);
    }
    // A require of a module by name (esbuild's own helper, `function __require()`, is no call).
    const required = /(?:\b__require|(?<![\w.$])require)\(\s*["']([^"']+)["']/.exec(readFileSync(new URL(file, root), 'utf8'));
    if (required !== null) problems.push(`${file} requires ${required[1]}`);
  }
  if (reached.size < BROWSER_ENTRIES.length) problems.push('an output of the browser entries is missing');
  if (problems.length > 0) throw new Error(`build: the browser entries reach Node-only code:\n  ${problems.join('\n  ')}`);
}

/** index.cjs and kernels.cjs: `require` of the ES entries, with one clear line where Node cannot. */
function writeRequireEntries(outdir: string): void {
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
    writeFileSync(join(outdir, `${entry}.cjs`), text.join('\n'));
  }
}

function buildDeclarations(): void {
  const result = spawnSync(process.execPath, [new URL('node_modules/typescript/bin/tsc', root).pathname, '-p', 'tsconfig.build.json'], {
    cwd: root.pathname,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`build: tsc exited with ${result.status ?? result.signal}`);
  pruneDeclarations(new URL('types/', dist).pathname, ['index.d.ts', 'kernels.d.ts', 'browser.d.ts']);
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

/**
 * Removes the bare `import "./chunk-….js";` lines esbuild writes so that a module loads every
 * chunk it transitively needs at once (no waterfall, the evaluation order kept). Each such
 * chunk is also imported by name by the modules that use it, and no leapfrog module is
 * imported for its side effects alone (src has no bare imports), so nothing changes but this:
 * package.json can call the chunks free of side effects, which lets a user's bundler drop
 * the chunks their app does not use (a page that samples loads ~50 KB instead of ~150 KB
 * gzip) — and a bare import of a module without side effects is what esbuild warns about
 * ("Ignoring this import because … was marked as having no side effects").
 */
function stripChunkOnlyImports(outdir: string): void {
  for (const name of readdirSync(outdir)) {
    if (!name.endsWith('.js')) continue;
    const path = join(outdir, name);
    const text = readFileSync(path, 'utf8');
    const stripped = text.replace(/^import "\.\/chunk-[A-Z0-9]+\.js";\n/gm, '');
    if (stripped !== text) writeFileSync(path, stripped);
  }
}

/**
 * The JavaScript of dist/ (no declarations) written to `outdir`, checked: also used by
 * test/browser/bundle.test.ts, which bundles the package as a user's app would.
 */
export async function buildModules(outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  checkBrowserChunks(await buildEsm(outdir));
  stripChunkOnlyImports(outdir);
  writeRequireEntries(outdir);
}

async function main(): Promise<void> {
  // `npm pack` and `npm publish` run prepack and then prepare (each `tsx scripts/build.ts`,
  // so that these variables are npm's): build once.
  const lifecycle = process.env.npm_lifecycle_event;
  if (lifecycle === 'prepare' && ['pack', 'publish'].includes(process.env.npm_command ?? '')) return;
  const started = performance.now();
  if (sourceHash() !== KERNELS_SOURCE_HASH) {
    const size = await buildWasmKernels();
    process.stderr.write(`build: assembly/ changed: src/ad/wasm/kernels-module.ts rebuilt (${size} bytes of WebAssembly)\n`);
  }
  await buildModules(fileURLToPath(dist));
  buildDeclarations();
  process.stderr.write(`build: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
