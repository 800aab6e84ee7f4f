import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Clock } from './measure.js';
import { formatSection } from './report.js';
import type { BenchContext, SectionResult } from './section.js';
import { sections } from './sections/index.js';

// `npm run bench [-- options]`: runs the benchmark sections and prints one table per
// section, or with --json one JSON object on stdout (progress goes to stderr either way).
// Exits with status 1 when a correctness check of a section fails.

const USAGE = `usage: npm run bench -- [--json] [--only <section>[,<section>...]] [--models <id>[,<id>...]]
                          [--min-time <seconds>] [--clock thread|cpu|wall] [--stan]
  --stan        also run the stan section: rstan and leapfrog side by side on every sampling model
  --json        print the figures as one JSON object on stdout, nothing else
  --only        run only these sections (${sections.map((s) => s.id).join(', ')}); without it, the
                sections that run by default (${sections.filter((s) => s.byDefault !== false).map((s) => s.id).join(', ')})
  --models      only these benchmark models (bench/README.md; e.g. logistic_regression,varying_intercepts)
  --min-time    timed seconds per measurement (default 0.3)
  --clock       thread (default): on-CPU time of the main thread (Linux; elsewhere wall time),
                which neither a busy machine nor V8's background JIT and GC threads disturb;
                cpu: CPU time of the whole process (background threads included); wall: elapsed`;

interface Options {
  readonly json: boolean;
  readonly only: readonly string[] | null;
  readonly models: readonly string[] | null;
  readonly minSeconds: number;
  readonly clock: Clock;
  /** Set in the child processes that measure one model of a per-model section. */
  readonly child: boolean;
}

function parseArguments(argv: readonly string[]): Options {
  let json = false;
  let only: string[] | null = null;
  let models: string[] | null = null;
  let minSeconds = 0.3;
  let clock: Clock = 'thread';
  let child = false;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === '--json') json = true;
    else if (arg === '--stan') only = [...(only ?? []), 'stan'];
    else if (arg === '--only') {
      only = [...(only ?? []), ...(argv[++k] ?? '').split(',').filter((s) => s !== '')];
      const unknown = only.filter((id) => !sections.some((s) => s.id === id));
      if (only.length === 0 || unknown.length > 0) {
        throw new Error(`bench: --only names ${unknown.length ? unknown.join(', ') : 'no section'}; sections are ${sections.map((s) => s.id).join(', ')}`);
      }
    } else if (arg === '--models') {
      models = (argv[++k] ?? '').split(',').filter((s) => s !== '');
      if (models.length === 0) throw new Error('bench: --models needs a comma-separated list of benchmark model ids (bench/README.md)');
    } else if (arg === '--min-time') {
      minSeconds = Number(argv[++k]);
      if (!(minSeconds > 0)) throw new Error(`bench: --min-time is ${argv[k]}, but must be a positive number of seconds`);
    } else if (arg === '--clock') {
      const value = argv[++k];
      if (value !== 'wall' && value !== 'cpu' && value !== 'thread') throw new Error(`bench: --clock is ${value}, but must be thread, cpu or wall`);
      clock = value;
    } else if (arg === '--child') {
      child = true;
    } else if (arg === '--help' || arg === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`bench: unknown argument '${arg}'`);
  }
  return { json, only, models, minSeconds, clock, child };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    // A wrong argument: the message and the usage, not a stack trace.
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const context: BenchContext = {
    timing: { minSeconds: options.minSeconds, clock: options.clock },
    log: (message) => process.stderr.write(`${message}\n`),
    ...(options.models === null ? {} : { models: options.models }),
  };
  const chosen = sections.filter((s) => (options.only === null ? s.byDefault !== false : options.only.includes(s.id)));
  const results: Record<string, { title: string } & SectionResult> = {};
  for (const section of chosen) {
    context.log(`bench: ${section.title}`);
    const result = section.models !== undefined && !options.child ? runModelsApart(section, options, context) : await section.run(context);
    results[section.id] = { title: section.title, ...result };
    if (!options.json) process.stdout.write(`\n${formatSection(section.title, result)}\n`);
  }
  const machine = { node: process.version, platform: process.platform, arch: process.arch, cpu: cpus()[0]?.model ?? 'unknown' };
  if (options.json) {
    const figures = Object.fromEntries(
      Object.entries(results).map(([id, r]) => [id, { title: r.title, columns: r.columns, rows: r.rows, notes: r.notes, failures: r.failures }]),
    );
    process.stdout.write(`${JSON.stringify({ machine, timing: context.timing, sections: figures }, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${machine.node} on ${machine.cpu} (${machine.platform}/${machine.arch})\n`);
  }
  if (Object.values(results).some((r) => r.failures.length > 0)) process.exitCode = 1;
}

/**
 * Runs each model of a per-model section in a child process of its own and joins their rows.
 * In one long process V8's optimised code for the shared library functions carries the type
 * feedback of every model measured before: the same gradient measured 1x to 8x slower from
 * run to run depending on which models came first (hand-written loops 2x). A fresh process
 * per model, as a user's `leapfrog sample` is, gives repeatable figures.
 */
function runModelsApart(section: (typeof sections)[number], options: Options, context: BenchContext): SectionResult {
  const ids = section.models!.filter((id) => options.models === null || options.models.includes(id));
  const script = fileURLToPath(import.meta.url);
  let columns: SectionResult['columns'] = [];
  const notes: string[] = [];
  const rows: SectionResult['rows'][number][] = [];
  const failures: string[] = [];
  for (const id of ids) {
    const args = [...process.execArgv, script, '--json', '--child', '--only', section.id, '--models', id, '--min-time', String(options.minSeconds), '--clock', options.clock];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    let part: SectionResult | undefined;
    try {
      part = (JSON.parse(child.stdout) as { sections: Record<string, SectionResult> }).sections[section.id];
    } catch {
      part = undefined;
    }
    if (part === undefined) {
      failures.push(`${section.id} ${id}: the measuring process exited with ${child.status ?? child.signal} and no figures`);
      continue;
    }
    if (columns.length === 0) columns = part.columns;
    // Shared notes once; a model's own (targets, convergence) in turn.
    for (const note of part.notes) if (!notes.includes(note)) notes.push(note);
    rows.push(...part.rows);
    failures.push(...part.failures);
  }
  context.log(`bench: ${section.id}: ${ids.length} model(s) measured, one process each`);
  return { columns, rows, notes: [...notes, 'Each model was measured in a process of its own.'], failures };
}

void main();
