import { exp } from '../../ad/ops/unary.js';
import { Tensor } from '../../ad/tensor.js';
import { primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { checkParameter } from '../../models/distributions/checks.js';
import type { Distribution, DistributionFamily } from '../../models/distributions/distribution.js';
import type { Expr, Span } from './ast.js';
import { DISTRIBUTION_NAMES, findDistributionFamily } from './distribution-registry.js';
import { checkDistributionArguments, drawType } from './distribution-shapes.js';
import { nearest } from './errors.js';
import { EvaluationError } from './local-variable.js';
import { CheckError, lowered, type Lowered } from './lowered.js';
import type { LowerContext } from './lower-expression.js';
import type { Frame } from './scope.js';
import { REAL, elementCount, shapeOfType, type SpecType } from './types.js';

// Distributions inside expressions, by Stan's suffixes: normal_lpdf(y | mu, sigma) (the
// summed log density, one fused call however long y is), _lpmf for discrete families,
// _lupdf/_lupmf (here the same as _lpdf: leapfrog keeps every constant), _lcdf, _lccdf,
// _cdf, and _rng in generated quantities.

type Suffix = 'lpdf' | 'lupdf' | 'lpmf' | 'lupmf' | 'lcdf' | 'lccdf' | 'cdf' | 'rng';
const SUFFIXES: readonly Suffix[] = ['lupdf', 'lupmf', 'lpdf', 'lpmf', 'lccdf', 'lcdf', 'cdf', 'rng'];

/** `normal_lpdf` → ['normal', 'lpdf'] when `normal` is a known distribution. */
function splitName(callee: string): [DistributionFamily | string, Suffix] | undefined {
  for (const suffix of SUFFIXES) {
    if (!callee.endsWith(`_${suffix}`)) continue;
    const base = callee.slice(0, -suffix.length - 1);
    const family: DistributionFamily | string = findDistributionFamily(base) ?? base;
    return [family, suffix];
  }
  return undefined;
}

/** All distribution function names, for "did you mean" suggestions. */
export function distributionFunctionNames(): string[] {
  return DISTRIBUTION_NAMES.flatMap((name) => {
    const family = findDistributionFamily(name)!;
    const density = family.discrete ? 'lpmf' : 'lpdf';
    return [`${name}_${density}`, `${name}_rng`, ...(family.hasCdf ? [`${name}_lcdf`, `${name}_lccdf`] : [])];
  });
}

/** A message if a distribution name is unknown (with the nearest known name). */
export function unknownDistributionMessage(name: string): string {
  const suggestion = nearest(name, DISTRIBUTION_NAMES);
  return `unknown distribution '${name}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`;
}

/**
 * Checks the parameters' values when they are data (known now), so that a data error
 * ("normal: sigma[3] is -1, but must be positive") is reported once, at compile time,
 * instead of making every evaluation a rejection.
 */
function checkConstantParameters(family: DistributionFamily, params: readonly Lowered[], spans: readonly Span[], context: LowerContext): void {
  if (!context.foldable) return;
  params.forEach((p, k) => {
    const spec = family.params[k];
    if (spec === undefined || !p.constant) return;
    try {
      checkParameter(family.name, spec, p.evaluate({ slots: [] }));
    } catch (error) {
      throw new CheckError((error as Error).message, spans[k]!, k);
    }
  });
}

/** The distribution of `family` with evaluated parameters. */
export function makeDistribution(family: DistributionFamily, params: readonly Lowered[], frame: Frame): Distribution {
  const values = new Array<Value>(params.length);
  for (let k = 0; k < params.length; k++) values[k] = params[k]!.evaluate(frame);
  return family.make(...values);
}

/**
 * Checks `family(params)` against an outcome of type `outcome` (undefined for draws),
 * including the parameter count. Used by `~` statements and by density functions.
 */
export function checkDistributionCall(
  family: DistributionFamily,
  outcome: SpecType | undefined,
  params: readonly Lowered[],
  spans: readonly Span[],
  span: Span,
  context: LowerContext,
): void {
  if (params.length !== family.params.length) {
    const names = family.params.map((p) => p.name).join(', ');
    throw new CheckError(`${family.name} takes ${family.params.length} parameter${family.params.length === 1 ? '' : 's'} (${names}), but ${params.length} ${params.length === 1 ? 'was' : 'were'} given`, span);
  }
  const problem = checkDistributionArguments(family, { outcome, params: params.map((p) => p.type) });
  if (problem !== undefined) throw new CheckError(problem, span);
  checkConstantParameters(family, params, spans, context);
}

function lowerDraw(family: DistributionFamily, params: readonly Lowered[], e: Extract<Expr, { kind: 'call' }>, context: LowerContext): Lowered {
  if (!context.allowRng) throw new CheckError(`${e.callee} draws random numbers, which only generated quantities may do (as in Stan)`, e.calleeSpan);
  if (e.bar) throw new CheckError(`${e.callee} has no outcome: separate its arguments with commas, not '|'`, e.span);
  checkDistributionCall(family, undefined, params, e.args.map((a) => a.span), e.span, context);
  const type = drawType(family, params.map((p) => p.type));
  // Never constant nor invariant: every call draws anew.
  return { type, evaluate: (frame) => drawFrom(makeDistribution(family, params, frame), type, frame.rng), constant: false, invariant: false };
}

/** One draw of `type` from a distribution (repeated when the parameters are scalars but the type is a container). */
export function drawFrom(distribution: Distribution, type: SpecType, rng: Rng | undefined): Value {
  if (rng === undefined) throw new EvaluationError(`${distribution.name}: a random draw outside generated quantities`);
  const count = elementCount(type);
  const draw = distribution.shape.length === 0 && type.kind !== 'int' && type.kind !== 'real' && count !== null ? distribution.sample(rng, count) : distribution.sample(rng);
  const p = primal(draw);
  // Draws of scalar families come as a vector of `count`: given the shape of the type (an array of reals, a matrix).
  const shape = shapeOfType(type);
  if (p instanceof Tensor && shape.length > 1 && shape.every((d) => d !== null) && p.size === count) return new Tensor(p.data, shape as number[]);
  return p instanceof Tensor || typeof p === 'number' ? p : draw;
}

/** Lowers `callee(args)` if the callee is a distribution function; undefined otherwise. */
export function lowerDistributionFunction(e: Extract<Expr, { kind: 'call' }>, args: readonly Lowered[], context: LowerContext): Lowered | undefined {
  const split = splitName(e.callee);
  if (split === undefined) return undefined;
  const [familyOrName, suffix] = split;
  if (typeof familyOrName === 'string') {
    throw new CheckError(`${e.callee}: ${unknownDistributionMessage(familyOrName)}`, e.calleeSpan);
  }
  const family = familyOrName;
  if (suffix === 'rng') return lowerDraw(family, args, e, context);
  const isDensity = suffix === 'lpdf' || suffix === 'lupdf' || suffix === 'lpmf' || suffix === 'lupmf';
  if (isDensity && family.discrete !== (suffix === 'lpmf' || suffix === 'lupmf')) {
    const right = `${family.name}_${family.discrete ? 'lpmf' : 'lpdf'}`;
    throw new CheckError(`${family.name} is ${family.discrete ? 'discrete: use ' : 'continuous: use '}${right}, not ${e.callee}`, e.calleeSpan);
  }
  if (!isDensity && !family.hasCdf) throw new CheckError(`${family.name} has no CDF in leapfrog, so ${e.callee} is not available`, e.calleeSpan);
  if (args.length === 0) throw new CheckError(`${e.callee} needs an outcome: ${e.callee}(y | ${family.params.map((p) => p.name).join(', ')})`, e.span);
  if (!e.bar && args.length > 1) {
    throw new CheckError(`write ${e.callee}(y | ${family.params.map((p) => p.name).join(', ')}): a '|' separates the outcome from the parameters`, e.span);
  }
  const [outcome, ...params] = args as [Lowered, ...Lowered[]];
  checkDistributionCall(family, outcome.type, params, e.args.slice(1).map((a) => a.span), e.span, context);
  const y = outcome.evaluate;
  const evaluate = (frame: Frame): Value => {
    const distribution = makeDistribution(family, params, frame);
    const value = y(frame);
    switch (suffix) {
      case 'lcdf':
        return distribution.logCdf!(value);
      case 'lccdf':
        return distribution.logCcdf!(value);
      case 'cdf':
        return exp(distribution.logCdf!(value));
      default:
        return distribution.logProb(value);
    }
  };
  return lowered(REAL, evaluate, args, context, e.span);
}
