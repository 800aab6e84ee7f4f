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
const sigFigsOption = { kind: 'integer', minimum: 1, help: 'significant digits of the numbers in the CSV files, 1 to 18 (default: every digit, as many as 17; 6 makes files about half the size)' } as const;
const initOption = textOption('initial values: a JSON file of parameter values on the constrained scale (an object for every chain, or an array of objects, one per chain id); parameters left out start at random', 'file.json');
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
    'metric-file': textOption("warm-up's starting inverse metric, as CmdStan's metric_file: {\"inv_metric\": [...]}, dim numbers (diag) or dim rows (dense); with --warmup 0 the metric sampled with (default: unit, or Pathfinder's with --init pathfinder)", 'file.json'),
    out: textOption('output directory (default out/<model name>)', 'dir'),
    limits: limitsOption,
    overwrite: overwriteOption,
    vars: varsOption,
    init: textOption("initial values: 'pathfinder' (start at draws of a Pathfinder approximation), or a JSON file of parameter values on the constrained scale (an object for every chain, or an array of objects, entry k for chain id k+1); parameters left out start at random", 'pathfinder|file.json'),
    'chain-ids': textOption('the chains of the run this process runs: a range (5-8), or a first id with --chains for the count; each chain depends only on the seed and its id, so runs split by chain ids merge (leapfrog summary dir1 dir2 ...)', 'first-last'),
    'save-warmup': { kind: 'flag', help: 'also write the warm-up draws to the CSV files, before the adaptation block (as CmdStan save_warmup=1); summaries leave them out' },
    'sig-figs': sigFigsOption,
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
    'average-iterations': integerOption("iterations whose iterates are averaged once ADVI's convergence test is met (default 1000, and more until the average settles); 0 gives Stan's stopping rule, the last iterate", 0),
    'check-draws': integerOption('draws of the approximation whose importance ratios give the Pareto k of the check (default 10000; at least --draws)', 1),
    'sig-figs': sigFigsOption,
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
  summary: 'Prints the summary of a saved run, re-read from its CSV files; several folders holding chains of one run (--chain-ids) are merged into one fit.',
  positionals: ['dir'],
  variadic: true,
  options: {
    report: { kind: 'flag', help: 'also write report.html from the CSV files (replacing only a report.html that leapfrog wrote); for several folders, into --out with summary.csv' },
    out: textOption('where --report writes the report of several merged folders', 'dir'),
    overwrite: overwriteOption,
    vars: varsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const convertCommand = {
  name: 'convert',
  summary: 'Converts a Stan program (.stan) to a JSON model spec, or a JSON spec (.json) to a Stan program; prints it, or writes it with --out.',
  positionals: ['model'],
  options: {
    out: textOption('file to write (default: standard output); an existing file is kept unless --overwrite', 'file'),
    overwrite: { kind: 'flag', help: 'replace the --out file if it exists' },
  },
} as const satisfies CommandSpec<OptionTable>;

const outOption = (what: string) => textOption(`output directory (default out/<model name>-${what})`, 'dir');
const seedOption = integerOption('random seed (default 0)', 0);
const jacobianOption = (fallback: string) => ({ kind: 'flag', help: `${fallback}` }) as const;

export const generateCommand = {
  name: 'generate',
  summary: "Computes a model's generated quantities for the saved draws of a run (CmdStan's generate_quantities) and writes them as a new run.",
  positionals: ['model'],
  options: {
    fit: textOption('the output folder(s) of the run whose draws are used (comma-separated for chains of one run in several folders)', 'dir'),
    data: dataOption,
    seed: integerOption("random seed of the generated quantities (default: the run's)", 0),
    out: outOption('generated'),
    limits: limitsOption,
    overwrite: overwriteOption,
    vars: varsOption,
    'sig-figs': sigFigsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const looCommand = {
  name: 'loo',
  summary: 'PSIS-LOO cross-validation of a saved run with a log_lik generated quantity; with several runs, a comparison table of the models.',
  positionals: ['dir'],
  variadic: true,
  options: {
    variable: textOption('the generated quantity holding the pointwise log-likelihood (default log_lik)', 'name'),
    pointwise: { kind: 'flag', help: 'also list each observation with its elpd_loo, p_loo and Pareto k' },
  },
} as const satisfies CommandSpec<OptionTable>;

export const optimizeCommand = {
  name: 'optimize',
  summary: 'Finds a posterior mode by L-BFGS and writes it as CmdStan does (optimize.csv), with the estimates printed.',
  positionals: ['model'],
  options: {
    data: dataOption,
    jacobian: jacobianOption("maximise the density with the Jacobian of the constraint transforms: the mode on the unconstrained scale (default: without, as Stan's optimize, the penalised maximum likelihood)"),
    iter: integerOption('L-BFGS iteration cap (default 2000)', 1),
    init: initOption,
    seed: seedOption,
    out: outOption('optimize'),
    limits: limitsOption,
    overwrite: overwriteOption,
    'sig-figs': sigFigsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const laplaceCommand = {
  name: 'laplace',
  summary: 'Draws from the Laplace approximation at the posterior mode (found first, with the Jacobian), with the Pareto-k check of the approximation.',
  positionals: ['model'],
  options: {
    data: dataOption,
    draws: integerOption('draws from the approximation (default 1000)', 1),
    'check-draws': integerOption('draws whose importance ratios give the Pareto k of the check (default 10000; at least --draws)', 1),
    init: initOption,
    seed: seedOption,
    out: outOption('laplace'),
    limits: limitsOption,
    overwrite: overwriteOption,
    vars: varsOption,
    'sig-figs': sigFigsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const pathfinderCommand = {
  name: 'pathfinder',
  summary: 'Fits a Pathfinder approximation (multi-path, PSIS resampling) and writes its draws, summary and report, with the Pareto-k check.',
  positionals: ['model'],
  options: {
    data: dataOption,
    paths: integerOption('independent paths (default 4); 1 is single-path Pathfinder', 1),
    draws: integerOption('draws returned (default 1000)', 1),
    'draws-per-path': integerOption('draws from each path before resampling (default 1000)', 1),
    init: initOption,
    seed: seedOption,
    out: outOption('pathfinder'),
    limits: limitsOption,
    overwrite: overwriteOption,
    vars: varsOption,
    'sig-figs': sigFigsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const diagnoseCommand = {
  name: 'diagnose',
  summary: "Checks the model's gradient against finite differences at the chains' initial points (CmdStan's diagnose).",
  positionals: ['model'],
  options: {
    data: dataOption,
    chains: integerOption('initial points checked, one per chain as sample draws them (default 1)', 1),
    seed: seedOption,
    init: initOption,
    epsilon: numberOption('finite-difference step on the unconstrained scale (default 1e-6)', 0, 1),
    error: numberOption('largest error allowed, relative to max(1, |finite difference|) (default 1e-6)', 0, Infinity),
    limits: limitsOption,
  },
} as const satisfies CommandSpec<OptionTable>;

export const functionsCommand = {
  name: 'functions',
  summary: 'Lists the functions and distributions model specs accept, or describes one (the reference in docs/functions.md).',
  positionals: [],
  optionalPositionals: ['name'],
  options: {},
} as const satisfies CommandSpec<OptionTable>;
