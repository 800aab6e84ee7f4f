import { SpecError, type SpecIssue, sampleAsync } from '../../src/browser.js';
import { type CheckState, createChecker } from './checker.js';
import { examples, firstExample } from './examples.js';
import { type ModelLanguage, languages } from './languages.js';
import { createJsonEditor } from './json-editor.js';
import { type ModelRequest, type ModelResponse, startModelWorker } from './model-protocol.js';
import { createProgress } from './progress.js';
import { type FinishedRun, showResults } from './results.js';
import { type McmcSettings, initSettings, readSettings } from './settings.js';

/**
 * The playground page: an example or a pasted spec (JSON, or a Stan program) and data, checked as they are typed;
 * settings; a run on Web Workers (sampleAsync for MCMC, the model worker for ADVI) with a
 * progress bar per chain and a cancel button; then the results (results.ts). Nothing leaves
 * the page.
 */

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const form = element<HTMLFormElement>('settings-form');
const runButton = element<HTMLButtonElement>('run');
const cancelButton = element<HTMLButtonElement>('cancel');
const progressArea = element<HTMLElement>('progress');
const resultsArea = element<HTMLElement>('results');
const exampleSelect = element<HTMLSelectElement>('example');

const METHOD_TITLES = { nuts: 'NUTS', hmc: 'static HMC', metropolis: 'random-walk Metropolis', advi: 'ADVI' } as const;

// A run in progress (Run disabled); `cancel` while its workers compute, absent while its results
// are drawn (nothing left to stop, and the Cancel button says so).
let running: { readonly cancel?: () => void } | undefined;
let checkState: CheckState = { status: 'checking' };

// The model editor in use: the JSON spec's or the Stan program's (the tabs); each keeps its own text.
let language: ModelLanguage['id'] = 'json';

const modelWorker = startModelWorker();
const specEditor = createJsonEditor(element('spec-editor'), 'Model spec (JSON)', () => checker.schedule());
const stanEditor = createJsonEditor(element('stan-editor'), 'Model (Stan)', () => checker.schedule(), 'stan');
const dataEditor = createJsonEditor(element('data-editor'), 'Data (JSON)', () => checker.schedule());
const exampleName = (): string => (exampleSelect.value === '' ? 'model' : exampleSelect.value.replace(/^.*\//, ''));
const checker = createChecker({ spec: specEditor, stan: stanEditor, data: dataEditor }, { language: () => language, name: exampleName }, modelWorker, element('check'), (state) => {
  checkState = state;
  updateButtons();
});

/** A JSON spec's text written as a Stan program by the model worker (specToStan); a spec that does not convert leaves a comment saying why. */
let stanRequests = 0;
function specAsStan(specText: string): Promise<string> {
  const id = (stanRequests += 1);
  let spec: unknown;
  try {
    spec = JSON.parse(specText);
  } catch {
    return Promise.resolve('// The JSON spec does not parse, so it cannot be shown as Stan.\n');
  }
  return new Promise((resolve) => {
    const listener = (event: MessageEvent<ModelResponse>): void => {
      const response = event.data;
      if (response.type !== 'stan-text' || response.id !== id) return;
      modelWorker.removeEventListener('message', listener);
      resolve(response.text ?? `// This spec cannot be written as Stan: ${response.message ?? 'unknown reason'}\n`);
    };
    modelWorker.addEventListener('message', listener);
    const request: ModelRequest = { type: 'to-stan', id, spec };
    modelWorker.postMessage(request);
  });
}

function updateButtons(): void {
  runButton.disabled = running !== undefined || checkState.status !== 'valid';
  runButton.title = checkState.status === 'invalid' ? 'Fix the problems listed under the editors first' : '';
  cancelButton.disabled = running?.cancel === undefined;
}

function modelName(spec: unknown): string {
  const name = (spec as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name !== '') return name;
  return exampleName();
}

/** An example in every editor: its JSON spec, its Stan program (posteriordb's own, or the spec written as Stan) and its data. */
async function loadExample(id: string): Promise<void> {
  const example = examples.find((candidate) => candidate.id === id);
  if (example === undefined) return;
  const [spec, data] = await Promise.all([example.spec(), example.data?.() ?? Promise.resolve('{}\n')]);
  const stan = await (example.stan?.() ?? specAsStan(spec));
  specEditor.setText(spec);
  stanEditor.setText(stan);
  dataEditor.setText(data);
  exampleSelect.value = id;
  history.replaceState(null, '', `#${id}`);
  checker.now();
}

/** Shows the chosen language's model editor (the data editor stays) and checks its model. */
function chooseLanguage(chosen: ModelLanguage['id']): void {
  language = chosen;
  for (const tab of document.querySelectorAll<HTMLButtonElement>('.tabs [data-language]')) tab.setAttribute('aria-selected', String(tab.dataset.language === chosen));
  element('spec-panel').hidden = chosen !== 'json';
  element('stan-panel').hidden = chosen !== 'stan';
  checker.now();
}

function fillExamples(): void {
  const group = (name: 'bench' | 'posteriordb', label: string) =>
    `<optgroup label="${label}">${examples
      .filter((example) => example.group === name)
      .map((example) => `<option value="${example.id}">${example.name}</option>`)
      .join('')}</optgroup>`;
  exampleSelect.innerHTML = group('bench', 'benchmark models') + group('posteriordb', 'posteriordb');
  exampleSelect.addEventListener('change', () => void loadExample(exampleSelect.value));
}

function settingsRows(settings: McmcSettings): [string, string][] {
  return [
    ['method', METHOD_TITLES[settings.method]],
    ['chains', `${settings.chains} × (${settings.warmup} warm-up + ${settings.draws} draws)`],
    ['seed', String(settings.seed)],
    ['target acceptance', String(settings.adaptDelta)],
    ['Web Workers', String(Math.min(settings.workers, settings.chains))],
  ];
}

async function runMcmc(settings: McmcSettings, spec: unknown, data: unknown): Promise<void> {
  const controller = new AbortController();
  running = { cancel: () => controller.abort() };
  updateButtons();
  const total = settings.warmup + settings.draws;
  const progress = createProgress(progressArea, settings.chains, total, (chain) => `chain ${chain + 1}`);
  const workers = Math.min(settings.workers, settings.chains);
  progress.status(`Sampling on ${workers} Web Worker${workers === 1 ? '' : 's'}…`);
  const started = performance.now();
  try {
    const { workers: _, ...options } = settings;
    const fit = await sampleAsync(
      { spec, data },
      { ...options, workers, signal: controller.signal, progressEvery: Math.max(1, Math.floor(total / 200)), onProgress: (update) => progress.update(update) },
    );
    const seconds = (performance.now() - started) / 1000;
    running = {};
    updateButtons();
    progress.status(`Done: ${settings.chains} chains in ${seconds.toFixed(2)} s on ${workers} Web Worker${workers === 1 ? '' : 's'}.`, 'done');
    const name = modelName(spec);
    await showResults(resultsArea, { modelName: name, title: `${name}: ${METHOD_TITLES[settings.method]}`, fit, seconds, settings: settingsRows(settings) });
  } catch (error) {
    if (controller.signal.aborted) {
      progress.status('Cancelled: the workers were stopped.', 'cancelled');
      return;
    }
    progress.status(`Failed: ${error instanceof Error ? error.message : String(error)}`, 'failed');
    if (error instanceof SpecError) checker.showIssues(error.issues);
  }
}

function runAdvi(options: Extract<ReturnType<typeof readSettings>, { method: 'advi' }>['options'], spec: unknown, data: unknown): Promise<void> {
  const worker = startModelWorker();
  const progress = createProgress(progressArea, 0, 1, () => '');
  progress.status(`ADVI (${options.algorithm ?? 'meanfield'}) in a Web Worker…`);
  const started = performance.now();
  return new Promise<void>((resolve) => {
    const finish = (): void => {
      worker.terminate();
      resolve();
    };
    running = {
      cancel: () => {
        progress.status('Cancelled: the worker was stopped.', 'cancelled');
        finish();
      },
    };
    updateButtons();
    worker.addEventListener('message', (event: MessageEvent<ModelResponse>) => {
      const response = event.data;
      if (response.type === 'failed') {
        progress.status(`Failed: ${response.message}`, 'failed');
        if (response.issues !== undefined) checker.showIssues(response.issues as SpecIssue[]);
        finish();
      } else if (response.type === 'advi-done') {
        const seconds = (performance.now() - started) / 1000;
        running = {};
        updateButtons();
        const state = response.converged ? 'converged' : 'did not converge';
        progress.status(`Done: ADVI ${state} after ${response.iterations} iterations (${seconds.toFixed(2)} s).`, 'done');
        const name = modelName(spec);
        const run: FinishedRun = {
          modelName: name,
          title: `${name}: ADVI (${response.config.algorithm}) approximation`,
          fit: response.fit,
          seconds,
          settings: [['method', `ADVI (${response.config.algorithm})`], ['iterations', String(response.iterations)], ['eta', String(response.eta)]],
          variational: { config: response.config, eta: response.eta, meanOutputs: response.meanOutputs },
          notes: response.warnings,
        };
        void showResults(resultsArea, run).finally(finish);
      }
    });
    worker.postMessage({ type: 'advi', spec, data, options });
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (running !== undefined || checkState.status !== 'valid') return;
  const { spec, data } = checkState;
  const settings = readSettings(form);
  resultsArea.innerHTML = '';
  resultsArea.dataset.state = 'running';
  const run = 'kind' in settings ? runMcmc(settings, spec, data) : runAdvi(settings.options, spec, data);
  void run.finally(() => {
    running = undefined;
    updateButtons();
  });
});

cancelButton.addEventListener('click', () => running?.cancel?.());

/** The language tabs: the JSON spec and the Stan program; a language whose front end is not in leapfrog stays disabled. */
for (const entry of languages) {
  const tab = document.querySelector<HTMLButtonElement>(`.tabs [data-language="${entry.id}"]`);
  if (tab === null) continue;
  tab.disabled = !entry.available;
  tab.addEventListener('click', () => {
    if (entry.available && entry.id !== language) chooseLanguage(entry.id);
  });
}

initSettings(form);
fillExamples();
const requested = decodeURIComponent(location.hash.slice(1));
void loadExample(examples.some((example) => example.id === requested) ? requested : firstExample);
