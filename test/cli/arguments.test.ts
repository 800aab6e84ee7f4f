import { describe, expect, it } from 'vitest';
import { choiceOption, commandHelp, integerOption, numberOption, parseCommandLine, textOption } from '../../src/cli/arguments.js';
import { closestName, editDistance } from '../../src/cli/cli-error.js';
import { failureLine } from '../../src/cli/main.js';

const command = {
  name: 'sample',
  summary: 'Samples.',
  positionals: ['model'],
  options: {
    chains: integerOption('number of chains', 1),
    'adapt-delta': numberOption('target acceptance', 0, 1),
    method: choiceOption('sampler', ['nuts', 'hmc'] as const),
    out: textOption('output directory', 'dir'),
    report: { kind: 'flag', help: 'write a report' },
  },
} as const;

describe('parseCommandLine', () => {
  it('reads positionals, --name value, --name=value and flags, typed', () => {
    const parsed = parseCommandLine(command, ['m.json', '--chains', '3', '--adapt-delta=0.9', '--method', 'hmc', '--report', '--out', 'o']);
    expect(parsed.positionals).toEqual(['m.json']);
    expect(parsed.options).toEqual({ chains: 3, 'adapt-delta': 0.9, method: 'hmc', report: true, out: 'o' });
    expect(parsed.help).toBe(false);
  });

  it('accepts a negative number as a value', () => {
    expect(() => parseCommandLine(command, ['m', '--chains', '-1'])).toThrow("--chains is '-1', but must be an integer >= 1");
  });

  it.each([
    [['m', '--chian', '2'], 'leapfrog sample: unknown option --chian; did you mean --chains?'],
    [['m', '--zzz'], 'leapfrog sample: unknown option --zzz; options are --chains, --adapt-delta, --method, --out, --report'],
    [['m', '--chains', '2.5'], "leapfrog sample: --chains is '2.5', but must be an integer >= 1"],
    [['m', '--adapt-delta', '1'], "leapfrog sample: --adapt-delta is '1', but must be a number in (0, 1)"],
    [['m', '--method', 'gibbs'], "leapfrog sample: --method is 'gibbs', but must be one of nuts, hmc"],
    [['m', '--chains'], 'leapfrog sample: --chains needs a value (an integer >= 1)'],
    [['m', '--report=yes'], "leapfrog sample: --report takes no value, but was given 'yes'"],
    [['m', '-c', '2'], "leapfrog sample: '-c' is not an option; options are written --name (e.g. --chains 4)"],
    [[], 'leapfrog sample: missing <model>; usage: leapfrog sample <model> [options]'],
    [['a', 'b'], "leapfrog sample: unexpected argument 'b'; usage: leapfrog sample <model> [options]"],
  ])('%j fails with one line: %s', (argv, message) => {
    expect(() => parseCommandLine(command, argv)).toThrow(message);
    try {
      parseCommandLine(command, argv);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('answers --help without demanding the positionals', () => {
    expect(parseCommandLine(command, ['--help']).help).toBe(true);
    expect(commandHelp(command)).toContain('--adapt-delta <n>');
    expect(commandHelp(command)).toContain('--method nuts|hmc');
  });
});

describe('typo suggestions', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('chian', 'chain')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only close names', () => {
    expect(closestName('sampel', ['sample', 'summary'])).toBe('sample');
    expect(closestName('xyzzy', ['sample', 'summary'])).toBeUndefined();
  });
});

describe('failureLine', () => {
  it('prefixes the command once, also when the API error already names the function', () => {
    expect(failureLine('sample', new Error('sample: inits holds 3 positions, but there are 4 chains'))).toBe(
      'leapfrog sample: inits holds 3 positions, but there are 4 chains',
    );
    expect(failureLine('sample', new Error('data file x.json does not exist\nmore'))).toBe('leapfrog sample: data file x.json does not exist');
    expect(failureLine('vi', new Error('sample: something'))).toBe('leapfrog vi: sample: something');
    expect(failureLine(undefined, new Error('boom'))).toBe('leapfrog: boom');
    expect(failureLine('sample', new Error('leapfrog sample: --chains is 0'))).toBe('leapfrog sample: --chains is 0');
  });
});
