import { expect } from 'vitest';
import type { SeededCheck } from './seeded-check.js';

/** Runs a check at its suite seed (or another) and fails with every violated property. */
export async function expectCheckPasses(check: SeededCheck, seed = check.seed): Promise<void> {
  const outcome = await check.run(seed);
  expect(outcome.failures, `${check.name} at seed ${seed} (${check.design}); figures ${JSON.stringify(outcome.figures)}`).toEqual([]);
}
