import { type CommandSpec, commandHelp, type OptionTable, type ParsedCommandLine } from '../arguments.js';

/** What a command hands back to main: its exit code and the text for stdout and stderr. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

/** Prints the command's help when --help was given; true if it did. */
export function printHelpIfAsked<T extends OptionTable>(command: CommandSpec<T>, parsed: ParsedCommandLine<T>): boolean {
  if (!parsed.help) return false;
  process.stdout.write(`${commandHelp(command)}\n`);
  return true;
}
