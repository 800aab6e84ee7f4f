import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isSourceModule } from './worker-start.js';

/**
 * Imports a user's model module. JavaScript (.js, .mjs, .cjs) loads as it is. TypeScript
 * (.ts, .mts, .cts) loads, in this order of preference:
 *   1. as it is, when leapfrog itself runs from its TypeScript sources (vitest, tsx): the
 *      loader that runs leapfrog's sources runs the user's too;
 *   2. with Node's own type stripping, where the runtime has it on (Node ≥ 22.18 and ≥ 23.6
 *      by default, 22.6+ with --experimental-strip-types: `process.features.typescript`);
 *   3. with tsx, when the user's project has it (resolved from the working directory, then
 *      from the model's directory), registered once per thread;
 *   4. otherwise not at all: one line says what to install.
 * Each worker thread goes through the same steps, so its choice is the main thread's.
 */

const TYPESCRIPT = /\.[cm]?ts$/;

/** What decides how TypeScript loads: facts about this thread, gathered by `runtimeFacts`. */
export interface RuntimeFacts {
  /** leapfrog runs from its .ts sources, so a TypeScript loader is already in place. */
  readonly fromSources: boolean;
  /** `process.features.typescript`: 'strip' or 'transform' where Node strips types itself. */
  readonly typeStripping: string | false | undefined;
  readonly execArgv: readonly string[];
  /** Where to look for the user's tsx, in order. */
  readonly searchDirectories: readonly string[];
}

export function runtimeFacts(modulePath: string): RuntimeFacts {
  return {
    fromSources: isSourceModule(import.meta.url),
    typeStripping: (process.features as { typescript?: string | false }).typescript,
    execArgv: process.execArgv,
    searchDirectories: [process.cwd(), dirname(modulePath)],
  };
}

/** How to load TypeScript: 'as-is' (cases 1–2 above), with tsx's API module (3), or undefined (4). */
export function typeScriptLoader(facts: RuntimeFacts): 'as-is' | { readonly tsx: string } | undefined {
  if (facts.fromSources) return 'as-is';
  if (facts.typeStripping !== undefined && facts.typeStripping !== false) return 'as-is';
  if (facts.execArgv.some((flag) => flag === '--experimental-strip-types' || flag === '--experimental-transform-types')) return 'as-is';
  for (const directory of facts.searchDirectories) {
    const api = resolveImport(directory, 'tsx', './esm/api');
    if (api !== undefined) return { tsx: api };
  }
  return undefined;
}

/** The file `import '<name>/<subpath>'` would load from `directory` (its package's `import` condition). */
export function resolveImport(directory: string, name: string, subpath: string): string | undefined {
  let manifestPath: string;
  try {
    manifestPath = createRequire(join(directory, 'package.json')).resolve(`${name}/package.json`);
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, unknown> };
  let target: unknown = manifest.exports?.[subpath];
  while (typeof target === 'object' && target !== null) {
    const conditions = target as Record<string, unknown>;
    target = conditions.import ?? conditions.node ?? conditions.default;
  }
  return typeof target === 'string' ? join(dirname(manifestPath), target) : undefined;
}

/** One registration of tsx's hooks per thread (registering again would stack a second loader). */
const registrations = new Map<string, Promise<void>>();

function registerTsx(api: string): Promise<void> {
  let registration = registrations.get(api);
  if (registration === undefined) {
    registration = import(pathToFileURL(api).href).then((module: { register: () => unknown }) => {
      module.register();
    });
    registrations.set(api, registration);
  }
  return registration;
}

/** The line a user sees when a TypeScript model cannot be loaded on this runtime. */
export function typeScriptUnavailable(modulePath: string): string {
  return (
    `${modulePath} is TypeScript, which Node ${process.version} does not load by itself: install tsx in your project ` +
    `(npm install --save-dev tsx), or run Node ≥ 22.18, or write the model as JavaScript (.mjs) or a JSON spec`
  );
}

/** Imports the module at `url` (a file URL), loading TypeScript as described above. */
export async function importModelModule(url: string, place: string): Promise<Record<string, unknown>> {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (TYPESCRIPT.test(path)) {
    const loader = typeScriptLoader(runtimeFacts(path));
    if (loader === undefined) throw new Error(`${place}: ${typeScriptUnavailable(path)}`);
    if (loader !== 'as-is') await registerTsx(loader.tsx);
  }
  return (await import(url)) as Record<string, unknown>;
}
