import { describe, expect, it } from 'vitest';
import { ExprBuilder, type ScalarExpr } from '../../../src/ad/scalar/expr.js';
import { ExpressionKernels } from '../../../src/ad/scalar/kernels.js';
import { exprKit } from '../../../src/ad/scalar/primitives.js';
import { liftInvariants, varyingNodes } from '../../../src/ad/compile/invariant-sums.js';

// Σ_j k·(u_j ± c) = k·(Σ_j u_j ± n·c): the lifted sum must equal the loop's sum of the
// original expression, and nothing is lifted where nothing is fixed.

const b = new ExprBuilder();
const e = exprKit(b);
// Inputs: 0 = u (varies along the loop), 1 = k, 2 = c (fixed), 3 = the varying part's sum.
const [u, k, c, s] = [b.input(0), b.input(1), b.input(2), b.input(3)];
const varies = (input: number): boolean => input === 0;
const at = (expr: ScalarExpr, values: number[]): number => new ExpressionKernels(expr, 4).scalar(values);

describe('liftInvariants', () => {
  const cases: [string, ScalarExpr][] = [
    ['k·(u − c)', e.mul(k, e.sub(u, c))],
    ['(u + c)·k', e.mul(e.add(u, c), k)],
    ['c + u', e.add(c, u)],
    ['k·(c + 2·u·u) − c', e.sub(e.mul(k, e.add(c, e.mul(2, e.mul(u, u)))), c)],
    ['k·(k·u − c)', e.mul(k, e.sub(e.mul(k, u), c))],
  ];
  for (const [name, p] of cases) {
    it(`${name}: the lifted total equals the sum over the loop`, () => {
      const lifted = liftInvariants(b, p, varyingNodes([p], varies));
      expect(lifted).not.toBeNull();
      const us = [0.5, -1.25, 2, 3.5, -0.75];
      const [kv, cv] = [1.7, -0.3];
      const direct = us.reduce((sum, uj) => sum + at(p, [uj, kv, cv, 0]), 0);
      const varyingSum = us.reduce((sum, uj) => sum + at(lifted!.varying, [uj, kv, cv, 0]), 0);
      const total = at(lifted!.total(s, us.length), [0, kv, cv, varyingSum]);
      expect(Math.abs(total - direct)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(direct)));
    });
  }
  it('lifts nothing from an expression that is all varying or all fixed', () => {
    expect(liftInvariants(b, e.mul(u, u), varyingNodes([e.mul(u, u)], varies))).toBeNull();
    expect(liftInvariants(b, e.mul(k, c), varyingNodes([e.mul(k, c)], varies))).toBeNull();
  });
});
