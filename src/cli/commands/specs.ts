import { choiceOption, type CommandSpec, integerOption, numberOption, type OptionTable, textOption } from '../arguments.js';
import { LIMITS_HELP } from '../limits-option.js';

/**
 * The commands' arguments and options, apart from the code that runs them, so that the
 * command line parses and prints help without loading the samplers, the spec compiler or the
 * plotting libraries; main imports a command's runner only when it runs.
 */

const dataOption = textOption("JSON data file (default: the module's dataFile export)", 'file.json');
const limitsOption = textOption(LIMITS_HELP, 'name=value,...');
const overwriteOption = { kind: 'flag', help: 'replace an earlier run in the output directory (default: keep it and write to <dir>-2, <dir>-3, ...)' } as const;
const varsOption = textOption('quantities shown in the printed summary and the report, e.g. mu,tau,theta[1:3] (default: all, or for large models the first elements of each and those with warnings; summary.csv has all)', 'names');

export const sampleCommand = {
  name: 'sample',
  summary: 'Samples a model with MCMC, writes one Stan CSV file per chain, summary.csv and report.html, and prints the summary.',
  positionals: ['model'],
  options: {
    data: dataOption,
    method: choiceOption('sampler (default nuts)', ['nuts', 'hmc', 'metropolis'] as const),
    chains: integerOption('number of chains (default 4)', 1),
    parallel: integerOption('worker threads (default: one per chain, at most the number of CPUs)', 1),
    warmup: integerOption('warm-up iterations per chain (default 1000)', 0),
    draws: integerOption('sampling iterations per chain (default 1000)', 1),
    thin: integerOption('keep every n-th draw (default 1)', 1),
    seed: integerOption('random seed (default 0)', 0),
    'adapt-delta': numberOption('target acceptance statistic (default 0.8; 0.234 for metropolis)', 0, 1),
    'max-depth': integerOption('NUTS maximum tree depth (default 10)', 1),
    metric: choiceOption('metric adapted in warm-up (default diag)', ['diag', 'dense'] as const),
    out: textOption('output directory (default out/<model name>)', 'dir'),
    limits: limitsOption,
    overwrite: overwriteOption,
    vars: varsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const viCommand = {
  name: 'vi',
  summary: 'Fits an ADVI approximation (mean-field or full-rank) and writes its draws, summary and report.',
  positionals: ['model'],
  options: {
    data: dataOption,
    method: choiceOption('variational family (default meanfield)', ['meanfield', 'fullrank'] as const),
    draws: integerOption('draws kept from the approximation (default 1000)', 1),
    seed: integerOption('random seed (default 0)', 0),
    out: textOption('output directory (default out/<model name>-vi)', 'dir'),
    limits: limitsOption,
    overwrite: overwriteOption,
    vars: varsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const checkCommand = {
  name: 'check',
  summary: 'Validates a model and its data; prints every problem with its path, or the table of parameters.',
  positionals: ['model'],
  options: { data: dataOption, limits: limitsOption },
} as const satisfies CommandSpec<OptionTable>;

export const compareCommand = {
  name: 'compare',
  summary: 'Runs NUTS, HMC and Metropolis on one model and prints ESS per second and per gradient evaluation.',
  positionals: ['model'],
  options: {
    data: dataOption,
    chains: integerOption('chains per method (default 4)', 1),
    warmup: integerOption('warm-up iterations per chain (default 1000)', 0),
    draws: integerOption('sampling iterations per chain (default 1000)', 1),
    seed: integerOption('random seed (default 0)', 0),
    limits: limitsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const summaryCommand = {
  name: 'summary',
  summary: 'Prints the summary of a saved run, re-read from its CSV files (chain_N.csv or variational.csv).',
  positionals: ['dir'],
  options: {
    report: { kind: 'flag', help: 'also write report.html from the CSV files (replacing only a report.html that leapfrog wrote)' },
    vars: varsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const functionsCommand = {
  name: 'functions',
  summary: 'Lists the functions and distributions model specs accept, or describes one (the reference in docs/functions.md).',
  positionals: [],
  optionalPositionals: ['name'],
  options: {},
} as const satisfies CommandSpec<OptionTable>;
