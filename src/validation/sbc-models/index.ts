import type { SbcModel } from '../sbc-model';
import { dirichletMultinomial } from './dirichlet-multinomial';
import { eightSchools } from './eight-schools';
import { linearRegression } from './linear-regression';
import { lkjCorrelation } from './lkj-correlation';
import { poissonGlm } from './poisson-glm';
import { normalMean } from './normal-mean';

/** The SBC models by name (worker threads look them up here). */
export const sbcModels: readonly SbcModel[] = [eightSchools, linearRegression, poissonGlm, dirichletMultinomial, lkjCorrelation, normalMean];

export function sbcModel(name: string): SbcModel {
  const model = sbcModels.find((candidate) => candidate.name === name);
  if (model === undefined) throw new Error(`sbcModel: no SBC model '${name}'; the models are ${sbcModels.map((m) => m.name).join(', ')}`);
  return model;
}

export { dirichletMultinomial, eightSchools, linearRegression, lkjCorrelation, normalMean, poissonGlm };
