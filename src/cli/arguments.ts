import { CliError, closestName } from './cli-error.js';

/**
 * A small command-line parser: each command declares its positional arguments and a table of
 * options; one declaration gives the parser, the value types and the help text. Accepts
 * `--name value` and `--name=value`; every mistake becomes a one-line CliError that names the
 * option, the value and the rule, with a suggestion for a misspelt option.
 */

export type OptionSpec =
  | { readonly kind: 'integer'; readonly minimum: number; readonly help: string }
  | { readonly kind: 'number'; readonly above: number; readonly below: number; readonly help: string }
  | { readonly kind: 'choice'; readonly choices: readonly string[]; readonly help: string }
  | { readonly kind: 'text'; readonly placeholder: string; readonly help: string }
  | { readonly kind: 'flag'; readonly help: string };

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type OptionValue<S extends OptionSpec> = S extends { kind: 'integer' | 'number' }
  ? number
  : S extends { kind: 'choice'; choices: readonly (infer C)[] }
    ? C
    : S extends { kind: 'flag' }
      ? boolean
      : string;

export type ParsedOptions<T extends OptionTable> = { readonly [K in keyof T]?: OptionValue<T[K]> };

export interface CommandSpec<T extends OptionTable> {
  readonly name: string;
  readonly summary: string;
  /** Names of the required positional arguments, in order (`model`). */
  readonly positionals: readonly string[];
  /** Names of optional positional arguments after the required ones (`functions [name]`). */
  readonly optionalPositionals?: readonly string[];
  readonly options: T;
}

export interface ParsedCommandLine<T extends OptionTable> {
  readonly positionals: readonly string[];
  readonly options: ParsedOptions<T>;
  /** --help or -h was given. */
  readonly help: boolean;
}

export const integerOption = (help: string, minimum: number) => ({ kind: 'integer', minimum, help }) as const;
export const numberOption = (help: string, above: number, below: number) => ({ kind: 'number', above, below, help }) as const;
export const textOption = (help: string, placeholder: string) => ({ kind: 'text', placeholder, help }) as const;
export const choiceOption = <const C extends readonly string[]>(help: string, choices: C) => ({ kind: 'choice', choices, help }) as const;

function describeRule(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'integer':
      return `an integer >= ${spec.minimum}`;
    case 'number':
      return `a number in (${spec.above}, ${spec.below})`;
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'text':
      return `a ${spec.placeholder}`;
    case 'flag':
      return 'given without a value';
  }
}

function convert(command: string, name: string, spec: OptionSpec, text: string): string | number | boolean {
  const fail = (): never => {
    throw new CliError(`leapfrog ${command}: --${name} is '${text}', but must be ${describeRule(spec)}`, 2);
  };
  switch (spec.kind) {
    case 'integer': {
      const value = Number(text);
      if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < spec.minimum) fail();
      return value;
    }
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || !(value > spec.above && value < spec.below)) fail();
      return value;
    }
    case 'choice':
      if (!spec.choices.includes(text)) fail();
      return text;
    case 'text':
      if (text === '') fail();
      return text;
    case 'flag':
      return fail();
  }
}

function unknownOption(command: CommandSpec<OptionTable>, name: string): CliError {
  const known = Object.keys(command.options);
  const suggestion = closestName(name, known);
  const hint = suggestion !== undefined ? `; did you mean --${suggestion}?` : known.length > 0 ? `; options are ${known.map((option) => `--${option}`).join(', ')}` : '; it takes no options';
  return new CliError(`leapfrog ${command.name}: unknown option --${name}${hint}`, 2);
}

/** Parses `argv` (the words after the command name) against `command`. */
export function parseCommandLine<T extends OptionTable>(command: CommandSpec<T>, argv: readonly string[]): ParsedCommandLine<T> {
  const positionals: string[] = [];
  const options: Record<string, string | number | boolean> = {};
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    if (!word.startsWith('--')) throw new CliError(`leapfrog ${command.name}: '${word}' is not an option; options are written --name (e.g. --chains 4)`, 2);
    const equals = word.indexOf('=');
    const name = word.slice(2, equals < 0 ? undefined : equals);
    const spec = Object.hasOwn(command.options, name) ? command.options[name] : undefined;
    if (spec === undefined) throw unknownOption(command, name);
    if (spec.kind === 'flag') {
      if (equals >= 0) throw new CliError(`leapfrog ${command.name}: --${name} takes no value, but was given '${word.slice(equals + 1)}'`, 2);
      options[name] = true;
      continue;
    }
    let text: string;
    if (equals >= 0) text = word.slice(equals + 1);
    else {
      if (index + 1 >= argv.length || argv[index + 1]!.startsWith('--')) {
        throw new CliError(`leapfrog ${command.name}: --${name} needs a value (${describeRule(spec)})`, 2);
      }
      index += 1;
      text = argv[index]!;
    }
    options[name] = convert(command.name, name, spec, text);
  }
  if (!help) checkPositionals(command, positionals);
  return { positionals, options: options as ParsedOptions<T>, help };
}

function checkPositionals(command: CommandSpec<OptionTable>, positionals: readonly string[]): void {
  const usage = `usage: ${usageLine(command)}`;
  if (positionals.length < command.positionals.length) {
    throw new CliError(`leapfrog ${command.name}: missing <${command.positionals[positionals.length]}>; ${usage}`, 2);
  }
  const most = command.positionals.length + (command.optionalPositionals?.length ?? 0);
  if (positionals.length > most) {
    throw new CliError(`leapfrog ${command.name}: unexpected argument '${positionals[most]}'; ${usage}`, 2);
  }
}

export function usageLine(command: CommandSpec<OptionTable>): string {
  const positionals = [...command.positionals.map((name) => `<${name}>`), ...(command.optionalPositionals ?? []).map((name) => `[${name}]`)].join(' ');
  const options = Object.keys(command.options).length > 0 ? ' [options]' : '';
  return `leapfrog ${command.name} ${positionals}${options}`;
}

/** The help text of a command: usage, summary and one line per option. */
export function commandHelp(command: CommandSpec<OptionTable>): string {
  const rows = Object.entries(command.options).map(([name, spec]) => {
    const value = spec.kind === 'flag' ? '' : spec.kind === 'choice' ? ` ${spec.choices.join('|')}` : spec.kind === 'text' ? ` <${spec.placeholder}>` : ' <n>';
    return [`--${name}${value}`, spec.help] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  const lines = rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  return [`usage: ${usageLine(command)}`, '', command.summary, ...(lines.length > 0 ? ['', 'options:', ...lines] : [])].join('\n');
}
