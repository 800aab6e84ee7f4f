import { expect } from 'vitest';
import { checkGradReport, grad, jvp, type GradientComparison, type Tree, type Value } from '../../src/ad/index.js';
import { describeTree } from './describe.js';
import { project } from './project.js';

// The one gradient checker of the test suite (STYLE.md rule 6, after autograd's
// check_grads and Stan's expect_ad): every op test is one call of expectGradientsMatch
// and, for the inputs where the op must fail, one call of expectSameError.

/**
 * Checks f's derivatives at x against central differences, forward mode against reverse
 * mode, and (order 2) the same for the derivatives of the gradient, with checkGrad. f
 * may return any shape: it is reduced to a scalar by `project`. x may be a number, a
 * tensor, or an array or record of them. Every derivative d with reference r must satisfy
 * |d − r| ≤ noise + tolerance·max(|d|, |r|), where noise is the rounding bound of the
 * finite differences (checkGradReport): small derivatives are checked, not floored away.
 */
export function expectGradientsMatch(f: (x: any) => Value, x: Tree, tolerance = 1e-6, order: 1 | 2 = 2, step = 1e-4): void {
  // Inputs here have at most a dozen elements, so checkGrad already checks every
  // coordinate; one extra random direction keeps the second-order pass cheap. A step of
  // 1e-4 (Richardson error O(h⁴) ≈ 1e-16·f⁽⁵⁾, rounding ≈ 2e-10·|f|) leaves the tolerance to
  // real disagreements; near a pole (log, logit and lgamma at the domain edges) f⁽⁵⁾ grows
  // like 1/x⁵ and the caller passes a step scaled to the distance from it.
  const report = checkGradReport((y: Tree) => project(f(y)), x, { order, directions: 1, step });
  expect(report.error, `derivatives disagree at x = ${describeTree(x)}: ${describeComparison(report.worst)}`).toBeLessThan(tolerance);
}

/** A comparison in a failure message: what was compared, the two values and the noise allowed. */
export function describeComparison(comparison: GradientComparison | undefined): string {
  if (comparison === undefined) return 'nothing compared';
  const { kind, order, direction, derivative, reference, noise, error } = comparison;
  const against = kind === 'finite difference' ? 'finite difference' : 'reverse mode';
  const what = order === 1 ? 'derivative' : 'derivative of the gradient';
  return `${what} along [${Array.from(direction, (v) => v.toPrecision(3)).join(', ')}]: ${kind === 'finite difference' ? 'reverse mode' : 'forward mode'} ${derivative}, ${against} ${reference} (noise ${noise.toExponential(2)}, error ${error.toExponential(2)})`;
}

function messageOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    return e instanceof Error ? e.message : `non-Error thrown: ${String(e)}`;
  }
  return undefined;
}

/**
 * f must throw at x, and throw the same message when x is traced in reverse mode
 * (grad) and in forward mode (jvp): the AD version fails exactly where the plain one does.
 */
export function expectSameError(f: (x: any) => unknown, x: Tree): void {
  const plain = messageOf(() => f(x));
  expect(plain, `the plain call should throw at x = ${describeTree(x)}`).toBeDefined();
  expect(plain).not.toBe('');
  expect(messageOf(() => grad((y: Tree) => project(f(y) as Value))(x)), 'reverse mode').toBe(plain);
  expect(messageOf(() => jvp((y: Tree) => f(y) as Value, x, x)), 'forward mode').toBe(plain);
}
