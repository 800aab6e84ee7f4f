import { advi, checkSpec, checkStan, compileSpec, makeRng, specToStan, StanSyntaxError, stanToSpec, type SpecCheck, type StanIssue } from '../../src/browser.js';
import type { ModelRequest, ModelResponse, ModelText } from './model-protocol.js';

/**
 * The playground's model worker: checks (checkSpec or checkStan compile the model and evaluate
 * it at the initial points, which can take a while for big data), specs written as Stan, and
 * ADVI runs, off the page's thread. Sampling runs on leapfrog's own sampler workers
 * (sampleAsync), from a Stan program's lowered spec as from any spec.
 */

interface WorkerScope {
  postMessage(message: ModelResponse, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ModelRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

const issuesOf = (error: unknown): unknown[] | undefined => {
  const issues = (error as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) ? (JSON.parse(JSON.stringify(issues)) as unknown[]) : undefined;
};

/** A Stan program that does not parse: its one problem, at its line and column (as checkStan's issues are). */
function syntaxIssue(error: StanSyntaxError): SpecCheck {
  const issue: StanIssue = { path: [], message: `${error.fileName}, line ${error.line}, column ${error.column}: ${error.detail}`, fileName: error.fileName, line: error.line, column: error.column, detail: error.detail };
  return { ok: false, issues: [issue] };
}

function check(id: number, model: ModelText, data: unknown): void {
  let result: SpecCheck;
  let spec: unknown;
  try {
    if (model.language === 'json') result = checkSpec(model.spec, data);
    else {
      result = checkStan(model.source, data, { fileName: 'model.stan', name: model.name });
      if (result.ok) spec = stanToSpec(model.source, { fileName: 'model.stan', name: model.name });
    }
  } catch (error) {
    if (error instanceof StanSyntaxError) result = syntaxIssue(error);
    else result = { ok: false, issues: [{ path: [], message: error instanceof Error ? error.message : String(error) }] };
  }
  // Issues cross to the page as plain data (a Stan issue's line and column included).
  scope.postMessage({ type: 'checked', id, result: JSON.parse(JSON.stringify(result)) as SpecCheck, ...(spec === undefined ? {} : { spec }) });
}

function toStan(id: number, spec: unknown): void {
  try {
    scope.postMessage({ type: 'stan-text', id, text: specToStan(spec) });
  } catch (error) {
    scope.postMessage({ type: 'stan-text', id, text: null, message: error instanceof Error ? error.message : String(error) });
  }
}

function runAdvi(request: Extract<ModelRequest, { type: 'advi' }>): void {
  try {
    const model = compileSpec(request.spec, request.data);
    const result = advi(model, request.options);
    // The mean row of variational.csv: the outputs at the approximation's mean (as leapfrog vi writes it).
    const meanOutputs = model.outputs(result.approximation.mean, makeRng(result.config.seed, 2));
    scope.postMessage({
      type: 'advi-done',
      fit: result.fit,
      config: result.config,
      eta: result.eta,
      meanOutputs,
      warnings: result.warnings,
      converged: result.converged,
      iterations: result.iterations,
      seconds: result.seconds,
    });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error), issues: issuesOf(error) });
  }
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.type === 'check') check(request.id, request.model, request.data);
  else if (request.type === 'to-stan') toStan(request.id, request.spec);
  else runAdvi(request);
});
