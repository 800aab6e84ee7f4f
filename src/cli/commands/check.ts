import { checkSpec, type SpecCheck, type SpecQuantity } from '../../language/json/check.js';
import { compileSpec } from '../../language/json/compile.js';
import { checkStan, compileStan } from '../../language/stan/compile.js';
import type { ResourceLimits } from '../../models/api/limits.js';
import type { CompiledModel } from '../../models/model.js';
import { checkInitialPoints } from '../initial-points.js';
import { parseLimitsOption } from '../limits-option.js';
import type { QuantityInfo } from '../../models/api/compile.js';
import { parseCommandLine } from '../arguments.js';
import { formatIssuePath, readModelInput, warningLine } from '../load-model.js';
import { compileExport, isModelDefinition } from '../../models/model-export.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { checkCommand } from './specs.js';

/**
 * `leapfrog check <model> [--data file]`: validates a model (and its data) without sampling.
 * Problems are listed one per line with their JSON path (spec) or data path (module); a valid
 * model prints its parameter table: names, declared types (shape and constraint) and how many
 * unconstrained coordinates each takes, then the total, the sampler's dimension. When the
 * model is complete (data given, or none needed), it is also evaluated as `sample` starts:
 * log density and gradient at each chain's initial point, and the first outputs.
 */

interface TableRow {
  readonly name: string;
  readonly block: string;
  readonly type: string;
  readonly unconstrained: string;
}

function formatTable(rows: readonly TableRow[], dimension: number | null): string {
  const cells = [['quantity', 'block', 'type', 'unconstrained'], ...rows.map((row) => [row.name, row.block, row.type, row.unconstrained])];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const lines = cells.map((line) => line.map((cell, column) => (column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd());
  return `${lines.join('\n')}\n\nUnconstrained dimension: ${dimension ?? '? (give --data to fix the sizes)'}`;
}

function specRows(quantities: readonly SpecQuantity[]): TableRow[] {
  return quantities.map((quantity) => ({
    name: quantity.name,
    block: quantity.block.replace('_', ' '),
    type: quantity.type,
    unconstrained: quantity.block === 'parameters' ? String(quantity.unconstrainedSize ?? '?') : '-',
  }));
}

function moduleRows(info: readonly QuantityInfo[]): TableRow[] {
  const blockNames = { parameters: 'parameters', transformedParameters: 'transformed parameters', generatedQuantities: 'generated quantities' } as const;
  return info.map((quantity) => {
    const shape = `[${quantity.shape.join(',')}]`;
    const declared = quantity.declaration ?? (quantity.shape.length === 0 ? 'real' : `shape ${shape}`);
    const type = quantity.shape.length > 0 && !declared.includes(shape) ? `${declared}, shape ${shape}` : declared;
    return { name: quantity.name, block: blockNames[quantity.block], type, unconstrained: quantity.block === 'parameters' ? String(quantity.unconstrainedSize) : '-' };
  });
}

type IssueLike = { readonly path: readonly unknown[] | string; readonly message: string };

function issueLines(place: string, issues: readonly IssueLike[]): string {
  const lines = issues.map((issue) => {
    const path = typeof issue.path === 'string' ? issue.path : formatIssuePath(issue.path);
    return path !== '' && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
  });
  return `${place}: ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** The initial-point check of a compiled model, as the closing lines of the report, and whether it passed. */
function initialPointText(model: CompiledModel): { ok: boolean; text: string } {
  const { reports, problems } = checkInitialPoints(model);
  if (problems.length > 0) return { ok: false, text: `sampling would fail at its start:\n${problems.map((line) => `  ${line}`).join('\n')}\n` };
  return { ok: true, text: `\nInitial points (as sample draws them, seed 0):\n${reports.map((line) => `  ${line}`).join('\n')}\n` };
}

/** How a spec (or a Stan program, lowered to one) is checked and compiled: the spec's own functions, or the Stan front end's with messages at lines and columns. */
interface SpecRoute {
  readonly check: (data: unknown, options: { limits?: ResourceLimits }) => SpecCheck;
  readonly compile: (data: unknown, options: { limits?: ResourceLimits; warn?: () => void }) => CompiledModel;
}

function checkSpecInput(place: string, route: SpecRoute, data: unknown, limits: ResourceLimits | undefined): CommandResult {
  const options = limits === undefined ? {} : { limits };
  const result = route.check(data, options);
  if (!result.ok) return { exitCode: 1, stderr: issueLines(place, result.issues.map((issue) => ('line' in issue ? { path: '', message: issue.message } : issue))) };
  const rows = specRows(result.quantities);
  const sizes = result.quantities.filter((quantity) => quantity.block === 'parameters').map((quantity) => quantity.unconstrainedSize);
  const dimension = sizes.some((size) => size === null) ? null : sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
  const table = `${formatTable(rows, dimension)}\n`;
  const warnings = warningLines(place, result.warnings);
  if (dimension === null) return { exitCode: 0, stdout: `${place}: OK\n\n${table}`, ...warnings };
  // Complete (every size known): compiled again (its warnings were listed), for the model itself, and started as sample would.
  const initial = initialPointText(route.compile(data ?? {}, { ...options, warn: () => {} }));
  if (!initial.ok) return { exitCode: 1, stdout: `${place}: the spec and data check out\n\n${table}`, stderr: `${warnings.stderr ?? ''}${place}: ${initial.text}` };
  return { exitCode: 0, stdout: `${place}: OK\n\n${table}${initial.text}`, ...warnings };
}

/** A valid model's warnings, one per line (a Stan program's at their lines and columns, with the line shown), on standard error. */
function warningLines(place: string, warnings: readonly IssueLike[]): { stderr?: string } {
  if (warnings.length === 0) return {};
  const lines = warnings.map(warningLine);
  return { stderr: `${place}: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n${lines.map((line) => `  ${line}`).join('\n')}\n` };
}

export async function runCheck(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(checkCommand, argv);
  if (printHelpIfAsked(checkCommand, parsed)) return { exitCode: 0 };
  const modelPath = parsed.positionals[0]!;
  const limits = parseLimitsOption('check', parsed.options.limits);
  const input = await readModelInput(modelPath, parsed.options.data);
  const place = `${modelPath}${input.dataFile === undefined ? '' : ` with data ${input.dataFile}`}`;
  if (input.kind === 'spec') {
    const stan = input.stanSource;
    const fileName = modelPath;
    const route: SpecRoute =
      stan === undefined
        ? { check: (data, options) => checkSpec(input.definition, data, options), compile: (data, options) => compileSpec(input.definition, data, options) }
        : { check: (data, options) => checkStan(stan, data, { ...options, fileName, name: input.name }), compile: (data, options) => compileStan(stan, data, { ...options, fileName, name: input.name }) };
    return checkSpecInput(place, route, input.data, limits);
  }
  let model: CompiledModel;
  try {
    model = compileExport(input.definition, input.data, modelPath, limits);
  } catch (error) {
    const issues = (error as { issues?: readonly IssueLike[] }).issues;
    if (Array.isArray(issues) && issues.length > 0) return { exitCode: 1, stderr: issueLines(place, issues) };
    return { exitCode: 1, stderr: `${place}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n` };
  }
  const info = (model as { parameterInfo?: readonly QuantityInfo[] }).parameterInfo;
  const table = info !== undefined ? formatTable(moduleRows(info), model.dim) : `Unconstrained dimension: ${model.dim}\nOutputs: ${model.outputNames.join(', ')}`;
  const header = `${place}: OK${isModelDefinition(input.definition) ? '' : ' (a compiled model: no declarations to list)'}\n\n${table}\n`;
  if (model.dim < 1) return { exitCode: 0, stdout: header };
  const initial = initialPointText(model);
  if (!initial.ok) return { exitCode: 1, stdout: header, stderr: `${place}: ${initial.text}` };
  return { exitCode: 0, stdout: `${header}${initial.text}` };
}
