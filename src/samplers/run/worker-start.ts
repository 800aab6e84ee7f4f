/**
 * How to start a worker thread whose entry module sits next to the calling module, in the two
 * layouts leapfrog runs from:
 *   - its TypeScript sources (vitest, tsx): the caller is a .ts file and the entry its .ts
 *     sibling; the thread starts from worker-bootstrap.mjs, which registers tsx and then
 *     imports the entry (Node 20 does not apply a parent's --import hooks to a worker's entry);
 *   - the build (dist/): the bundle's modules and chunks, ESM (.js) and CommonJS (.cjs), all
 *     sit in dist/ beside the worker entries (dist/worker.js, ESM), which start directly.
 * Callers pass their own `import.meta.url`, which the CommonJS build defines as its file's URL.
 */

/** The extension of a module's URL: '.ts' from sources, '.js' or '.cjs' when built. */
export function moduleExtension(url: string): string {
  const match = /\.[cm]?[jt]s$/.exec(new URL(url).pathname);
  return match === null ? '.js' : match[0];
}

/** Whether the module at `url` is a TypeScript source, run by a loader that handles TypeScript. */
export function isSourceModule(url: string): boolean {
  return moduleExtension(url) === '.ts';
}

/** The worker's start URL and its workerData: `setup`, plus the entry to import when bootstrapped. */
export function workerStart<Setup extends object>(callerUrl: string, entryName: string, setup: Setup): { url: URL; setup: Setup & { readonly entry?: string } } {
  if (!isSourceModule(callerUrl)) return { url: new URL(`./${entryName}.js`, callerUrl), setup };
  const entry = new URL(`./${entryName}.ts`, callerUrl).href;
  return { url: new URL('./worker-bootstrap.mjs', import.meta.url), setup: { ...setup, entry } };
}
