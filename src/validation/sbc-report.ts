import type { ParameterCalibration, SbcResult } from './sbc.js';
import type { RankReading } from './sbc-shape.js';

/**
 * SBC results as Markdown (printed and written to sbc.md) and JSON: per method, one row per
 * parameter with its chi-square test and how its ranks deviate, then a verdict per model
 * that says in which direction a failing fit errs.
 */

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

function parameterRow(result: SbcResult, parameter: ParameterCalibration): string {
  const { test, shape } = parameter;
  return (
    `| ${result.model} | ${parameter.name} | ${result.replicates} | ${fixed(test.statistic, 1)} | ${test.pValue.toExponential(2)} | ` +
    `${parameter.rejected ? '**rejected**' : 'ok'} | ${fixed(shape.meanOffset, 3)} (${fixed(shape.meanZ, 1)}) | ` +
    `${fixed(shape.spreadRatio, 2)} (${fixed(shape.spreadZ, 1)}) | ${shape.reading} |`
  );
}

/** The most common non-uniform reading among a result's rejected parameters, if any. */
export function dominantReading(result: SbcResult): RankReading | undefined {
  const tally = new Map<RankReading, number>();
  for (const parameter of result.parameters) {
    if (parameter.rejected && parameter.shape.reading !== 'consistent with uniform') tally.set(parameter.shape.reading, (tally.get(parameter.shape.reading) ?? 0) + 1);
  }
  return [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function modelVerdict(result: SbcResult): string {
  const rejected = result.parameters.filter((parameter) => parameter.rejected);
  const reading = dominantReading(result);
  const verdict =
    rejected.length === 0
      ? 'calibrated (no parameter rejected)'
      : `NOT calibrated: ${rejected.length} of ${result.parameters.length} parameters rejected${reading === undefined ? '' : `, mostly ${reading}`}`;
  const facts = [
    `${result.replicates} replicates`,
    result.failures.length > 0 ? `${result.failures.length} failed (first: ${result.failures[0]!.error.split('\n')[0]!.slice(0, 100)}…)` : undefined,
    result.method === 'nuts' ? `${result.divergentReplicates} with divergences` : undefined,
    result.method === 'nuts' ? `mean thinning stride ${fixed(result.meanStride, 1)}` : undefined,
    result.unreliableReplicates > 0 ? `${result.unreliableReplicates} ${result.method === 'nuts' ? 'without L independent draws' : 'not converged'}` : undefined,
  ].filter((fact) => fact !== undefined);
  return `- ${result.model}: ${verdict} (${facts.join('; ')})`;
}

export function sbcMarkdown(title: string, description: readonly string[], results: readonly SbcResult[]): string {
  const methods = [...new Set(results.map((result) => result.method))];
  const sections = methods.flatMap((method) => {
    const ofMethod = results.filter((result) => result.method === method);
    const level = ofMethod[0]?.level ?? NaN;
    return [
      `## ${method}`,
      '',
      `Bonferroni-corrected level per parameter: ${level.toExponential(2)} (1% over ${ofMethod.reduce((n, r) => n + r.parameters.length, 0)} parameters).`,
      '',
      ...ofMethod.map(modelVerdict),
      '',
      '| model | parameter | replicates | χ² | p | test | mean rank offset (z) | rank spread ratio (z) | reading |',
      '|---|---|---|---|---|---|---|---|---|',
      ...ofMethod.flatMap((result) => result.parameters.map((parameter) => parameterRow(result, parameter))),
      '',
    ];
  });
  return [`# ${title}`, '', ...description, '', ...sections].join('\n');
}

/** Results without the raw rank lists' bulk: ranks are kept (they are the data of the test). */
export function sbcJson(title: string, description: readonly string[], results: readonly SbcResult[]): string {
  return JSON.stringify({ title, description, results }, null, 1);
}
