import { Tensor } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { isRejection } from '../../models/api/evaluate.js';
import type { Target } from '../../models/api/target.js';
import { concreteShape } from './assign.js';
import { blockValues, firstViolation, runBlock, type LoweredBlock } from './blocks.js';
import { formatPath } from './errors.js';
import { pathOf } from './error-places.js';
import { frameFor, type LoweredProgram } from './program.js';
import { runAll } from './statements.js';

// The blocks of a checked spec as the functions defineModel takes: transformed parameters
// (the block's statements, then its variables' values), the model (the transformed
// parameters' declared constraints as terms, then its statements) and generated quantities
// (statements, checks; a rejection there records NaN for the draw and writes its message,
// as Stan's write_array does).

type Values = Readonly<Record<string, Value>>;
export type PrintSink = (line: string) => void;

export function transformedParametersOf(program: LoweredProgram, print: PrintSink | undefined): ((values: Values) => Record<string, Value>) | undefined {
  const block = program.transformedParameters;
  if (block.variables.length === 0 && block.executors.length === 0) return undefined;
  return (values) => {
    const frame = frameFor(program, values, { print });
    runBlock(block, frame);
    return blockValues(block, frame);
  };
}

export function modelOf(program: LoweredProgram, print: PrintSink | undefined): (values: Values, data: unknown, target: Target) => void {
  const { declaredChecks, model } = program;
  return (values, _data, target) => {
    const frame = frameFor(program, values, { print, target });
    for (let k = 0; k < declaredChecks.length; k++) target.add(declaredChecks[k]!.term(frame), declaredChecks[k]!.label);
    runAll(model, frame, target);
  };
}

/** NaN in the shape of each of the block's variables. */
function notANumber(block: LoweredBlock): Record<string, Value> {
  const out: Record<string, Value> = Object.create(null);
  for (const v of block.variables) {
    const shape = concreteShape(v.type) ?? [];
    out[v.name] = shape.length === 0 ? NaN : new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(NaN), shape);
  }
  return out;
}

export function generatedQuantitiesOf(program: LoweredProgram, print: PrintSink | undefined): ((values: Values, data: unknown, rng: Rng) => Record<string, Value>) | undefined {
  const block = program.generatedQuantities;
  if (block.variables.length === 0 && block.executors.length === 0) return undefined;
  return (values, _data, rng) => {
    const frame = frameFor(program, values, { rng, print });
    let problem: string;
    try {
      runBlock(block, frame);
      const out = blockValues(block, frame, true);
      const broken = firstViolation(block, out, frame);
      if (broken === undefined) return out;
      problem = `${formatPath(broken.path)}: ${broken.message}`;
    } catch (error) {
      if (!isRejection(error)) throw error;
      const inner = pathOf(error);
      problem = inner === undefined ? error.message : `${inner.error.message.startsWith(formatPath(inner.path)) ? '' : `${formatPath(inner.path)}: `}${inner.error.message}`;
    }
    print?.(`generated quantities: ${problem} (this draw's generated quantities are NaN)`);
    return notANumber(block);
  };
}
