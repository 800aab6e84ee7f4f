import { parseArgs } from 'node:util';
import { loadCorpus } from '../test/fuzz/corpus.js';
import { FAMILIES, caseAt } from '../test/fuzz/mutations.js';
import { runCases } from '../test/fuzz/pool.js';
import { formatReport, summarise } from '../test/fuzz/report.js';
import { runCase } from '../test/fuzz/run-case.js';

/**
 * npm run fuzz [-- --seed 1 --cases 2000 --jobs 2 --timeout 5000]
 *
 * Mutates the example specs and data (test/fuzz/families-*.ts: huge, NaN and negative sizes,
 * deep nesting, long chains, JavaScript's reserved names, wrong JSON types, missing and
 * extra fields, code-like strings, unknown names, shape mismatches, bad indices and bounds,
 * budgets far exceeded, ...) and runs each case through checkSpec, compileSpec, one gradient
 * and the initial points, in child processes, each case under a time limit. Prints the
 * counts per outcome and per family, and every failure with the command that reproduces
 * it; exits 1 on any failure (raw exception, message leaking internals, hang, crash, an
 * invalid input accepted, checkSpec and compileSpec disagreeing) or when fewer than 98% of
 * the invalid inputs are refused with a JSON path.
 *
 * --case N runs case N of --seed in this process and prints it in full: the reproducer.
 * --exclude a,b leaves corpus entries out (ids as printed: bench/logistic_regression).
 */

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    cases: { type: 'string', default: '2000' },
    jobs: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '5000' },
    case: { type: 'string' },
    exclude: { type: 'string', default: '' },
  },
});

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`npm run fuzz: --${name} is '${text}', but must be a non-negative integer\n`);
    process.exit(2);
  }
  return n;
}

const seed = positiveInteger('seed', values.seed);
const exclude = values.exclude.split(',').filter((id) => id !== '');
const excludeText = exclude.length === 0 ? '' : ` --exclude ${exclude.join(',')}`;
const reproduce = (index: number): string => `npm run fuzz -- --seed ${seed} --case ${index}${excludeText}`;

if (values.case !== undefined) {
  const index = positiveInteger('case', values.case);
  const fuzzCase = caseAt(loadCorpus().filter((entry) => !exclude.includes(entry.id)), seed, index);
  const clip = (value: unknown): string => {
    const text = JSON.stringify(value, null, 1) ?? 'undefined';
    return text.length > 20_000 ? `${text.slice(0, 20_000)}… (${text.length} characters)` : text;
  };
  process.stdout.write(`case ${index} of seed ${seed}: ${fuzzCase.family} on ${fuzzCase.corpus}: ${fuzzCase.description}\n`);
  process.stdout.write(`invalid by construction: ${String(fuzzCase.invalid)}\n\nspec:\n${clip(fuzzCase.spec)}\n\ndata:\n${clip(fuzzCase.data)}\n\n`);
  const start = performance.now();
  const outcome = runCase(fuzzCase.spec, fuzzCase.data);
  process.stdout.write(`outcome (${(performance.now() - start).toFixed(0)} ms): ${JSON.stringify(outcome, null, 1)}\n`);
  process.exit(0);
}

const cases = positiveInteger('cases', values.cases);
const started = performance.now();
let done = 0;
const results = await runCases(
  Array.from({ length: cases }, (_, k) => k),
  {
    seed,
    jobs: Math.max(1, positiveInteger('jobs', values.jobs)),
    timeoutMs: positiveInteger('timeout', values.timeout),
    exclude,
    onResult: () => {
      done += 1;
      if (process.stderr.isTTY && done % 50 === 0) process.stderr.write(`\r${done}/${cases} cases`);
    },
  },
);
if (process.stderr.isTTY) process.stderr.write('\r');
const summary = summarise(results);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`leapfrog fuzz: seed ${seed}, ${cases} cases, ${FAMILIES.length} mutation families, ${seconds.toFixed(1)} s\n\n${formatReport(summary, reproduce)}\n`);
const share = summary.invalid === 0 ? 1 : summary.invalidWithPath / summary.invalid;
process.exit(summary.failures.length > 0 || share < 0.98 ? 1 : 0);
