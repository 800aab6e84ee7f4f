import { describe, expect, it } from 'vitest';
import { ExprBuilder } from '../../../src/ad/scalar/expr.js';
import { ExpressionKernels } from '../../../src/ad/scalar/kernels.js';
import { ScalarProgram } from '../../../src/ad/scalar/program.js';
import { exprKit } from '../../../src/ad/scalar/primitives.js';
import { interval, lowerBounded, nonNegativeInteger, positive, real, unitInterval, upperBounded, type Constraint } from '../../../src/models/constraints.js';
import { inElementwiseSupport, parameterRule } from '../../../src/models/distributions/checks.js';
import { constraintCondition, parameterCondition, supportCondition } from '../../../src/models/distributions/conditions.js';
import { tensor } from '../../../src/ad/index.js';
import * as d from '../../../src/models/distributions/index.js';

// Constraints as 0/1 expressions against the JS checks they mirror (parameterRule for
// parameters, inElementwiseSupport for values), at edge values, through both the generated
// code and the interpreter.

const edges = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, 1e-300, -1e-300, 7.25, 1e308, -1e308, Infinity, -Infinity, NaN];

const constraints: readonly (readonly [string, Constraint])[] = [
  ['real', real],
  ['positive', positive],
  ['lower −1', lowerBounded(-1)],
  ['lower −∞', lowerBounded(-Infinity)],
  ['upper 2', upperBounded(2)],
  ['upper 0', upperBounded(0)],
  ['unit interval', unitInterval],
  ['interval [−2, 3]', interval(-2, 3)],
  ['interval [0, ∞]', interval(0, Infinity)],
  ['non-negative integer', nonNegativeInteger],
  ['integer [1, 3]', { kind: 'integer', lower: 1, upper: 3 }],
  ['integer', { kind: 'integer' }],
  ['integer at most 2', { kind: 'integer', upper: 2 }],
];

/** Both evaluations of a 0/1 expression of one input: generated code and the register interpreter. */
function evaluators(build: (e: ReturnType<typeof exprKit>, x: ReturnType<ExprBuilder['input']>) => ReturnType<ExprBuilder['input']> | ReturnType<ExprBuilder['apply']>) {
  const b = new ExprBuilder();
  const e = exprKit(b);
  const value = e.select(build(e, b.input(0)), 1, 0);
  const kernels = new ExpressionKernels(value, 1);
  const program = new ScalarProgram([value]);
  return (x: number): [number, number] => [kernels.scalar([x]), program.value([x])];
}

describe.each(constraints)('%s', (_name, constraint) => {
  for (const inclusive of [false, true]) {
    it(`as a parameter's rule (inclusive: ${inclusive}) agrees with parameterRule`, () => {
      const test = evaluators((e, x) => constraintCondition(e, constraint, x, inclusive));
      const failures: string[] = [];
      for (const x of edges) {
        const want = parameterRule({ name: 'p', constraint, inclusive }, x) === undefined ? 1 : 0;
        const [generated, interpreted] = test(x);
        if (generated !== want || interpreted !== want) failures.push(`x = ${x}: generated ${generated}, interpreted ${interpreted}, parameterRule ${want}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('as a support agrees with inElementwiseSupport', () => {
    const test = evaluators((e, x) => supportCondition(e, constraint, x)!);
    const failures: string[] = [];
    for (const x of edges) {
      const want = inElementwiseSupport(constraint, x) ? 1 : 0;
      const [generated, interpreted] = test(x);
      if (generated !== want || interpreted !== want) failures.push(`x = ${x}: generated ${generated}, interpreted ${interpreted}, inElementwiseSupport ${want}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('constraintCondition', () => {
  it('refuses constraints that are not elementwise (parameterCondition and supportCondition give undefined, and for bounds that are not numbers)', () => {
    const e = exprKit(new ExprBuilder());
    const x = e.b.input(0);
    expect(() => constraintCondition(e, { kind: 'simplex' }, x)).toThrow("constraint 'simplex' is not elementwise");
    expect(supportCondition(e, { kind: 'ordered' }, x)).toBeUndefined();
    expect(parameterCondition(e, { name: 'p', constraint: { kind: 'lower', lower: tensor([1, 2]) } }, x)).toBeUndefined();
  });
});

describe('family conditions', () => {
  it('state the support, each parameter rule and the relation as expressions over [y, ...params]', () => {
    const { builder, support, parameters, relation } = d.uniformFamily.conditions;
    const program = new ScalarProgram([support, ...parameters, relation!]);
    const out = new Float64Array(4);
    program.run([0.5, 0, 1], out);
    expect(Array.from(out)).toEqual([1, 1, 1, 1]);
    program.run([1.5, 2, 1], out);
    expect(Array.from(out)).toEqual([0, 1, 1, 0]);
    expect(builder).toBe(d.uniformFamily.density.declaration!.builder);
  });

  it('binomial: y ≤ N beside the integer support; poisson: a rate of 0 allowed (inclusive)', () => {
    const binomial = d.binomialFamily.conditions;
    const program = new ScalarProgram([binomial.support]);
    expect(program.value([3, 10, 0.5])).toBe(1);
    expect(program.value([11, 10, 0.5])).toBe(0);
    expect(program.value([2.5, 10, 0.5])).toBe(0);
    const rate = new ScalarProgram([d.poissonFamily.conditions.parameters[0]!]);
    expect(rate.value([1, 0])).toBe(1);
    expect(rate.value([1, -1e-300])).toBe(0);
  });

  it('drive the JS checks: a relation that fails throws at construction, an open end gives −∞', () => {
    expect(() => d.uniform(1, 0)).toThrow('uniform: beta is 0, but must be greater than alpha (1)');
    expect(d.lognormal(0, 1).logProb(0)).toBe(-Infinity);
    expect(d.binomial(10, 0.3).logProb(11)).toBe(-Infinity);
  });
});
