import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * `npm run build` (also run by prepack, and by prepare so `npm ci` in a clone builds it):
 * emits dist/ from src/ in about two seconds.
 *   - ES modules, bundled by esbuild with code splitting: the entries (index.js, kernels.js,
 *     cli.js, worker.js) and their shared chunks, all in dist/ (worker-start.ts relies on it).
 *     Bundling is for start-up: @stdlib's per-function packages are hundreds of small
 *     CommonJS files (~0.3 s to load one by one), so they are bundled in (Apache-2.0, their
 *     licence comments kept), while the other dependencies stay packages.
 *   - `require('leapfrog')`: index.cjs and kernels.cjs hand over the same ES modules through
 *     Node's require(esm) (Node ≥ 20.19 and ≥ 22.12), so `import` and `require` share one
 *     copy of the code and its classes, and the tarball one copy of the code.
 *   - Declarations by tsc (types/), which serve both conditions: what require returns is
 *     the ES module itself.
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
}

const started = performance.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await buildEsm();
writeRequireEntries();
buildDeclarations();
process.stderr.write(`build: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
