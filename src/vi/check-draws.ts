import type { CompiledModel } from '../models/model.js';
import { makeRng, type Rng } from '../random/rng.js';
import { type ApproximationCheck, approximationCheckOf, checkWithShifts } from '../samplers/diagnostics/approximation-check.js';
import { materialShifts } from '../samplers/diagnostics/importance-shift.js';
import { addDraw, finishShifts, startShifts } from '../samplers/diagnostics/shift-accumulator.js';
import { columnIndex, type Fit } from '../samplers/run/fit.js';
import { fillStandardNormal, type VariationalFamily } from './family.js';

/** Writes a draw of the approximation into `position` and returns its log density there. */
export type ApproximationDraw = (rng: Rng, position: Float64Array) => number;

/**
 * The Pareto-k check of an approximation (Yao et al. 2018; ADVI's, Laplace's) from more draws
 * than the fit keeps (vi/options.ts, checkDraws): k-hat and the importance shifts of the means are
 * estimated from the kept draws and `total − kept` further draws, made one at a time from
 * their own stream and dropped. The further draws are made twice: once for their importance
 * ratios, whose PSIS fit gives k-hat and the weights, then again, with the weights known, to
 * accumulate the shifts of the outputs' means (shift-accumulator.ts). Over all 10,000 draws
 * the shifts of a poor approximation stand out of the noise (non-centred eight schools: tau's
 * mean moves 0.13-0.23 sd at every seed tried), which over the kept 1,000 they often do not.
 */

/** Random streams of the further draws, and of the generated quantities computed at them. */
const CHECK_STREAM = 3;
const CHECK_OUTPUT_STREAM = 4;

/** A variational family at lambda as an ApproximationDraw. */
export function familyDraw(family: VariationalFamily, lambda: Float64Array): ApproximationDraw {
  const standard = new Float64Array(family.dim);
  return (rng, position) => {
    fillStandardNormal(rng, standard);
    family.transform(lambda, standard, position);
    return family.logDensityOfStandard(lambda, standard);
  };
}

/** Calls `visit` with each further draw's position (reused: copy to keep), in order. */
function eachFurtherDraw(draw: ApproximationDraw, dim: number, count: number, seed: number, visit: (position: Float64Array, logApproximation: number, index: number) => void): void {
  const rng = makeRng(seed, CHECK_STREAM);
  const position = new Float64Array(dim);
  for (let index = 0; index < count; index++) {
    const logApproximation = draw(rng, position);
    visit(position, logApproximation, index);
  }
}

function joined(kept: Float64Array, further: Float64Array): Float64Array {
  const all = new Float64Array(kept.length + further.length);
  all.set(kept);
  all.set(further, kept.length);
  return all;
}

/** The check of `fit`'s approximation (whose draws `draw` makes) over `total` draws, the kept ones first. */
export function checkWithMoreDraws(model: CompiledModel, draw: ApproximationDraw, fit: Fit, total: number, seed: number): ApproximationCheck | undefined {
  const columns = fit.draws[0]!;
  const kept = columns[0]?.length ?? 0;
  const extra = total - kept;
  if (extra <= 0 || kept < 2) return approximationCheckOf(fit);
  const furtherDensity = new Float64Array(extra);
  const furtherApproximation = new Float64Array(extra);
  eachFurtherDraw(draw, model.dim, extra, seed, (position, logApproximation, index) => {
    furtherDensity[index] = model.logDensity(position);
    furtherApproximation[index] = logApproximation;
  });
  const logDensity = joined(columns[columnIndex(fit, 'log_p__')]!, furtherDensity);
  const logApproximation = joined(columns[columnIndex(fit, 'log_g__')]!, furtherApproximation);
  const outputColumns = fit.outputNames.map((name) => columns[columnIndex(fit, name)]!);
  const shiftsOf = (weights: Float64Array) => {
    const centre = Float64Array.from(outputColumns, (column) => column.reduce((sum, value) => sum + value, 0) / kept);
    let accumulator = startShifts(centre);
    const row = new Float64Array(outputColumns.length);
    for (let index = 0; index < kept; index++) {
      outputColumns.forEach((column, q) => (row[q] = column[index]!));
      accumulator = addDraw(accumulator, row, weights[index]!, total);
    }
    const outputRng = makeRng(seed, CHECK_OUTPUT_STREAM);
    eachFurtherDraw(draw, model.dim, extra, seed, (position, _logApproximation, index) => {
      accumulator = addDraw(accumulator, model.outputs(position, outputRng), weights[kept + index]!, total);
    });
    return materialShifts(finishShifts(accumulator, fit.outputNames));
  };
  return checkWithShifts(logDensity, logApproximation, fit.approximation ?? 'approximation', shiftsOf);
}
