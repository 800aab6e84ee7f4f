import { loadCorpus } from './corpus.js';
import { caseAt } from './mutations.js';
import { runCase, type Outcome } from './run-case.js';

// A fuzz worker process: regenerates each case it is asked for from (seed, index), so that
// only two numbers cross the process boundary, runs it, and reports the outcome. A crash or
// a hang of a case kills only this process; the pool notices and starts another.

export interface CaseRequest {
  readonly seed: number;
  readonly index: number;
}

export interface CaseReport {
  readonly index: number;
  readonly family: string;
  readonly corpus: string;
  readonly description: string;
  readonly invalid: boolean | null;
  readonly outcome: Outcome;
  readonly milliseconds: number;
}

// argv[2]: corpus ids to leave out (a JSON array), for quicker runs.
const excluded = new Set<string>(JSON.parse(process.argv[2] ?? '[]') as string[]);
const corpus = loadCorpus().filter((entry) => !excluded.has(entry.id));

// Warm-up: the first evaluation of each code path compiles it (V8's JIT), which would
// otherwise count against the first cases' time limit.
for (const entry of corpus.slice(0, 1)) runCase(structuredClone(entry.spec), structuredClone(entry.data));

process.on('message', (request: CaseRequest) => {
  const fuzzCase = caseAt(corpus, request.seed, request.index);
  const start = performance.now();
  const outcome = runCase(fuzzCase.spec, fuzzCase.data);
  const report: CaseReport = {
    index: fuzzCase.index,
    family: fuzzCase.family,
    corpus: fuzzCase.corpus,
    description: fuzzCase.description,
    invalid: fuzzCase.invalid,
    outcome,
    milliseconds: performance.now() - start,
  };
  process.send!(report);
});
process.send!({ ready: true });
