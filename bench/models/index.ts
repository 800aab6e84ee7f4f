import type { BenchModel } from './bench-model';
import { loadEightSchools, loadGaussian100d, loadLogisticRegression, loadVaryingIntercepts } from './data';
import { eightSchoolsNoncenteredModel } from './eight-schools-noncentered';
import { gaussian100dModel } from './gaussian-100d';
import { logisticRegressionModel } from './logistic-regression';
import { varyingInterceptsModel } from './varying-intercepts';

export type { BenchModel } from './bench-model';

/** The models with AD and hand-written gradients, data loaded: the two first, then the extra rows. */
export function loadBenchModels(): BenchModel[] {
  return [
    logisticRegressionModel(loadLogisticRegression()),
    varyingInterceptsModel(loadVaryingIntercepts()),
    eightSchoolsNoncenteredModel(loadEightSchools()),
    gaussian100dModel(loadGaussian100d()),
  ];
}
