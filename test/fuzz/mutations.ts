import fc from 'fast-check';
import type { CorpusEntry, JsonObject } from './corpus.js';
import { dataFamilies } from './families-data.js';
import { expressionFamilies } from './families-expressions.js';
import { structureFamilies } from './families-structure.js';
import { swapFamilies } from './families-swaps.js';
import type { Family } from './family.js';
import { Picker } from './picker.js';

// Fuzz cases: a corpus entry, a mutation family and the integers its choices come from, all
// drawn by fast-check from one seed per case, so that (seed, index) reproduces a case.

export const FAMILIES: readonly Family[] = [...dataFamilies, ...expressionFamilies, ...structureFamilies, ...swapFamilies];

export interface FuzzCase {
  readonly index: number;
  readonly family: string;
  readonly corpus: string;
  readonly description: string;
  /** What the mutation makes by construction (see Family.invalid). */
  readonly invalid: boolean | null;
  readonly spec: JsonObject;
  readonly data: JsonObject;
}

/** The generated part of a case: which corpus entry to start from and the choices' integers. */
const choices = fc.record({
  corpus: fc.nat(),
  draws: fc.array(fc.nat({ max: 2 ** 31 - 1 }), { minLength: 24, maxLength: 24 }),
});

/** A per-case seed from the run's seed and the case's index (a 32-bit mix, so neighbours differ). */
function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Case `index` of run `seed`: families in turn (index modulo their number, so every family
 * gets its share), the corpus entry and the mutation's choices from fast-check. When the
 * chosen entry has no place for the mutation, the next entries are tried in order.
 */
export function caseAt(corpus: readonly CorpusEntry[], seed: number, index: number): FuzzCase {
  const family = FAMILIES[index % FAMILIES.length]!;
  const [drawn] = fc.sample(choices, { seed: caseSeed(seed, index), numRuns: 1 });
  const { corpus: start, draws } = drawn!;
  for (let attempt = 0; attempt < corpus.length; attempt++) {
    const entry = corpus[(start + attempt) % corpus.length]!;
    const spec = structuredClone(entry.spec);
    const data = structuredClone(entry.data);
    const description = family.apply({ spec, data }, new Picker(draws));
    if (description !== undefined) return { index, family: family.name, corpus: entry.id, description, invalid: family.invalid, spec, data };
  }
  throw new Error(`fuzz: family ${family.name} applies to no corpus entry`);
}
