import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureTogether } from '../bench/measure.js';

// Gradient cost of every bench model (examples/bench/*.json through compileSpec) under this
// checkout and under another checkout of leapfrog (a git worktree of an older commit), in
// ONE process, their batches interleaved so that the machine's load affects both alike:
//
//   npx tsx scripts/compare-bench-gradients.ts <other checkout> [--min-time seconds]
//
// Used to check that a change to the densities does not slow the models down. Both
// versions get the same data and the same seeded point; the log densities must agree.

interface Compiled {
  readonly dim: number;
  logDensityAndGradient(theta: Float64Array): { logDensity: number; gradient: Float64Array };
}
type CompileSpec = (spec: unknown, data: unknown) => Compiled;

const dataFiles: Record<string, string> = {
  eight_schools_noncentered: 'eight_schools.json',
  eight_schools_centered: 'eight_schools.json',
};

async function compilerOf(root: string): Promise<CompileSpec> {
  const module = (await import(pathToFileURL(join(root, 'src/language/json/compile.ts')).href)) as { compileSpec: CompileSpec };
  return module.compileSpec;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const other = args[0];
  if (other === undefined) throw new Error('usage: tsx scripts/compare-bench-gradients.ts <other checkout> [--min-time seconds]');
  const minIndex = args.indexOf('--min-time');
  const minSeconds = minIndex >= 0 ? Number(args[minIndex + 1]) : 0.5;
  const here = resolve(new URL('..', import.meta.url).pathname);
  const [mine, theirs] = [await compilerOf(here), await compilerOf(resolve(other))];
  const bench = join(here, 'examples/bench');
  console.log('model | other µs | this µs | this/other');
  for (const file of readdirSync(bench).filter((f) => f.endsWith('.json')).sort()) {
    const id = file.slice(0, -5);
    const spec = JSON.parse(readFileSync(join(bench, file), 'utf8'));
    const data = JSON.parse(readFileSync(join(bench, 'data', dataFiles[id] ?? file), 'utf8'));
    const a = theirs(spec, data);
    const b = mine(spec, data);
    const theta = Float64Array.from({ length: a.dim }, (_, i) => 0.3 * Math.sin(i + 1));
    const va = a.logDensityAndGradient(theta).logDensity;
    const vb = b.logDensityAndGradient(theta).logDensity;
    if (Math.abs(va - vb) > 1e-9 * Math.max(1, Math.abs(va))) throw new Error(`${id}: log densities differ: ${va} vs ${vb}`);
    const [ta, tb] = measureTogether([() => a.logDensityAndGradient(theta), () => b.logDensityAndGradient(theta)], { minSeconds, clock: 'thread' });
    console.log(`${id} | ${ta!.microsPerCall.toFixed(2)} | ${tb!.microsPerCall.toFixed(2)} | ${(tb!.microsPerCall / ta!.microsPerCall).toFixed(3)}`);
  }
}

await main();
