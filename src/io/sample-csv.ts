import type { AdaptationResult, Fit, SampleConfig } from '../samplers/run/fit.js';
import { samplerColumnNames } from '../samplers/run/fit.js';
import { commentLines, type ConfigNode, formatCsvNumber, formatCsvRow, preamble, renderConfig, timingFooter } from './stan-csv-format.js';
import { toStanCsvName } from './stan-csv-names.js';
import { transitionCountLines } from './transition-counts.js';

/**
 * One MCMC chain as CmdStan writes it with `method=sample`: the configuration header, the
 * column row (sampler diagnostics `lp__ … energy__`, then every output in Stan's dotted
 * names), the "Adaptation terminated" block with the step size and inverse metric, the draws,
 * and the elapsed-time footer. Static HMC is CmdStan's `engine=static`; random-walk
 * Metropolis, which CmdStan lacks, is written as `algorithm=metropolis` with the proposal
 * scale in the step-size places (as in the stepsize__ column).
 */

/** What the header records about the run besides the sampler settings. */
export interface CsvRunInfo {
  /** The model's name (`eight_schools`). */
  readonly model: string;
  /** The data file as the user gave it, if any. */
  readonly dataFile?: string;
  readonly startTime: Date;
  /** The chain's file name, recorded as CmdStan's output.file. */
  readonly outputFile: string;
}

function algorithmNode(config: SampleConfig): ConfigNode {
  const metric = { key: 'metric', value: config.metric === 'dense' ? 'dense_e' : 'diag_e' };
  const stepSize = { key: 'stepsize', value: config.initialStepSize };
  switch (config.method) {
    case 'nuts':
      return {
        key: 'algorithm',
        value: 'hmc',
        children: [{ key: 'hmc', children: [
          { key: 'engine', value: 'nuts', children: [{ key: 'nuts', children: [{ key: 'max_depth', value: config.maxTreeDepth }] }] },
          metric, stepSize, { key: 'stepsize_jitter', value: 0 },
        ] }],
      };
    case 'hmc':
      return {
        key: 'algorithm',
        value: 'hmc',
        children: [{ key: 'hmc', children: [
          { key: 'engine', value: 'static', children: [{ key: 'static', children: [{ key: 'int_time', value: config.integrationTime }] }] },
          metric, stepSize, { key: 'stepsize_jitter', value: config.stepSizeJitter },
        ] }],
      };
    case 'metropolis':
      return { key: 'algorithm', value: 'metropolis', children: [{ key: 'metropolis', children: [{ key: 'proposal', value: 'random_walk' }] }] };
    default: {
      const unknown: never = config.method;
      throw new Error(`sampleCsvHeader: method '${String(unknown)}' has no CSV description`);
    }
  }
}

/** The comment header and column row of chain `chain` (0-based). */
export function sampleCsvHeader(run: CsvRunInfo, config: SampleConfig, chain: number, outputNames: readonly string[]): string {
  const tree: ConfigNode[] = [
    ...preamble(run.model, run.startTime),
    { key: 'method', value: 'sample', children: [{ key: 'sample', children: [
      { key: 'num_samples', value: config.draws },
      { key: 'num_warmup', value: config.warmup },
      { key: 'save_warmup', value: 0 },
      { key: 'thin', value: config.thin },
      { key: 'adapt', children: [{ key: 'engaged', value: config.warmup > 0 ? 1 : 0 }, { key: 'delta', value: config.adaptDelta }] },
      algorithmNode(config),
      { key: 'num_chains', value: config.chains },
    ] }] },
    { key: 'id', value: chain + 1 },
    { key: 'data', children: [{ key: 'file', value: run.dataFile ?? '' }] },
    { key: 'init', value: config.initRadius },
    { key: 'random', children: [{ key: 'seed', value: config.seed }] },
    { key: 'output', children: [{ key: 'file', value: run.outputFile }, { key: 'sig_figs', value: -1 }] },
  ];
  const columns = [...samplerColumnNames, ...outputNames.map(toStanCsvName)];
  return `${renderConfig(tree)}${columns.join(',')}\n`;
}

const joinNumbers = (values: ArrayLike<number>): string => Array.from(values, formatCsvNumber).join(', ');

/** Rows of a row-major dim x dim matrix. */
function matrixRows(matrix: Float64Array, dim: number): string[] {
  return Array.from({ length: dim }, (_, row) => joinNumbers(matrix.subarray(row * dim, (row + 1) * dim)));
}

/** Diagonal of L Lᵀ for a row-major lower-triangular L. */
function diagonalOfSquare(cholesky: Float64Array, dim: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += cholesky[i * dim + k]! ** 2;
    return sum;
  });
}

/** CmdStan's block after the column row: step size and inverse metric that sampling used. */
export function adaptationBlock(adaptation: AdaptationResult, dim: number): string {
  if (adaptation.kind === 'metropolis') {
    const shape = adaptation.proposalCholesky === undefined ? new Float64Array(dim).fill(1) : diagonalOfSquare(adaptation.proposalCholesky, dim);
    return commentLines([
      'Adaptation terminated',
      `Step size = ${formatCsvNumber(adaptation.proposalScale)}`,
      'Diagonal elements of inverse mass matrix:',
      joinNumbers(shape),
      '(random-walk Metropolis: the step size is the proposal scale, the elements the proposal covariance shape)',
    ]);
  }
  const { metric } = adaptation;
  const lines = metric.kind === 'diag'
    ? ['Diagonal elements of inverse mass matrix:', joinNumbers(metric.inverseMassDiag)]
    : ['Elements of inverse mass matrix:', ...matrixRows(metric.inverseMass, dim)];
  return commentLines(['Adaptation terminated', `Step size = ${formatCsvNumber(adaptation.stepSize)}`, ...lines]);
}

/**
 * The block written as soon as a chain's first draw arrives, before the metric is known:
 * readers find the step size; the complete block replaces it when the chain finishes.
 */
export function provisionalAdaptationBlock(stepSize: number): string {
  return commentLines(['Adaptation terminated', `Step size = ${formatCsvNumber(stepSize)}`]);
}

/** Rows are yielded in pieces of about this many characters. */
const PIECE_CHARACTERS = 1 << 20;

/**
 * The CSV text of chain `chain` of a finished fit, in pieces (header, adaptation block,
 * batches of rows, footers), so that a writer never holds the whole file as one string.
 */
export function* sampleCsvPieces(run: CsvRunInfo, fit: Fit, chain: number): Generator<string> {
  const record = fit.chains[chain]!;
  const columns = fit.draws[chain]!;
  const count = columns[0]?.length ?? 0;
  // The header's id is the chain's own number (a fit may hold chains 3-4 of a run), not its position.
  yield sampleCsvHeader(run, fit.config, record.chain, fit.outputNames);
  yield adaptationBlock(record.adaptation, fit.dim);
  const row = new Float64Array(columns.length);
  let batch: string[] = [];
  let characters = 0;
  for (let draw = 0; draw < count; draw++) {
    for (let column = 0; column < columns.length; column++) row[column] = columns[column]![draw]!;
    const line = formatCsvRow(row);
    batch.push(line);
    characters += line.length;
    if (characters >= PIECE_CHARACTERS) {
      yield batch.join('');
      batch = [];
      characters = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
  yield timingFooter(record.warmupSeconds, record.samplingSeconds);
  yield transitionCountLines({
    divergentWarmup: record.warmupDivergences,
    divergentSampling: record.divergentPositions.length,
    nonFiniteWarmup: record.warmupNonFiniteTransitions,
    nonFiniteSampling: record.nonFiniteTransitions,
    nonFiniteDraws: record.nonFiniteDraws,
  });
}

/** The whole CSV text of the chain at position `chain` of a finished fit. */
export function sampleCsvText(run: CsvRunInfo, fit: Fit, chain: number): string {
  return [...sampleCsvPieces(run, fit, chain)].join('');
}
