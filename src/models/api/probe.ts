import type { Shape } from '../../ad/tensor.js';
import { makeRng, type Rng } from '../../random/rng.js';
import { constrainInto, isRejection, logDensityOf, shapeOfOutput, type Program, type ValueRecord } from './evaluate.js';
import { unconstrainedPieces } from './parameters.js';
import { LogDensityAccumulator } from './target.js';

// Compile-time runs of a model: the shapes of its derived quantities (define-by-run, they
// are whatever the functions return) and a first evaluation of the model block, so that
// mistakes are reported at compile time with their own message.

export interface DerivedShapes {
  readonly transformed: readonly [string, Shape][];
  readonly generated: readonly [string, Shape][];
}

/** One attempt at the derived quantities' shapes at an unconstrained point. */
function derivedShapesAt(program: Program, theta: Float64Array, rng: Rng): DerivedShapes {
  const parameters: ValueRecord = {};
  const derived = constrainInto(program, unconstrainedPieces(program.layout.slots, theta), null, parameters);
  const generated = program.generatedQuantities?.(parameters, program.data, rng) ?? {};
  const shapes = (record: Readonly<Record<string, unknown>>, block: string): [string, Shape][] =>
    Object.entries(record).map(([name, value]) => [name, shapeOfOutput(value, `${program.name}: ${block}.${name}`)]);
  return { transformed: shapes(derived, 'transformedParameters'), generated: shapes(generated, 'generatedQuantities') };
}

/**
 * The shapes of transformed parameters and generated quantities are whatever the
 * functions return (define-by-run), found by running them once: at θ = 0, or, if that is
 * rejected, at up to 10 points drawn as Stan draws initial values (uniform on (−2, 2)).
 */
export function inferDerivedShapes(program: Program, place: string): DerivedShapes {
  if (program.transformedParameters === undefined && program.generatedQuantities === undefined) return { transformed: [], generated: [] };
  const rng = makeRng(0, 0);
  let first: Error | undefined;
  for (let attempt = 0; attempt <= 10; attempt++) {
    const theta = Float64Array.from({ length: program.layout.dim }, () => (attempt === 0 ? 0 : 4 * rng.uniform() - 2));
    try {
      return derivedShapesAt(program, theta, rng);
    } catch (error) {
      if (!isRejection(error)) throw new Error(`${place}: transformedParameters or generatedQuantities threw: ${String((error as Error).message ?? error)}`, { cause: error });
      first ??= error;
    }
  }
  throw new Error(
    `${place}: could not find the shapes of the transformed parameters and generated quantities: ` +
      `they threw at θ = 0 and at 10 random points. First error: ${first!.message}`,
    { cause: first },
  );
}

/**
 * Runs the model block once at compile time, so that a mistake in it (a shape that does
 * not fit, a misspelt field) is reported now, with its message, rather than as a log
 * density that is −∞ everywhere. Points are tried as inferDerivedShapes tries them; only
 * when every one is rejected does compile throw (Stan's initialisation would fail too).
 */
export function probeModelBlock(program: Program, place: string): void {
  const rng = makeRng(0, 1);
  let first: Error | undefined;
  for (let attempt = 0; attempt <= 10; attempt++) {
    const theta = Float64Array.from({ length: program.layout.dim }, () => (attempt === 0 ? 0 : 4 * rng.uniform() - 2));
    try {
      logDensityOf(program, unconstrainedPieces(program.layout.slots, theta), new LogDensityAccumulator());
      return;
    } catch (error) {
      if (!isRejection(error)) throw new Error(`${place}: the model block threw: ${String((error as Error).message ?? error)}`, { cause: error });
      first ??= error;
    }
  }
  throw new Error(
    `${place}: the model block threw at θ = 0 and at 10 random points in (−2, 2)^${program.layout.dim}; ` +
      `the first error was: ${first!.message}`,
    { cause: first },
  );
}

export function checkNames(program: Program, shapes: DerivedShapes, place: string): void {
  const taken = new Map<string, string>();
  for (const name of Object.keys(program.data)) taken.set(name, 'a data field');
  for (const slot of program.layout.slots) taken.set(slot.name, 'a parameter');
  for (const [block, entries] of [['transformedParameters', shapes.transformed], ['generatedQuantities', shapes.generated]] as const) {
    for (const [name] of entries) {
      const other = taken.get(name);
      if (other !== undefined) throw new Error(`${place}: ${block} returns '${name}', which is already ${other}; give it another name`);
      taken.set(name, `a quantity of ${block}`);
    }
  }
}
