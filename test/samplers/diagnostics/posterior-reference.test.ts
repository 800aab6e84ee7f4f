import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  essBasic,
  essBulk,
  essMean,
  essQuantile,
  essSd,
  essTail,
  mcseMean,
  mcseQuantile,
  mcseSd,
  median,
  quantile,
  rhat,
  rhatBasic,
  rhatBulk,
  rhatTail,
  type Chains,
} from '../../../src/samplers/diagnostics/index.js';

/**
 * Every diagnostic against the R package posterior, on the draws of
 * test/fixtures/diagnostics/posterior-reference.json (made by generate.R beside it).
 * Tolerance 1e-6, relative for values above 1; null in the fixture (R's NA) must be NaN.
 */

interface ReferenceQuantity {
  readonly name: string;
  readonly description: string;
  readonly draws: number[][];
  readonly reference: Record<string, number | null>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/diagnostics/posterior-reference.json', import.meta.url), 'utf8'),
) as { posteriorVersion: string; quantities: ReferenceQuantity[] };

const tolerance = 1e-6;

const diagnostics: Record<string, (chains: Chains) => number> = {
  median: (chains) => median(chains),
  q5: (chains) => quantile(chains, 0.05),
  q50: (chains) => quantile(chains, 0.5),
  q95: (chains) => quantile(chains, 0.95),
  rhat: (chains) => rhat(chains),
  rhat_basic: (chains) => rhatBasic(chains),
  rhat_basic_unsplit: (chains) => rhatBasic(chains, { split: false }),
  rhat_bulk: (chains) => rhatBulk(chains),
  rhat_tail: (chains) => rhatTail(chains),
  ess_basic: (chains) => essBasic(chains),
  ess_basic_unsplit: (chains) => essBasic(chains, { split: false }),
  ess_bulk: (chains) => essBulk(chains),
  ess_tail: (chains) => essTail(chains),
  ess_mean: (chains) => essMean(chains),
  ess_sd: (chains) => essSd(chains),
  ess_q5: (chains) => essQuantile(chains, 0.05),
  ess_q50: (chains) => essQuantile(chains, 0.5),
  ess_q95: (chains) => essQuantile(chains, 0.95),
  mcse_mean: (chains) => mcseMean(chains),
  mcse_sd: (chains) => mcseSd(chains),
  mcse_q5: (chains) => mcseQuantile(chains, 0.05),
  mcse_q50: (chains) => mcseQuantile(chains, 0.5),
  mcse_q95: (chains) => mcseQuantile(chains, 0.95),
};

function describeMismatch(quantity: ReferenceQuantity, key: string, actual: number, expected: number | null): string {
  const shape = `${quantity.draws.length} chains x ${quantity.draws[0]!.length} draws`;
  return `${quantity.name} (${quantity.description}; ${shape}): ${key} is ${actual}, posterior ${fixture.posteriorVersion} gives ${expected}`;
}

describe('diagnostics match posterior', () => {
  it('covers every reference value of the fixture', () => {
    const keys = new Set(fixture.quantities.flatMap((quantity) => Object.keys(quantity.reference)));
    const unchecked = [...keys].filter((key) => !(key in diagnostics) && key !== 'mean' && key !== 'sd');
    expect(unchecked).toEqual([]);
  });

  for (const quantity of fixture.quantities) {
    it(`${quantity.name}: ${quantity.description}`, () => {
      const chains = quantity.draws.map((chain) => Float64Array.from(chain));
      for (const [key, compute] of Object.entries(diagnostics)) {
        const expected = quantity.reference[key]!;
        const actual = compute(chains);
        const message = describeMismatch(quantity, key, actual, expected);
        if (expected === null || expected === undefined) {
          expect(Number.isNaN(actual), message).toBe(true);
        } else {
          const scale = Math.max(1, Math.abs(expected));
          expect(Math.abs(actual - expected), message).toBeLessThanOrEqual(tolerance * scale);
        }
      }
    });
  }
});
