import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, createLogger } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModules } from '../../scripts/build.js';

// The package bundled for a browser as a user's app would bundle it: the package's JavaScript
// is built (scripts/build.ts) into node_modules/leapfrog of a new app, which imports
// 'leapfrog' and samples a JSON spec with sampleAsync. esbuild and vite must resolve the
// `browser` export condition, report no error and no warning, and keep what a page loads to
// sample (the app and the worker, gzip) within the 250 KB.

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The size budget of a page that samples a JSON spec: its JavaScript, gzip (issue 16). */
const BUDGET_BYTES = 250 * 1024;

const APP = `import { sampleAsync, summary } from 'leapfrog';

const spec = {
  data: { J: { type: 'int', lower: 1 }, y: { type: 'vector', size: 'J' }, sigma: { type: 'vector', size: 'J', lower: 0 } },
  parameters: { mu: { type: 'real' }, tau: { type: 'real', lower: 0 }, theta_raw: { type: 'vector', size: 'J' } },
  transformed_parameters: { theta: { type: 'vector', size: 'J', value: 'mu + tau * theta_raw' } },
  model: [
    { sample: 'mu', distribution: 'normal', args: ['0', '5'] },
    { sample: 'tau', distribution: 'half_cauchy', args: ['5'] },
    { sample: 'theta_raw', distribution: 'normal', args: ['0', '1'] },
    { sample: 'y', distribution: 'normal', args: ['theta', 'sigma'] },
  ],
};
const data = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };

const fit = await sampleAsync({ spec, data }, { chains: 4, seed: 1 });
document.body.textContent = summary(fit).text;
`;

let app = '';

function gzipBytes(directory: string): { total: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && /\.m?js$/.test(entry.name)) files[path.slice(directory.length + 1)] = gzipSync(readFileSync(path), { level: 9 }).length;
  }
  return { total: Object.values(files).reduce((sum, bytes) => sum + bytes, 0), files };
}

beforeAll(async () => {
  // Inside the repository, so that the package's dependencies resolve from its node_modules.
  mkdirSync(join(root, 'out'), { recursive: true });
  app = mkdtempSync(join(root, 'out', 'bundle-test-'));
  const installed = join(app, 'node_modules', 'leapfrog');
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, 'package.json'), join(installed, 'package.json'));
  await buildModules(join(installed, 'dist'));
  // A package of its own: inside leapfrog's folder, 'leapfrog' would resolve to leapfrog itself.
  writeFileSync(join(app, 'package.json'), '{ "name": "bundle-test-app", "private": true, "type": "module" }\n');
  writeFileSync(join(app, 'app.js'), APP);
  writeFileSync(join(app, 'index.html'), '<!doctype html>\n<html><body><script type="module" src="./app.js"></script></body></html>\n');
}, 60_000);

afterAll(() => {
  if (app !== '') rmSync(app, { recursive: true, force: true });
});

describe('the package bundled for a browser', () => {
  it('bundles with esbuild (platform browser) without an error or a warning, within the size budget', async () => {
    const outdir = join(app, 'esbuild-out');
    // esbuild leaves `new URL('./web-worker.js', import.meta.url)` alone: the worker script is
    // an entry of its own, named so that the URL finds it beside the bundle (README).
    const result = await esbuild({
      absWorkingDir: app,
      entryPoints: { app: 'app.js', 'web-worker': 'leapfrog/web-worker' },
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/leapfrog/dist/browser.js');
    expect(inputs.filter((input) => /leapfrog\/dist\/(index|worker|cli)\.js$/.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
    const sizes = gzipBytes(outdir);
    expect(sizes.files).toHaveProperty('web-worker.js');
    process.stdout.write(`esbuild: ${(sizes.total / 1024).toFixed(1)} KiB gzip (${JSON.stringify(sizes.files)})\n`);
    expect(sizes.total).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 60_000);

  it('bundles with vite without an error or a warning, the worker included, within the size budget', async () => {
    const messages: string[] = [];
    const logger = createLogger('warn', { allowClearScreen: false });
    logger.warn = (message) => void messages.push(`warning: ${message}`);
    logger.warnOnce = (message) => void messages.push(`warning: ${message}`);
    logger.error = (message) => void messages.push(`error: ${message}`);
    const outDir = join(app, 'vite-out');
    await viteBuild({
      root: app,
      configFile: false,
      logLevel: 'warn',
      customLogger: logger,
      // Vite 8 warns when plugins take a share of a slow build's time (PLUGIN_TIMINGS): a
      // remark on the machine, not on the package.
      build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false } } },
    });
    expect(messages).toEqual([]);
    const sizes = gzipBytes(outDir);
    const names = Object.keys(sizes.files);
    expect(names.some((name) => /web-worker.*\.js$/.test(name)), `vite bundled the worker: ${names.join(', ')}`).toBe(true);
    expect(statSync(join(outDir, 'index.html')).isFile()).toBe(true);
    process.stdout.write(`vite: ${(sizes.total / 1024).toFixed(1)} KiB gzip (${JSON.stringify(sizes.files)})\n`);
    expect(sizes.total).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 120_000);
});
