import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { builtinDefineProperty, silentDebug } from '../../scripts/build.js';
import { chromiumAvailable, chromiumPath, launchChromium } from '../../scripts/chromium.js';
import { serveStatic } from '../../scripts/serve-static.js';
import type { EngineRun, probeMath as ProbeMath, runSpec as RunSpec, SeedRun, sweepSeeds as SweepSeeds } from '../browser/engine-run.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// leapfrog in Chromium and in Node, in one run (bench/README.md, "Browser"): eight schools and
// logistic regression as JSON specs, NUTS 4 × (1000 + 1000) one chain after another with the
// same seed, the same bundled code (bench/browser/engine-run.ts, built by esbuild) imported by
// Node and loaded by a page of Debian's Chromium served from a local server. Runs alternate
// between the engines; the figure is the median sampling time (compilation apart), and the
// ratio Chromium / Node. Beside it, what holds across engines: whether the draws are the same
// bits, and how far apart the posterior means are in Monte Carlo standard errors; and a probe
// of Math functions at 20,000 arguments each, which says why they differ. One seed says little
// about "the same posterior", so eight schools also runs at SWEEP_SEEDS seeds on both engines:
// every (seed, quantity) gives a z = difference of means / combined MCSE, and if the engines
// sample the same posterior about 5% of them exceed 1.96 in size (more than SWEEP_LIMIT fails;
// the quantities of one seed are correlated, so the fraction's spread is wider than binomial).

type Engines = { readonly node: EngineRun[]; readonly chromium: EngineRun[] };

const root = fileURLToPath(new URL('../../', import.meta.url));
const OPTIONS = { chains: 4, warmup: 1000, draws: 1000, seed: 1 } as const;
const MODELS = [
  { id: 'eight_schools_noncentered', spec: 'examples/bench/eight_schools_noncentered.json', data: 'examples/bench/data/eight_schools.json', runs: 3 },
  { id: 'logistic_regression', spec: 'examples/bench/logistic_regression.json', data: 'examples/bench/data/logistic_regression.json', runs: 2 },
] as const;

const SWEEP_MODEL = MODELS[0];
const SWEEP_SEEDS = Array.from({ length: 20 }, (_, k) => 101 + k);
const SWEEP_LIMIT = 0.15;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

/** The runner bundled into `folder` (engine-run.js) with a page that loads it. */
async function bundle(folder: string): Promise<void> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { 'engine-run': 'bench/browser/engine-run.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    // As dist/ is built (scripts/build.ts): @stdlib's debug logger silenced, so the bundle needs no Node module.
    plugins: [silentDebug, builtinDefineProperty],
    outdir: folder,
    logLevel: 'warning',
  });
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>leapfrog bench</title><script type="module">import * as run from "./engine-run.js"; window.engine = run;</script>\n');
}

/** The first saved draw (chain, draw) whose lp__ differs between two runs, if any. */
function firstDifference(a: EngineRun, b: EngineRun): string {
  for (let chain = 0; chain < a.lp.length; chain++) {
    const index = a.lp[chain]!.findIndex((value, draw) => !Object.is(value, b.lp[chain]![draw]));
    if (index >= 0) return `chain ${chain + 1}, draw ${index + 1}`;
  }
  return 'none';
}

/** |difference of means| / sqrt(mcse_a² + mcse_b²) for every quantity both runs have. */
function meanShifts(a: EngineRun['means'], b: EngineRun['means']): { z: number; name: string }[] {
  const shifts: { z: number; name: string }[] = [];
  for (const [name, x] of Object.entries(a)) {
    const y = b[name];
    if (y !== undefined) shifts.push({ z: Math.abs(x.mean - y.mean) / Math.hypot(x.mcse, y.mcse), name });
  }
  return shifts;
}

/** The largest of `meanShifts`. */
function largestMeanShift(a: EngineRun, b: EngineRun): { z: number; name: string } {
  return meanShifts(a.means, b.means).reduce((worst, shift) => (shift.z > worst.z ? shift : worst), { z: 0, name: '' });
}

/** What the seed sweep shows: same bits at how many seeds, and how the |z| of every (seed, quantity) spread. */
function sweepNotes(node: readonly SeedRun[], chromium: readonly SeedRun[], failures: string[]): string[] {
  const same = node.filter((run, k) => run.fingerprint === chromium[k]!.fingerprint).length;
  const zs = node.flatMap((run, k) => meanShifts(run.means, chromium[k]!.means).map((shift) => shift.z));
  const beyond = zs.filter((z) => z > 1.96).length / zs.length;
  const meanSquare = zs.reduce((sum, z) => sum + z * z, 0) / zs.length;
  if (beyond > SWEEP_LIMIT) failures.push(`${SWEEP_MODEL.id}: over ${node.length} seeds, ${(100 * beyond).toFixed(1)}% of the posterior means differ between Node and Chromium by more than 1.96 MCSE (above ${100 * SWEEP_LIMIT}% fails)`);
  return [
    `Seed sweep, ${SWEEP_MODEL.id}, seeds ${SWEEP_SEEDS[0]}–${SWEEP_SEEDS.at(-1)}, same options: the same bits on both engines at ${same} of ${node.length} seeds; over ${zs.length} (seed, quantity) pairs, |z| > 1.96 for ${(100 * beyond).toFixed(1)}% (about 5% expected if the engines sample the same posterior; above ${100 * SWEEP_LIMIT}% fails), mean z² ${meanSquare.toFixed(2)} (about 1 expected), largest |z| ${Math.max(...zs).toFixed(2)}.`,
  ];
}

function probeNotes(node: ReturnType<typeof ProbeMath>, chromium: ReturnType<typeof ProbeMath>): string[] {
  const parts: string[] = [];
  for (const [name, values] of Object.entries(node)) {
    const other = chromium[name]!;
    let differing = 0;
    let example = '';
    values.values.forEach((value, k) => {
      if (Object.is(value, other.values[k])) return;
      differing += 1;
      if (example === '') example = ` (e.g. ${value} vs ${other.values[k]})`;
    });
    parts.push(differing === 0 ? `${name} same` : `${name} differs at ${differing} of ${values.values.length}${example}`);
  }
  return [`Math functions, Node against Chromium, at 20,000 arguments each: ${parts.join('; ')}.`];
}

async function run(context: BenchContext): Promise<SectionResult> {
  const columns = [
    { key: 'model', header: 'model' },
    { key: 'node', header: 'Node s', format: 'micros' },
    { key: 'chromium', header: 'Chromium s', format: 'micros' },
    { key: 'ratio', header: 'Chromium / Node', format: 'ratio' },
    { key: 'same', header: 'same draws' },
    { key: 'first', header: 'first different lp__' },
    { key: 'shift', header: 'largest mean shift (MCSE)' },
    { key: 'steps', header: 'step sizes Node | Chromium' },
  ] as const;
  if (!chromiumAvailable()) {
    return { columns, rows: [], notes: [`skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`], failures: [] };
  }
  const folder = join(root, 'out', 'bench-browser');
  context.log('  bundling bench/browser/engine-run.ts');
  await bundle(folder);
  const runner = (await import(pathToFileURL(join(folder, 'engine-run.js')).href)) as { runSpec: typeof RunSpec; sweepSeeds: typeof SweepSeeds; probeMath: typeof ProbeMath };
  const server = await serveStatic(folder);
  const chromium = await launchChromium();
  const rows: Record<string, Cell>[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  try {
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.on('pageerror', (error) => failures.push(`browser page error: ${error.message}`));
    await page.goto(`${server.url}index.html`);
    await page.waitForFunction(() => 'engine' in window);
    const version = chromium.context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
    for (const model of MODELS.filter((candidate) => context.models === undefined || context.models.includes(candidate.id))) {
      const spec = readJson(model.spec);
      const data = readJson(model.data);
      const engines: Engines = { node: [], chromium: [] };
      for (let k = 0; k < model.runs; k++) {
        context.log(`  ${model.id}: run ${k + 1} of ${model.runs}, Node then Chromium`);
        engines.node.push(runner.runSpec(spec, data, { ...OPTIONS }));
        engines.chromium.push(
          await page.evaluate(
            ([s, d, o]) => (window as unknown as { engine: { runSpec: typeof RunSpec } }).engine.runSpec(s, d, o),
            [spec, data, { ...OPTIONS }] as const,
          ),
        );
      }
      const [node, browser] = [engines.node[0]!, engines.chromium[0]!];
      // On one engine the same seed must give the same draws, run after run.
      for (const [name, runs] of Object.entries(engines)) {
        if (runs.some((other) => other.fingerprint !== runs[0]!.fingerprint)) failures.push(`${model.id}: ${name} gave different draws for the same seed`);
      }
      const nodeSeconds = median(engines.node.map((r) => r.sampleSeconds));
      const chromiumSeconds = median(engines.chromium.map((r) => r.sampleSeconds));
      const shift = largestMeanShift(node, browser);
      rows.push({
        model: model.id,
        node: nodeSeconds,
        chromium: chromiumSeconds,
        ratio: chromiumSeconds / nodeSeconds,
        same: node.fingerprint === browser.fingerprint ? 'yes' : 'no',
        first: firstDifference(node, browser),
        shift: `${shift.z.toFixed(2)} (${shift.name})`,
        steps: `${node.stepSizes.map((s) => s.toFixed(3)).join('/')} | ${browser.stepSizes.map((s) => s.toFixed(3)).join('/')}`,
      });
      if (shift.z > 5) failures.push(`${model.id}: the posterior means of Node and Chromium differ by ${shift.z.toFixed(1)} Monte Carlo standard errors (${shift.name})`);
    }
    if (context.models === undefined || context.models.includes(SWEEP_MODEL.id)) {
      context.log(`  ${SWEEP_MODEL.id}: seeds ${SWEEP_SEEDS[0]}–${SWEEP_SEEDS.at(-1)} on Node, then on Chromium`);
      const spec = readJson(SWEEP_MODEL.spec);
      const data = readJson(SWEEP_MODEL.data);
      const sweepOptions = { chains: OPTIONS.chains, warmup: OPTIONS.warmup, draws: OPTIONS.draws };
      const nodeSweep = runner.sweepSeeds(spec, data, sweepOptions, SWEEP_SEEDS);
      const chromiumSweep = await page.evaluate(
        ([s, d, o, seeds]) => (window as unknown as { engine: { sweepSeeds: typeof SweepSeeds } }).engine.sweepSeeds(s, d, o, seeds),
        [spec, data, sweepOptions, SWEEP_SEEDS] as const,
      );
      notes.push(...sweepNotes(nodeSweep, chromiumSweep, failures));
    }
    const nodeProbe = runner.probeMath();
    const chromiumProbe = await page.evaluate(() => (window as unknown as { engine: { probeMath: typeof ProbeMath } }).engine.probeMath());
    notes.push(...probeNotes(nodeProbe, chromiumProbe));
    notes.push(
      `Node ${process.version} (V8 ${process.versions.v8}) against Chromium ${version}; NUTS ${OPTIONS.chains} × (${OPTIONS.warmup} + ${OPTIONS.draws}), seed ${OPTIONS.seed}, chains one after another on one thread (the page's main thread; Node's main thread); median sampling seconds over the runs, compilation apart; runs alternate between the engines.`,
      'same draws: every draw bit for bit; else the first saved draw whose lp__ differs, and the largest difference of a posterior mean between the engines in units of sqrt(MCSE_node² + MCSE_chromium²) (about |z|; above 5 fails).',
    );
  } finally {
    await chromium.close();
    await server.close();
  }
  return { columns, rows, notes, failures };
}

export const browserSection: BenchSection = { id: 'browser', title: 'Chromium against Node: eight schools and logistic regression', run };
