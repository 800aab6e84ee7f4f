import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_NAMES } from '../../../src/language/json/distribution-registry.js';
import { referenceEntries, referenceEntryText, referenceIndexText, referenceMarkdown } from '../../../src/language/json/function-reference.js';
import { SPEC_FUNCTION_GROUPS, SPEC_FUNCTIONS } from '../../../src/language/json/functions/index.js';

const docsPath = new URL('../../../docs/functions.md', import.meta.url);

describe('the generated function and distribution reference', () => {
  it('docs/functions.md is up to date with the registries (run: npm run docs)', () => {
    expect(readFileSync(docsPath, 'utf8')).toBe(referenceMarkdown());
  });

  it('documents every function once, with its usage and a description', () => {
    const names = SPEC_FUNCTION_GROUPS.flatMap((g) => g.functions.map((f) => f.name));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(SPEC_FUNCTIONS.size);
    for (const f of SPEC_FUNCTIONS.values()) {
      expect(f.usage, f.name).toContain(f.name);
      expect(f.doc.length, `${f.name} has no description`).toBeGreaterThan(2);
    }
    const text = referenceMarkdown();
    for (const name of [...SPEC_FUNCTIONS.keys(), ...DISTRIBUTION_NAMES]) expect(text).toContain(`| \`${name}\` |`);
  });

  it('describes distributions by their parameters, support, CDFs and sampler', () => {
    expect(referenceEntryText('normal')).toContain('Parameters: mu: real; sigma: positive real. Support: real. Log CDF and CCDF: yes. Sampler: normal_rng');
    expect(referenceEntryText('poisson_lpmf')).toContain('Support: int ≥ 0.');
    expect(referenceEntries().filter((e) => e.kind === 'distribution')).toHaveLength(DISTRIBUTION_NAMES.length);
  });

  it('prints one entry or the index for the command line', () => {
    expect(referenceEntryText('sort_indices_asc')).toBe(
      'sort_indices_asc (function; Array operations and sorting)\n  usage: sort_indices_asc(v)\n  The 1-based indices that sort v in ascending order (an int array; ties keep their order), so that v[sort_indices_asc(v)] is sorted.\n',
    );
    expect(referenceEntryText('no_such_function')).toBeUndefined();
    expect(referenceIndexText()).toMatch(/^Constants, trigonometric and rounding functions:\n {2}pi, e, sqrt2/);
  });
});
