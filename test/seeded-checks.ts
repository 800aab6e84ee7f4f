import type { SeededCheck } from './helpers/seeded-check.js';
import { runChecks } from './samplers/run/run.checks.js';
import { nonFiniteChecks } from './samplers/run/non-finite.checks.js';
import { adaptationChecks } from './samplers/adaptation/adaptation.checks.js';
import { diagnosticsChecks } from './samplers/diagnostics/diagnostics.checks.js';
import { approximationChecks } from './samplers/diagnostics/approximation.checks.js';
import { validationChecks } from './validation/validation.checks.js';
import { bbbChecks } from './vi/bbb/bbb.checks.js';
import { viChecks } from './vi/vi.checks.js';
import { viApproximationChecks } from './vi/approximation.checks.js';
import { metricChecks } from './samplers/metric.checks.js';
import { normalIdGlmChecks } from './models/distributions/normal-id-glm.checks.js';
import { predictiveChecks } from './models/predictive/predictive.checks.js';
import { benchChecks } from './samplers/bench-models.checks.js';
import { hmcChecks } from './samplers/hmc.checks.js';
import { multivariateChecks } from './models/distributions/multivariate.checks.js';
import { samplingChecks } from './models/distributions/sampling.checks.js';
import { familyChecks } from './models/distributions/families.checks.js';
import { metropolisChecks } from './samplers/metropolis.checks.js';
import { nutsChecks } from './samplers/nuts.checks.js';
import { nutsWasmChecks } from './samplers/nuts-wasm.checks.js';

/**
 * Every statistical check of the suite (the `*.checks.ts` files next to the tests that run
 * them), for scripts/sweep-seeds.ts. test/helpers/seeded-checks.test.ts fails when a
 * checks file is missing here or two checks share a name.
 */
export const seededChecks: readonly SeededCheck[] = [...nutsChecks, ...nutsWasmChecks, ...hmcChecks, ...metropolisChecks, ...samplingChecks, ...familyChecks, ...multivariateChecks, ...benchChecks, ...runChecks, ...nonFiniteChecks, ...adaptationChecks, ...diagnosticsChecks, ...approximationChecks, ...validationChecks, ...viChecks, ...viApproximationChecks, ...bbbChecks, ...metricChecks, ...normalIdGlmChecks, ...predictiveChecks];
