import { describe, expect, it } from 'vitest';
import { checkGrad, tensor, type Value } from '../../../src/ad/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { klLogNormalCheck, klNormalCheck } from './bbb.checks.js';
import { klLogNormalFromHalfNormal, klNormalFromCentredNormal } from '../../../src/vi/bbb/index.js';

// The Monte Carlo comparisons are functions of the seed in bbb.checks.ts, run here at one
// seed and by `npm run sweep` over many (test/fixtures/seed-sweep.md).

describe('klNormalFromCentredNormal', () => {
  it('matches Monte Carlo estimates E_q[log q − log p] for four normal pairs', () => expectCheckPasses(klNormalCheck));

  it('is zero at the prior and sums over the elements of tensors', () => {
    expect(klNormalFromCentredNormal(0, 1, 1)).toBeCloseTo(0, 15);
    expect(klNormalFromCentredNormal(tensor([0, 0]), tensor([2, 2]), 2)).toBeCloseTo(0, 15);
    const mean = tensor([0.3, -1.5, 2]);
    const scale = tensor([0.5, 0.1, 1.7]);
    const separate = [0, 1, 2].reduce((s, i) => s + (klNormalFromCentredNormal(mean.data[i]!, scale.data[i]!, 1) as number), 0);
    expect(klNormalFromCentredNormal(mean, scale, 1)).toBeCloseTo(separate, 13);
  });

  it('has gradients that match finite differences', () => {
    const f = (p: { mean: Value; scale: Value }): Value => klNormalFromCentredNormal(p.mean, p.scale, 1.3);
    expect(checkGrad(f, { mean: tensor([0.3, -1.5]), scale: tensor([0.5, 0.2]) }, { order: 2 })).toBeLessThan(1e-6);
  });
});

describe('klLogNormalFromHalfNormal', () => {
  it('matches Monte Carlo estimates in σ for four log-normal q and half-normal p', () => expectCheckPasses(klLogNormalCheck));

  it('has gradients that match finite differences', () => {
    const f = (p: { mean: Value; scale: Value }): Value => klLogNormalFromHalfNormal(p.mean, p.scale, 1);
    expect(checkGrad(f, { mean: -1.2, scale: 0.3 }, { order: 2 })).toBeLessThan(1e-6);
  });
});
