import { BufferPool, Tensor, compileGradient, primal, valueAndGrad, withBufferPool } from '../../src/index.js';
import { measureTogether, samplerCalls, type Timing } from '../measure.js';
import { handwrittenAgreement } from '../models/agreement.js';
import { loadBenchModels, type BenchModel } from '../models/index.js';
import type { BenchContext, BenchSection, Cell, SectionResult } from '../section.js';

// The cost of one gradient through leapfrog's AD, against a hand-written gradient and
// against the log density alone, measured in one run (absolute times move from machine to
// machine; ratios measured together are what carries over).

/** Largest accepted AD gradient / hand-written gradient. */
const TARGET_OVER_HANDWRITTEN = 2;
/** Largest accepted AD gradient / AD log density evaluated on plain values. */
const TARGET_OVER_LOG_DENSITY = 3;
/** The models the targets apply to; the other rows show the fixed cost per op. */
const TARGETED = new Set(['logistic_regression', 'varying_intercepts']);
/** Largest accepted compileGradient / hand-written gradient (the compiled-gradients issue), on every model. */
const COMPILED_TARGET = 2;
/** Hand-written and AD gradients must agree this closely (relative). */
const AGREEMENT_TOLERANCE = 1e-10;

function targetVerdict(overHandwritten: number, overLogDensity: number): string {
  const misses: string[] = [];
  if (overHandwritten > TARGET_OVER_HANDWRITTEN) misses.push(`AD/hand > ${TARGET_OVER_HANDWRITTEN}`);
  if (overLogDensity > TARGET_OVER_LOG_DENSITY) misses.push(`AD/density > ${TARGET_OVER_LOG_DENSITY}`);
  return misses.length === 0 ? 'met' : `missed (${misses.join(', ')})`;
}

function benchModel(model: BenchModel, context: BenchContext): { row: Record<string, Cell>; failure: string | null } {
  const agreement = handwrittenAgreement(model);
  const failure =
    agreement.maxRelativeDifference <= AGREEMENT_TOLERANCE
      ? null
      : `${model.id}: hand-written and AD differ by ${agreement.maxRelativeDifference.toExponential(2)} (relative) in ` +
        `${agreement.where}, but must agree to ${AGREEMENT_TOLERANCE}`;

  // A fixed point in the bulk of the posterior's scale; the same for all three timings.
  const position = Float64Array.from({ length: model.dimension }, (_, i) => 0.1 * Math.sin(i + 1));
  const shape = [model.dimension];
  const gradient = new Float64Array(model.dimension);
  const adGradient = valueAndGrad(model.logDensity);
  const plainPosition = new Tensor(position, shape);
  // As a sampler calls it: intermediates from a buffer pool, the gradient copied out.
  const pool = new BufferPool();
  const pooledGradient = (): number =>
    withBufferPool(pool, () => {
      const { value, grad } = adGradient(new Tensor(position, shape));
      gradient.set((primal(grad as Tensor) as Tensor).data);
      return primal(value) as number;
    });
  const pooledDensity = (): number => withBufferPool(pool, () => primal(model.logDensity(plainPosition)) as number);

  // compileGradient: the same generic-op function, recorded once and compiled to one function.
  const compiled = compileGradient(model.logDensity, new Tensor(Float64Array.from(position), shape));
  compiled.valueAndGradInto(position, gradient);
  context.log(`  ${model.id}: AD gradient, hand-written gradient, AD log density, compileGradient (interleaved)`);
  // The hand-written and the compiled gradient given a sampler's arrays the same way (samplerCalls).
  const [handCall, compiledCall] = samplerCalls(position, gradient, [model.handwritten, (p, g) => compiled.valueAndGradInto(p, g)]);
  const [ad, hand, density, compiledTiming] = measureTogether(
    [pooledGradient, handCall!, pooledDensity, compiledCall!],
    context.timing,
  ) as [Timing, Timing, Timing, Timing];
  const compiledOverHand = compiledTiming.microsPerCall / hand.microsPerCall;

  const overHandwritten = ad.microsPerCall / hand.microsPerCall;
  const overLogDensity = ad.microsPerCall / density.microsPerCall;
  return {
    row: {
      model: model.id,
      dimension: model.dimension,
      adGradientMicros: ad.microsPerCall,
      handwrittenMicros: hand.microsPerCall,
      adLogDensityMicros: density.microsPerCall,
      adOverHandwritten: overHandwritten,
      adOverLogDensity: overLogDensity,
      maxRelativeDifference: agreement.maxRelativeDifference,
      targets: TARGETED.has(model.id) ? targetVerdict(overHandwritten, overLogDensity) : 'extra row',
      compiledMicros: compiledTiming.microsPerCall,
      compiledOverHandwritten: compiledOverHand,
      compiledEngine: compiled.status()?.compiled === true ? 'compiled' : 'interpreted',
      compiledTarget: compiledOverHand <= COMPILED_TARGET ? 'met' : `missed (> ${COMPILED_TARGET}×)`,
    },
    failure,
  };
}

export const adGradientsSection: BenchSection = {
  id: 'ad-gradients',
  title: 'AD gradients of log densities written with generic ops',
  models: ['logistic_regression', 'varying_intercepts', 'eight_schools_noncentered', 'gaussian_100d'],
  run(context: BenchContext): SectionResult {
    const rows: Record<string, Cell>[] = [];
    const failures: string[] = [];
    const models = loadBenchModels().filter((m) => context.models === undefined || context.models.includes(m.id));
    for (const model of models) {
      const { row, failure } = benchModel(model, context);
      rows.push(row);
      if (failure !== null) failures.push(failure);
    }
    return {
      columns: [
        { key: 'model', header: 'model' },
        { key: 'dimension', header: 'dim', format: 'integer' },
        { key: 'adGradientMicros', header: 'AD grad µs', format: 'micros' },
        { key: 'handwrittenMicros', header: 'hand grad µs', format: 'micros' },
        { key: 'adLogDensityMicros', header: 'AD density µs', format: 'micros' },
        { key: 'adOverHandwritten', header: 'AD/hand', format: 'ratio' },
        { key: 'adOverLogDensity', header: 'AD/density', format: 'ratio' },
        { key: 'maxRelativeDifference', header: 'max rel diff', format: 'error' },
        { key: 'targets', header: 'targets' },
        { key: 'compiledMicros', header: 'compileGradient µs', format: 'micros' },
        { key: 'compiledOverHandwritten', header: 'compiled/hand', format: 'ratio' },
        { key: 'compiledEngine', header: 'engine' },
        { key: 'compiledTarget', header: `compiled ≤ ${COMPILED_TARGET}×` },
      ],
      rows,
      notes: [
        `µs per call (${context.timing.clock ?? 'wall'} clock): median over ${context.timing.batches ?? 7} batches of the mean per call; warm-up first, ≥ ${context.timing.minSeconds ?? 0.3} s of calls per figure, the three timings of a row interleaved.`,
        'AD grad: valueAndGrad of the log density (value and gradient, copied out) inside withBufferPool, as a sampler calls it; AD density: the same function on plain values, no tracing.',
        'hand grad: analytic gradient in Float64Array loops (bench/handwritten/); max rel diff: against the AD gradient at 5 random points.',
        `targets (logistic_regression, varying_intercepts): AD/hand ≤ ${TARGET_OVER_HANDWRITTEN}×, AD/density ≤ ${TARGET_OVER_LOG_DENSITY}×.`,
        'eight_schools_noncentered (scalar ops in a loop over J) and gaussian_100d show the fixed cost per op of define-by-run AD.',
        `compileGradient: the same function recorded once and compiled (src/ad/compile), value and gradient into an array; target ≤ ${COMPILED_TARGET}× hand-written on every model.`,
      ],
      failures,
    };
  },
};
