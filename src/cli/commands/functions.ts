import { nearestReferenceName, referenceEntryText, referenceIndexText } from '../../language/json/function-reference.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { functionsCommand } from './specs.js';

/**
 * `leapfrog functions [name]`: the names of every function and distribution model specs
 * accept, by chapter, or the usage and description of one (a distribution also by its
 * _lpdf, _lcdf or _rng name). The text comes from the registries, as docs/functions.md does.
 */
export async function runFunctions(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(functionsCommand, argv);
  if (printHelpIfAsked(functionsCommand, parsed)) return { exitCode: 0 };
  const [name] = parsed.positionals;
  if (name === undefined) return { exitCode: 0, stdout: referenceIndexText() };
  const text = referenceEntryText(name);
  if (text !== undefined) return { exitCode: 0, stdout: text };
  const suggestion = nearestReferenceName(name);
  throw new CliError(`leapfrog functions: no function or distribution is named '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} ('leapfrog functions' lists them)`, 1);
}
