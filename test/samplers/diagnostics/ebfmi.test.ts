import { describe, expect, it } from 'vitest';
import { ebfmi, ebfmiByChain } from '../../../src/samplers/diagnostics/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { ebfmiProperties } from './diagnostics.checks.js';

describe('E-BFMI (Betancourt 2016)', () => {
  it('is the ratio of squared steps to squared deviations', () => {
    // steps 1, 1, 1; deviations from 0.5 are ±0.5: 3 / 1
    expect(ebfmi(Float64Array.of(0, 1, 0, 1))).toBe(3);
    // steps 1, 1; deviations -1, 0, 1: 2 / 2
    expect(ebfmi(Float64Array.of(1, 2, 3))).toBe(1);
  });

  // A statistical property: a function of the seed in diagnostics.checks.ts (swept by `npm run sweep`).
  it('is about 2 for independent energies and small for a slowly moving energy', () => expectCheckPasses(ebfmiProperties));

  it('is computed per chain', () => {
    const energies = [Float64Array.of(0, 1, 0, 1), Float64Array.of(1, 2, 3, 4)];
    const values = ebfmiByChain(energies);
    expect(values[0]).toBe(3);
    expect(values[1]).toBeCloseTo(3 / 5, 15);
  });

  it('is NaN for short, constant or non-finite energies', () => {
    expect(ebfmi(Float64Array.of(1))).toBeNaN();
    expect(ebfmi(Float64Array.of(2, 2, 2))).toBeNaN();
    expect(ebfmi(Float64Array.of(1, NaN, 2))).toBeNaN();
    expect(ebfmi(Float64Array.of(1, Infinity, 2))).toBeNaN();
  });

  it('rejects ragged energies', () => {
    expect(() => ebfmiByChain([new Float64Array(3), new Float64Array(4)])).toThrow(
      'ebfmiByChain: chains have lengths [3, 4], but all chains must have the same length',
    );
  });
});
