import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import { Tensor, type Shape } from '../../ad/tensor.js';
import { Box, isRecording, noteCheckFailed, noteRead, peek, primal, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { Constraint } from '../constraints.js';
import { checkParameter, expectValue, formatIndex, plainParameterValid, plainValueInSupport, type ParamSpec } from './checks.js';
import type { Distribution, DistributionFamily } from './distribution.js';
import { broadcastAll, broadcastShapeOf, forEachElement, layoutArgs, mapElements, shapesOf } from './elementwise.js';
import { conditionTest, conditionsOf, tracedArgumentsCondition, type ElementCondition, type ElementFunction, type FamilyConditions } from './family-conditions.js';
import { defineFusedDensity, fusionMode, type DensityGuard, type FusedDensity } from './fused.js';

// The scalar families (normal, gamma, poisson, ...): a declarative header — parameters with
// their constraints, the support — plus a fused density, an elementwise sampler and the
// moments (NumPyro's distribution header, Stan's vectorised _lpdf). Everything here is the
// shared machinery: argument checks, broadcasting, validation before evaluation.

export type { ElementCondition, ElementFunction, FamilyConditions };

/** A rule between parameters that elementwise constraints cannot state (uniform's lower < upper). */
export interface ParameterRelation {
  /** 1 where the parameters' values at one element keep the rule (arguments: the parameters). */
  readonly holds: ElementCondition;
  /** The message for a failing element, e.g. "upper is 0, but must be greater than lower (1)". */
  readonly describe: (params: Float64Array) => string;
}

export interface ScalarFamilySpec {
  /** Stan's name. */
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** The elementwise support of the value (bounds closed). */
  readonly support: Constraint;
  /** The support reported by an instance, when it depends on the parameters (uniform). */
  readonly supportOf?: (params: readonly Value[]) => Constraint;
  /**
   * A test on one element's values [y, ...params] beyond the support's bounds, 1 where it
   * holds: an open end (lognormal at 0) or a support that depends on a parameter
   * (binomial's y ≤ n). Declared as an expression, so compiled code can emit it too.
   */
  readonly inSupport?: ElementCondition;
  readonly relation?: ParameterRelation;
  /** Positions in [y, ...params] holding integers (discrete values, binomial's n): constants for AD. */
  readonly integerArgs?: readonly number[];
  readonly density: FusedDensity;
  /** An elementwise draw given one element's parameters, built once per `sample` call. */
  readonly sampler: (rng: Rng) => (params: Float64Array) => number;
  readonly mean?: (params: Float64Array) => number;
  readonly variance?: (params: Float64Array) => number;
  /**
   * The log CDF and log CCDF of one element [y, ...params], declared as the density is: each
   * becomes a fused density (one node with its partials, replayed, compiled).
   */
  readonly logCdf?: ElementFunction;
  readonly logCcdf?: ElementFunction;
}

/** A NaN log density means an argument slipped past the checks; the sampler needs -Infinity. */
function neverNaN(result: Value): Value {
  // peek: a replayed density maps NaN to −∞ itself (DensityGuard).
  const p = peek(result);
  if (typeof p === 'number' && Number.isNaN(p)) {
    noteCheckFailed('a density was NaN');
    return -Infinity;
  }
  return result;
}

function checkRelation(header: FamilyHeader, params: readonly Value[], shape: Shape): void {
  const { spec, relationHolds } = header;
  if (relationHolds === undefined || params.some((p) => p instanceof Box)) return;
  const layout = layoutArgs(spec.name, params.map((p) => primal(p)), shape);
  forEachElement(layout, (values, i) => {
    if (!relationHolds(values)) throw new Error(`${spec.name}: ${spec.relation!.describe(values)}${shape.length > 0 ? ` at ${formatIndex(i, shape)}` : ''}`);
  });
}

function drawCount(name: string, count: number | undefined): void {
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
  }
}

/** Draws of `shape` from an elementwise sampler: one, or `count` stacked on a new leading axis. */
export function drawElementwise(layout: ReturnType<typeof layoutArgs>, draw: (params: Float64Array) => number, count: number | undefined): Primal {
  if (count === undefined) return mapElements(layout, draw);
  const size = layout.size;
  const out = new Float64Array(count * size);
  for (let c = 0; c < count; c++) forEachElement(layout, (values, i) => (out[c * size + i] = draw(values)));
  return new Tensor(out, [count, ...layout.shape]);
}

/** A scalar family: a registry entry, plus its fused density for direct use and tests. */
export interface ScalarFamily extends DistributionFamily {
  /** The summed log density of [y, ...params] (Stan's `normal_lpdf(y | mu, sigma)`), unchecked. */
  readonly density: FusedDensity;
  /** The summed log CDF and log CCDF, unchecked, where the family has them. */
  readonly logCdfDensity?: FusedDensity;
  readonly logCcdfDensity?: FusedDensity;
  /** The family's checks as expressions, for code that emits them (the whole-model compiler). */
  readonly conditions: FamilyConditions;
}

/**
 * Whether `test` holds at every element of the broadcast plain values of `args`. Reads
 * traced values: only for checks the family's DensityGuard repeats at replay.
 */
function everyElement(name: string, argNames: readonly string[], args: readonly Value[], test: (values: Float64Array) => boolean): boolean {
  const primals = args.map((a) => peek(a));
  const layout = layoutArgs(name, primals, broadcastAll(name, argNames, shapesOf(primals)));
  let holds = true;
  forEachElement(layout, (values) => (holds &&= test(values)));
  return holds;
}

/**
 * What every instance of a family shares, worked out once per family rather than per
 * construction: instances are built on every evaluation of a model, so their construction
 * and `logProb` are hot paths (no closures, no per-call name arrays).
 */
interface FamilyHeader {
  readonly spec: ScalarFamilySpec;
  readonly paramNames: readonly string[];
  /** ['y', ...paramNames], for errors about the value and the parameters together. */
  readonly argNames: readonly string[];
  readonly integerArgs: readonly number[];
  /** The summed log CDF and CCDF as fused densities, where the family has them. */
  readonly logCdf: FusedDensity | undefined;
  readonly logCcdf: FusedDensity | undefined;
  /** The JS tests derived from spec.inSupport and spec.relation's expressions. */
  readonly inSupport: ((values: Float64Array) => boolean) | undefined;
  readonly relationHolds: ((params: Float64Array) => boolean) | undefined;
  /** checkedArguments' tests of traced arguments, for the density to repeat at replay. */
  readonly guard: DensityGuard;
}

function cdfDensity(spec: ScalarFamilySpec, suffix: 'lcdf' | 'lccdf', fn: ElementFunction | undefined): FusedDensity | undefined {
  if (fn === undefined) return undefined;
  return defineFusedDensity({ name: `${spec.name}_${suffix}`, argNames: ['y', ...spec.params.map((p) => p.name)], element: fn });
}

function headerOf(spec: ScalarFamilySpec): FamilyHeader {
  const paramNames = spec.params.map((p) => p.name);
  const argNames = ['y', ...paramNames];
  const inSupport = spec.inSupport === undefined ? undefined : conditionTest(spec.inSupport, argNames.length);
  const relationHolds = spec.relation === undefined ? undefined : conditionTest(spec.relation.holds, paramNames.length);
  const header: FamilyHeader = {
    spec,
    paramNames,
    argNames,
    integerArgs: spec.integerArgs ?? [],
    logCdf: cdfDensity(spec, 'lcdf', spec.logCdf),
    logCcdf: cdfDensity(spec, 'lccdf', spec.logCcdf),
    inSupport,
    relationHolds,
    guard: Object.assign((args: readonly Primal[], traced: readonly boolean[]) => tracedArgumentsValid(header, args, traced), {
      condition: (e: ExprKit, args: readonly ScalarExpr[], traced: readonly boolean[]) => tracedArgumentsCondition(spec, e, args, traced),
    }),
  };
  return header;
}

/**
 * checkedArguments' tests, at replay, of the arguments [y, ...params] that were traced
 * (plain ones are the same constants they were when checked): y in the support, each
 * traced parameter within its rule, the relation between parameters, spec.inSupport.
 */
function tracedArgumentsValid(header: FamilyHeader, args: readonly Primal[], traced: readonly boolean[]): boolean {
  const { spec, paramNames, argNames, relationHolds, inSupport } = header;
  if (traced[0] === true && !plainValueInSupport(spec.support, args[0]!, true)) return false;
  let anyParameter = false;
  for (let k = 0; k < spec.params.length; k++) {
    if (traced[k + 1] !== true) continue;
    anyParameter = true;
    if (!plainParameterValid(spec.params[k]!, args[k + 1]!)) return false;
  }
  if (anyParameter && relationHolds !== undefined && !everyElement(spec.name, paramNames, args.slice(1), relationHolds)) return false;
  if (inSupport !== undefined && traced.includes(true) && !everyElement(spec.name, argNames, args, inSupport)) return false;
  return true;
}

/**
 * [y, ...params] ready for the density (integer arguments detached from any trace), or null
 * when some value makes it −∞: y outside the support, or a traced parameter that breaks its
 * rule (plain ones were checked at construction). Shapes that do not broadcast throw.
 */
function checkedArguments(header: FamilyHeader, params: readonly Value[], traced: boolean, y: Value): Value[] | null {
  const { spec, integerArgs } = header;
  const name = spec.name;
  const args = new Array<Value>(params.length + 1);
  args[0] = expectValue(name, 'y', y);
  for (let k = 0; k < params.length; k++) args[k + 1] = params[k]!;
  for (let j = 0; j < integerArgs.length; j++) args[integerArgs[j]!] = primal(args[integerArgs[j]!]!);
  broadcastShapeOf(name, header.argNames, args);
  // Traced values are read with peek: the density's guard repeats these tests at replay.
  if (!valid(header, params, traced, args)) {
    noteCheckFailed(`${name}: an argument is outside its support`);
    return null;
  }
  return args;
}

function valid(header: FamilyHeader, params: readonly Value[], traced: boolean, args: readonly Value[]): boolean {
  const { spec } = header;
  const name = spec.name;
  if (!plainValueInSupport(spec.support, peek(args[0]!), args[0] instanceof Box)) return false;
  if (traced) {
    for (let k = 0; k < params.length; k++) {
      if (params[k] instanceof Box && !plainParameterValid(spec.params[k]!, peek(params[k]!))) return false;
    }
    const relationHolds = header.relationHolds;
    if (relationHolds !== undefined && !everyElement(name, header.paramNames, params, relationHolds)) return false;
  }
  return header.inSupport === undefined || everyElement(name, header.argNames, args, header.inSupport);
}

/** The summed log density, −∞ where an argument is out of its domain. */
function summedDensity(header: FamilyHeader, params: readonly Value[], traced: boolean, y: Value, fn: FusedDensity): Value {
  // The checks below read traced values; the fused density (log density, CDF or CCDF)
  // repeats them at replay, a density composed of ops under nested traces does not.
  if ((traced || y instanceof Box) && isRecording() && fusionMode([y, ...params]) === 'composed') {
    noteRead(`${header.spec.name}: a composed density checked traced arguments`);
  }
  const args = checkedArguments(header, params, traced, y);
  return args === null ? -Infinity : neverNaN(fn(args, header.guard));
}

/** An instance of a scalar family: its parameters checked at construction. */
class ScalarDistribution implements Distribution {
  readonly name: string;
  readonly support: Constraint;
  readonly shape: Shape;
  protected readonly header: FamilyHeader;
  protected readonly params: readonly Value[];
  /** Whether some parameter is traced (and so checked at evaluation, not construction). */
  protected readonly traced: boolean;

  constructor(header: FamilyHeader, given: readonly Value[]) {
    const { spec, paramNames } = header;
    const name = spec.name;
    if (given.length !== spec.params.length) {
      throw new Error(`${name}: expected ${spec.params.length} parameters (${paramNames.join(', ')}), got ${given.length}`);
    }
    const params = new Array<Value>(given.length);
    let traced = false;
    for (let k = 0; k < given.length; k++) {
      const p = expectValue(name, paramNames[k]!, given[k]);
      params[k] = p;
      if (p instanceof Box) traced = true;
    }
    for (let k = 0; k < params.length; k++) checkParameter(name, spec.params[k]!, params[k]!);
    const shape = broadcastShapeOf(name, paramNames, params);
    checkRelation(header, params, shape);
    this.name = name;
    this.support = spec.supportOf === undefined ? spec.support : spec.supportOf(params);
    this.shape = shape;
    this.header = header;
    this.params = params;
    this.traced = traced;
  }

  logProb(y: Value): Value {
    return summedDensity(this.header, this.params, this.traced, y, this.header.spec.density);
  }

  sample(rng: Rng, count?: number): Primal {
    drawCount(this.name, count);
    return drawElementwise(this.plainLayout(), this.header.spec.sampler(rng), count);
  }

  get mean(): Primal | undefined {
    return this.moment(this.header.spec.mean);
  }

  get variance(): Primal | undefined {
    return this.moment(this.header.spec.variance);
  }

  private plainLayout(): ReturnType<typeof layoutArgs> {
    return layoutArgs(this.name, this.params.map((p) => primal(p)), this.shape);
  }

  private moment(fn: ((p: Float64Array) => number) | undefined): Primal | undefined {
    return fn === undefined ? undefined : mapElements(this.plainLayout(), fn);
  }
}

/** Per-element log CDF or CCDF values, and the check of their traced arguments to repeat at replay. */
export interface CdfElements {
  /** Over the broadcast shape of the value and the parameters. */
  readonly values: Value;
  /** [x, ...params], and whether they still pass the family's checks (for `guarded`). */
  readonly inputs: readonly Value[];
  readonly holds: (inputs: readonly Primal[]) => boolean;
}

/** An instance of a family with CDFs (normal, gamma, ...): adds the summed log CDF and CCDF. */
export class ScalarDistributionWithCdf extends ScalarDistribution {
  /**
   * The log CDF (or CCDF, `upper`) of each element of x, unsummed, for truncation; null
   * where an argument is outside its domain. Traced arguments are read with peek: the
   * caller wraps what it computes in `guarded` with `holds`, which repeats the checks.
   */
  cdfElements(x: Value, upper: boolean): CdfElements | null {
    const { header, params } = this;
    const args = checkedArguments(header, params, this.traced, x);
    if (args === null) return null;
    const traced = args.map((a) => a instanceof Box);
    const values = (upper ? header.logCcdf! : header.logCdf!).elementwise(args);
    return { values, inputs: args, holds: (inputs) => header.guard(inputs, traced) };
  }

  logCdf(y: Value): Value {
    return summedDensity(this.header, this.params, this.traced, y, this.header.logCdf!);
  }

  logCcdf(y: Value): Value {
    return summedDensity(this.header, this.params, this.traced, y, this.header.logCcdf!);
  }
}

/** The family (a registry entry) of a scalar distribution. */
export function defineScalarFamily(spec: ScalarFamilySpec): ScalarFamily {
  if ((spec.logCdf === undefined) !== (spec.logCcdf === undefined)) {
    throw new Error(`defineScalarFamily: ${spec.name} defines ${spec.logCdf === undefined ? 'logCcdf without logCdf' : 'logCdf without logCcdf'}; give both or neither`);
  }
  const header = headerOf(spec);
  const cdfs = header.logCdf === undefined ? {} : { logCdfDensity: header.logCdf, logCcdfDensity: header.logCcdf! };
  return {
    ...cdfs,
    conditions: conditionsOf(spec),
    name: spec.name,
    params: spec.params,
    support: spec.support,
    supportDependsOnParameters: spec.supportOf !== undefined,
    discrete: spec.support.kind === 'integer',
    hasCdf: spec.logCdf !== undefined,
    make: spec.logCdf === undefined ? (...given: Value[]) => new ScalarDistribution(header, given) : (...given: Value[]) => new ScalarDistributionWithCdf(header, given),
    density: spec.density,
  };
}
