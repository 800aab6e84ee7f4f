import type { BenchModel } from './bench-model.js';
import { loadEightSchools, loadGaussian100d, loadLogisticRegression, loadVaryingIntercepts } from './data.js';
import { eightSchoolsNoncenteredModel } from './eight-schools-noncentered.js';
import { gaussian100dModel } from './gaussian-100d.js';
import { logisticRegressionModel } from './logistic-regression.js';
import { varyingInterceptsModel } from './varying-intercepts.js';

export type { BenchModel } from './bench-model.js';

/** The models with AD and hand-written gradients, data loaded: the two first, then the extra rows. */
export function loadBenchModels(): BenchModel[] {
  return [
    logisticRegressionModel(loadLogisticRegression()),
    varyingInterceptsModel(loadVaryingIntercepts()),
    eightSchoolsNoncenteredModel(loadEightSchools()),
    gaussian100dModel(loadGaussian100d()),
  ];
}
