import { type CommandSpec, type OptionTable, usageLine } from './arguments.js';
import { CliError, closestName } from './cli-error.js';
import type { CommandResult } from './commands/command.js';
import {
  checkCommand,
  compareCommand,
  convertCommand,
  diagnoseCommand,
  functionsCommand,
  generateCommand,
  laplaceCommand,
  looCommand,
  optimizeCommand,
  pathfinderCommand,
  sampleCommand,
  summaryCommand,
  viCommand,
} from './commands/specs.js';
import { packageVersion } from './version.js';

/**
 * The `leapfrog` command line. `main` never throws: a user's mistake (CliError) and any other
 * failure become one line on stderr, `leapfrog <command>: <what went wrong>`, and a non-zero
 * exit code; the stack trace is printed only when LEAPFROG_DEBUG is set (non-empty).
 */

type Runner = (argv: readonly string[]) => Promise<CommandResult>;

/** Each command's spec, and its runner, imported when the command runs (see commands/specs.ts). */
const commands: Readonly<Record<string, { readonly spec: CommandSpec<OptionTable>; readonly load: () => Promise<Runner> }>> = {
  sample: { spec: sampleCommand, load: async () => (await import('./commands/sample.js')).runSample },
  vi: { spec: viCommand, load: async () => (await import('./commands/vi.js')).runVi },
  check: { spec: checkCommand, load: async () => (await import('./commands/check.js')).runCheck },
  compare: { spec: compareCommand, load: async () => (await import('./commands/compare.js')).runCompare },
  summary: { spec: summaryCommand, load: async () => (await import('./commands/summary.js')).runSummary },
  convert: { spec: convertCommand, load: async () => (await import('./commands/convert.js')).runConvert },
  generate: { spec: generateCommand, load: async () => (await import('./commands/generate.js')).runGenerate },
  loo: { spec: looCommand, load: async () => (await import('./commands/loo.js')).runLoo },
  optimize: { spec: optimizeCommand, load: async () => (await import('./commands/optimize.js')).runOptimize },
  laplace: { spec: laplaceCommand, load: async () => (await import('./commands/laplace.js')).runLaplace },
  pathfinder: { spec: pathfinderCommand, load: async () => (await import('./commands/pathfinder.js')).runPathfinder },
  diagnose: { spec: diagnoseCommand, load: async () => (await import('./commands/diagnose.js')).runDiagnose },
  functions: { spec: functionsCommand, load: async () => (await import('./commands/functions.js')).runFunctions },
};

const commandNames = Object.keys(commands);

export function usage(): string {
  const usages = commandNames.map((name) => usageLine(commands[name]!.spec));
  const width = Math.max(...usages.map((line) => line.length));
  const lines = commandNames.map((name, index) => `  ${usages[index]!.padEnd(width)}  ${commands[name]!.spec.summary}`);
  return ['leapfrog: Bayesian inference from the command line', '', 'usage:', ...lines, '', "'leapfrog <command> --help' lists a command's options; 'leapfrog --version' prints the version."].join('\n');
}

/** The one line printed for a failure (the first line of its message, prefixed by the command). */
export function failureLine(command: string | undefined, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]!.trim() || (error instanceof Error ? error.name : 'unknown error');
  if (first.startsWith('leapfrog')) return first;
  if (command === undefined) return `leapfrog: ${first}`;
  // The API's errors name their function ("sample: inits[2] has length 3, ..."); under the
  // command of the same name that word is said once, not "leapfrog sample: sample: ...".
  const own = `${command}: `;
  return `leapfrog ${command}: ${first.startsWith(own) ? first.slice(own.length) : first}`;
}

async function dispatch(argv: readonly string[]): Promise<CommandResult> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new CliError(`leapfrog: missing command; commands are ${commandNames.join(', ')} ('leapfrog --help' for usage)`, 2);
  if (name === '--help' || name === '-h' || name === 'help') return { exitCode: 0, stdout: `${usage()}\n` };
  if (name === '--version' || name === '-v') return { exitCode: 0, stdout: `${packageVersion()}\n` };
  if (!Object.hasOwn(commands, name)) {
    const suggestion = closestName(name, commandNames);
    throw new CliError(`leapfrog: unknown command '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} (commands: ${commandNames.join(', ')})`, 2);
  }
  const run = await commands[name]!.load();
  return run(rest);
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const result = await dispatch(argv);
    if (result.stdout !== undefined) process.stdout.write(result.stdout);
    if (result.stderr !== undefined) process.stderr.write(result.stderr);
    return result.exitCode;
  } catch (error) {
    process.stderr.write(`${failureLine(argv[0], error)}\n`);
    if ((process.env.LEAPFROG_DEBUG ?? '') !== '' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
