// The one module of leapfrog that turns source text into functions (the compiled-gradients
// issue's rule; a test fails if any other module does). Everything it is given is
// assembled by leapfrog's generators from their own templates, identifiers they make
// (v0, t3, ...) and numbers written by formatNumber; users' strings never reach it: names,
// data and spec text stay outside, and data arrays come in as arguments.
//
// Where functions cannot be made from source — a Content-Security-Policy without
// 'unsafe-eval' makes `new Function` throw — or where the jitless setting asks, it returns
// null, and every caller falls back to the interpreter (zod 4's `jitless` works the same way).

let available: boolean | undefined;
let jitless = readEnvironmentFlag('LEAPFROG_JITLESS') === true;
let wasm = readEnvironmentFlag('LEAPFROG_WASM') !== false;

/** An environment variable as a boolean: '1'/'true' or '0'/'false'; undefined otherwise. */
function readEnvironmentFlag(name: string): boolean | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : undefined;
}

/** leapfrog's engine settings (see configure). */
export interface EngineSettings {
  readonly jitless: boolean;
  readonly wasm: boolean;
}

/**
 * leapfrog-wide settings. `jitless: true` makes every op and model run on the interpreter
 * (no functions made from source); the default follows the LEAPFROG_JITLESS environment
 * variable. Results of elementwise ops are bit-identical either way; whole-model compiled
 * gradients agree with the interpreter's to rounding (sums fused in another order).
 * `wasm: false` runs the dense kernels (matrix products, GLM densities) in JavaScript rather
 * than WebAssembly SIMD (src/ad/wasm), which they use by default where the engine has it; the
 * default follows LEAPFROG_WASM (0 or false: off). The two agree to rounding.
 */
export function configure(given: Partial<EngineSettings>): void {
  if (given.jitless !== undefined) jitless = given.jitless;
  if (given.wasm !== undefined) wasm = given.wasm;
}

/** The current settings (passed to worker threads, so that they run the same engine). */
export function settings(): EngineSettings {
  return { jitless, wasm };
}

/** Whether the WebAssembly kernels are wanted (they also need the engine to run them). */
export function wasmWanted(): boolean {
  return wasm;
}

/** Whether generated functions can be made here and are wanted. */
export function codeGenerationEnabled(): boolean {
  if (jitless) return false;
  if (available === undefined) {
    try {
      available = new Function('return 1')() === 1;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * A function from generated source: `factory` is called with `context` and returns the
 * function; null where code generation is unavailable or switched off.
 */
export function makeFunction<T>(parameters: readonly string[], body: string, context: readonly unknown[]): T | null {
  if (!codeGenerationEnabled()) return null;
  for (const name of parameters) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`makeFunction: '${name}' is not a generated identifier`);
  }
  const factory = new Function(...parameters, body) as (...args: unknown[]) => T;
  return factory(...context);
}
