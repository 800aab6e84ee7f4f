// The WebAssembly kernels in a browser: bundles scripts/browser/wasm-entry.ts for the browser
// (esbuild: no Node built-ins, the module inlined as base64), runs it in headless Chromium on
// the page's main thread and in a dedicated worker, and checks that the kernels run there
// (on the main thread after loadWasmKernels: Chromium refuses to compile modules over 4 KB
// synchronously) and agree with the JavaScript kernels to 1e-12.
//
// usage: npx tsx scripts/check-wasm-chromium.ts   (Debian's chromium; CHROMIUM_PATH overrides)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BrowserWasmReport } from './browser/wasm-entry.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  process.stderr.write(`check-wasm-chromium: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
  process.exit(1);
}

const bundle = await build({
  entryPoints: [new URL('browser/wasm-entry.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  globalName: 'leapfrogWasmCheck',
  write: false,
  logLevel: 'warning',
});
const code = bundle.outputFiles[0]!.text;

const userDataDir = mkdtempSync(join(tmpdir(), 'leapfrog-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems: string[] = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent('<!doctype html><title>leapfrog wasm</title>');
  await page.addScriptTag({ content: code });
  const main = (await page.evaluate('leapfrogWasmCheck.runWasmCheck()')) as BrowserWasmReport;
  const worker = (await page.evaluate(`new Promise((resolve, reject) => {
    const source = ${JSON.stringify(code)} + '\\nleapfrogWasmCheck.runWasmCheck().then((r) => postMessage(r), (e) => postMessage({ error: String(e) }));';
    const w = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    w.onmessage = (event) => resolve(event.data);
    w.onerror = (event) => reject(new Error(event.message));
  })`)) as BrowserWasmReport & { error?: string };
  for (const [where, report] of [['main thread', main], ['worker', worker]] as const) {
    process.stdout.write(`${where}: ${JSON.stringify(report)}\n`);
    if ((report as { error?: string }).error !== undefined) problems.push(`${where}: ${(report as { error?: string }).error}`);
    if (!report.simd) problems.push(`${where}: no WebAssembly SIMD`);
    if (!report.enabledAfterLoad || !report.resident) problems.push(`${where}: the kernels do not run after loadWasmKernels`);
    if (!(report.discrepancy < 1e-12)) problems.push(`${where}: SIMD and JavaScript differ by ${report.discrepancy}`);
    if (!report.differ) problems.push(`${where}: the SIMD path did not run (results bit-identical to JavaScript's)`);
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
if (problems.length > 0) {
  process.stderr.write(`check-wasm-chromium: ${problems.join('; ')}\n`);
  process.exit(1);
}
process.stdout.write('check-wasm-chromium: the WebAssembly kernels run in Chromium (main thread and worker) and agree with JavaScript\n');
