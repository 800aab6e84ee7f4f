import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PosteriorVerdict } from '../src/validation/posteriordb.js';
import { posteriordbJson, posteriordbMarkdown, type ValidationHeader } from '../src/validation/posteriordb-report.js';
import { listPosteriors, validatePosterior, type LoadedPosterior } from '../src/validation/posteriordb-run.js';
import { loadStanPosterior } from '../src/validation/posteriordb-stan.js';

/**
 * npm run validate:stan [-- --only a,b --chains 4 --warmup 1000 --draws 1000 --seed 1 --threads n --out dir]
 *
 * npm run validate's recipe (src/validation/posteriordb-run.ts: NUTS with the reference
 * run's adapt_delta and tree depth, judged on |z(mean)|, |z(sd)|, R-hat and divergences)
 * on every posterior of examples/posteriordb, with the model built from posteriordb's own
 * Stan program (model.stan) instead of model.ts. Writes <out>/stan-posteriordb.md and .json
 * (committed under test/fixtures/validation/); exits 1 when a posterior fails.
 */

const { values } = parseArgs({
  options: {
    chains: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1000' },
    draws: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: String(availableParallelism()) },
    only: { type: 'string' },
    out: { type: 'string', default: 'out/validation' },
  },
});

const integer = (name: string, text: string | undefined): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`validate-stan: --${name} is '${text}', but must be a non-negative integer`);
  return value;
};

const directory = fileURLToPath(new URL('../examples/posteriordb/', import.meta.url));
const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
const names = listPosteriors(directory).filter((name) => only === undefined || only.some((part) => name.includes(part)));
const options = { chains: integer('chains', values.chains), warmup: integer('warmup', values.warmup), draws: integer('draws', values.draws), seed: integer('seed', values.seed), threads: Math.max(1, integer('threads', values.threads)) };
const header: ValidationHeader = {
  title: 'posteriordb validation from the Stan programs',
  description: [
    `Each model compiled from posteriordb's model.stan by leapfrog's Stan front end. NUTS, ${options.chains} chains × (${options.warmup} warm-up + ${options.draws} draws), seed ${options.seed}; ` +
      'adapt_delta and max_treedepth as in the reference run (at least 0.8 and 10).',
    'Fails on |z(mean)| > 4, sd ratio outside 1 ± 4 se (|z(sd)| > 4), R-hat > 1.01, or divergences beyond 0.1% of transitions where none are expected; ' +
      'eight_schools_centered must report divergences instead (its accuracy is not judged).',
  ],
};
const verdicts: PosteriorVerdict[] = [];
const failures: string[] = [];
const write = (file: string, text: string): void => {
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, file), text);
};
for (const name of names) {
  process.stdout.write(`${name} ... `);
  let posterior: LoadedPosterior;
  try {
    posterior = loadStanPosterior(directory, name);
  } catch (error) {
    // A program leapfrog refuses is a failure of this run, reported with its place.
    failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    process.stdout.write('does not compile\n');
    continue;
  }
  const verdict = await validatePosterior(posterior, options);
  verdicts.push(verdict);
  process.stdout.write(`${verdict.passed ? 'pass' : 'FAIL'} (${verdict.seconds.toFixed(0)} s)\n`);
  const notes = failures.length === 0 ? '' : `\n\nPrograms that do not compile:\n\n${failures.map((f) => `- ${f}`).join('\n')}\n`;
  write('stan-posteriordb.md', `${posteriordbMarkdown(header, verdicts)}${notes}`);
  write('stan-posteriordb.json', posteriordbJson(header, verdicts));
}
console.log(`\n${posteriordbMarkdown(header, verdicts)}`);
if (failures.length > 0) console.log(`Programs that do not compile:\n${failures.map((f) => `  ${f}`).join('\n')}`);
process.exitCode = failures.length === 0 && verdicts.every((v) => v.passed) ? 0 : 1;
