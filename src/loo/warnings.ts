import type { LooResult } from './loo.js';

/**
 * What a PSIS-LOO result says about its own reliability, in words, following the R package
 * loo's pareto-k-diagnostic and loo-glossary help pages (Vehtari, Gelman & Gabry 2017,
 * section 2.1 and 4; Vehtari et al. 2024, section 3).
 */

type LooBase = Pick<LooResult, 'pointwise' | 'paretoKThreshold' | 'draws' | 'observations' | 'pLoo'>;

function listObservations(names: readonly string[], limit = 6): string {
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

function paretoKWarning(result: LooBase): string[] {
  const { paretoK, names } = result.pointwise;
  const threshold = result.paretoKThreshold;
  const high = [...paretoK.keys()].filter((i) => !(paretoK[i]! <= threshold));
  if (high.length === 0) return [];
  high.sort((a, b) => paretoK[b]! - paretoK[a]! || a - b);
  const worst = high[0]!;
  const veryBad = high.filter((i) => !(paretoK[i]! <= 1)).length;
  const onlyNeedMoreDraws = high.every((i) => paretoK[i]! <= 0.7);
  const advice = onlyNeedMoreDraws
    ? `Every such k is below 0.7, so more posterior draws would make these estimates reliable (the threshold rises with the number of draws up to 0.7).`
    : 'More draws rarely help above 0.7. Compute these observations exactly (refit the model without each of them), ' +
      'use moment matching or K-fold cross-validation instead; a high k also marks a highly influential observation, ' +
      'often a sign of misspecification (an outlier that a heavier-tailed likelihood would absorb) or of a very flexible model.';
  return [
    `${high.length} of ${result.observations} observations have Pareto k above ${threshold.toFixed(2)} (the threshold for ` +
      `${result.draws} draws)${veryBad > 0 ? `, ${veryBad} of them above 1` : ''}: their PSIS-LOO estimates are unreliable, and ` +
      `so is elpd_loo (largest k ${paretoK[worst]!.toFixed(2)} for ${names[worst]}; observations ${listObservations(high.map((i) => names[i]!))}). ${advice}`,
  ];
}

function effectiveParametersWarning(result: LooBase, parameters: number | undefined): string[] {
  if (parameters === undefined) return [];
  const pLoo = result.pLoo.estimate;
  if (pLoo > parameters) {
    return [
      `p_loo (${pLoo.toFixed(1)}) exceeds the number of parameters (${parameters}): the model is likely badly misspecified ` +
        '(loo-glossary); check it with posterior predictive checks.',
    ];
  }
  return [];
}

export function looWarnings(result: LooBase, parameters: number | undefined): string[] {
  return [...paretoKWarning(result), ...effectiveParametersWarning(result, parameters)];
}
