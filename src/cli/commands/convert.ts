import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { readJsonFile, requireFile } from '../json-file.js';
import { stanProgramSpec } from '../load-model.js';
import { SpecError, formatIssue } from '../../language/json/errors.js';
import { specToStan } from '../../language/stan/to-stan.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { convertCommand } from './specs.js';

/**
 * `leapfrog convert <model> [--out file]`: a Stan program as the JSON spec it runs as (the
 * lowering every command uses), or a JSON spec as a Stan program. What has no form on the
 * other side is refused with its place (a line and column, or a JSON path).
 */
export async function runConvert(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(convertCommand, argv);
  if (printHelpIfAsked(convertCommand, parsed)) return { exitCode: 0 };
  const modelPath = parsed.positionals[0]!;
  requireFile(modelPath, 'model file');
  const extension = extname(modelPath).toLowerCase();
  let text: string;
  if (extension === '.stan') {
    text = `${JSON.stringify(stanProgramSpec(readFileSync(modelPath, 'utf8'), modelPath), null, 2)}\n`;
  } else if (extension === '.json') {
    try {
      text = specToStan(readJsonFile(modelPath, 'model file'));
    } catch (error) {
      if (error instanceof SpecError) throw new CliError(`${modelPath}: ${formatIssue(error.issues[0]!)}${error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : ''}`);
      throw error;
    }
  } else {
    throw new CliError(`model file '${modelPath}' must be a Stan program (.stan) or a JSON spec (.json)`, 2);
  }
  const out = parsed.options.out;
  if (out === undefined) return { exitCode: 0, stdout: text };
  if (existsSync(out) && parsed.options.overwrite !== true) throw new CliError(`'${out}' exists; give --overwrite to replace it`);
  writeFileSync(out, text);
  return { exitCode: 0, stderr: `wrote ${out}\n` };
}
