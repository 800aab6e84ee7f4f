import type { BenchSection } from '../section.js';
import { adGradientsSection } from './ad-gradients.js';
import { bnnSection } from './bnn.js';
import { browserSection } from './browser.js';
import { compiledSection } from './compiled.js';
import { engineWarmupSection } from './engine-warmup.js';
import { modelApiSection } from './model-api.js';
import { nutsStepSection } from './nuts-step.js';
import { pathfinderSection } from './pathfinder.js';
import { pathfinderWarmupSection } from './pathfinder-warmup.js';
import { samplersSection } from './samplers.js';
import { stanSection } from './stan.js';
import { startupSection } from './startup.js';
import { viSection } from './vi.js';
import { wasmKernelsSection } from './wasm-kernels.js';

/**
 * The sections `npm run bench` knows, in order. To add one, write a file in this folder
 * exporting a BenchSection and list it here; a section that runs for minutes sets
 * `byDefault: false` and runs when named (`npm run bench -- --only samplers`).
 *   - ad-gradients: AD against hand-written gradients (seconds; runs by default);
 *   - samplers: NUTS/HMC/Metropolis in the configuration of bench/README.md beside Stan (tens of
 *     minutes for all models; `--models` picks some).
 *   - model-api: every bench model's gradient through the TypeScript model API and its JSON
 *     spec, beside the hand-written gradient (seconds; by default);
 *   - compiled: a literal-loop model against its vectorised form, and the time generating
 *     and compiling each example's gradient takes (seconds; by default);
 *   - wasm-kernels: the WebAssembly SIMD kernels against their JavaScript versions, the
 *     hand-written logistic_regression gradient and Stan's figure (seconds; by default);
 *   - nuts-step: NUTS's own work per leapfrog step outside the gradient, at 10 and 100
 *     dimensions (seconds; by default);
 *   - engine-warmup: the first chain's µs per gradient against the later chains', fresh
 *     processes, engine warm-up off and on, API and CLI (a minute or two; by default; builds
 *     dist/ for the CLI rows);
 *   - vi: ADVI iterations and seconds to convergence on logistic_regression (by default);
 *   - pathfinder: Pathfinder on every posteriordb example, its accuracy and Pareto k, and its
 *     gradient evaluations beside mean-field ADVI's (a few minutes; by default);
 *   - pathfinder-warmup: NUTS warm-up lengths from random and from Pathfinder inits (several
 *     minutes; `--only pathfinder-warmup`);
 *   - bnn: Bayes-by-Backprop epochs and seconds on bnn_regression (by default);
 *   - stan: rstan and leapfrog side by side on every sampling bench model, one run (needs R
 *     with rstan and posterior; minutes per model; `--only stan` or `--stan`);
 *   - startup: the built package's import, first draw of `leapfrog sample` and worker
 *     start-up, from process start (by default; builds dist/ first).
 *   - browser: eight schools and logistic regression in Chromium and in Node in one run, their
 *     ratio, and what holds of the draws across the two engines (a few minutes; by default;
 *     skipped with a message where Chromium is missing).
 */
export const sections: readonly BenchSection[] = [
  adGradientsSection,
  modelApiSection,
  compiledSection,
  wasmKernelsSection,
  nutsStepSection,
  engineWarmupSection,
  viSection,
  pathfinderSection,
  pathfinderWarmupSection,
  bnnSection,
  startupSection,
  browserSection,
  { ...samplersSection, byDefault: false },
  stanSection,
];
