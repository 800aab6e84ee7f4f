import type { SbcModel } from '../sbc-model.js';
import { dirichletMultinomial } from './dirichlet-multinomial.js';
import { eightSchools } from './eight-schools.js';
import { linearRegression } from './linear-regression.js';
import { lkjCorrelation } from './lkj-correlation.js';
import { poissonGlm } from './poisson-glm.js';
import { normalMean } from './normal-mean.js';

/** The SBC models by name (worker threads look them up here). */
export const sbcModels: readonly SbcModel[] = [eightSchools, linearRegression, poissonGlm, dirichletMultinomial, lkjCorrelation, normalMean];

export function sbcModel(name: string): SbcModel {
  const model = sbcModels.find((candidate) => candidate.name === name);
  if (model === undefined) throw new Error(`sbcModel: no SBC model '${name}'; the models are ${sbcModels.map((m) => m.name).join(', ')}`);
  return model;
}

export { dirichletMultinomial, eightSchools, linearRegression, lkjCorrelation, normalMean, poissonGlm };
