import type { ModelInstance } from '../../models/api/index.js';
import { LogDensityAccumulator } from '../../models/api/target.js';
import { resolveLimits } from '../../models/api/limits.js';
import { makeRng } from '../../random/rng.js';
import { runBlock } from './blocks.js';
import { checked, compileProgram, defaultPrintSink, type SpecCompileOptions } from './compile.js';
import { SpecError, type SpecIssue } from './errors.js';
import { UnassignedReads } from './local-variable.js';
import { frameFor, type LoweredProgram } from './program.js';
import { runAll } from './statements.js';

// A program's warnings: reads of reals never assigned, which read NaN as in Stan (reals start
// as NaN there; stanc only warns). They are found by running the blocks once with the reads
// observed: transformed data while the program is lowered, then transformed parameters, the
// model block and generated quantities at the first point the model accepts (θ = 0, then
// uniform draws in (−2, 2), as the compile's trial evaluation). Kept apart from compile.ts, so
// that a sampler worker, which rebuilds a model already checked, carries none of it.

/**
 * The reads of unassigned reals seen by one evaluation of the blocks of a compiled program
 * (added to `reads`, which transformed data's lowering may already hold). What fails here was
 * reported by compileProgram's trial evaluation; a rejection moves on to the next point.
 */
export function unassignedReads(program: LoweredProgram, instance: ModelInstance, reads: UnassignedReads): SpecIssue[] {
  const rng = makeRng(0, 0);
  for (let attempt = 0; attempt <= 10; attempt++) {
    const theta = Float64Array.from({ length: instance.dim }, () => (attempt === 0 ? 0 : 4 * rng.uniform() - 2));
    let values: ReturnType<ModelInstance['constrain']>;
    try {
      values = instance.constrain(theta);
      // constrain ran the transformed parameters unobserved: again, with their reads seen.
      runBlock(program.transformedParameters, frameFor(program, values, { unassigned: reads }));
      const target = new LogDensityAccumulator();
      runAll(program.model, frameFor(program, values, { target, unassigned: reads }), target);
    } catch {
      continue;
    }
    try {
      runBlock(program.generatedQuantities, frameFor(program, values, { rng: makeRng(0, 1), unassigned: reads }));
    } catch {
      // A rejection in generated quantities makes one draw's quantities NaN; nothing to warn of.
    }
    break;
  }
  return reads.warnings;
}

/**
 * compileSpec, with the program's warnings (each at its JSON path) instead of none: what the
 * command line and checkSpec use. Throws SpecError as compileSpec does.
 */
export function compileSpecWithWarnings(specJson: unknown, data: unknown, options: SpecCompileOptions = {}): { model: ModelInstance; warnings: SpecIssue[] } {
  const reads = new UnassignedReads();
  const program = checked(specJson, data ?? {}, resolveLimits(options.limits), { print: options.print ?? defaultPrintSink, seed: options.seed, unassigned: reads });
  if (Array.isArray(program)) throw new SpecError(program);
  const model = compileProgram(program, options);
  return { model, warnings: unassignedReads(program, model, reads) };
}
