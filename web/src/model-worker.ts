import { advi, checkSpec, compileSpec, makeRng, type SpecCheck } from '../../src/browser.js';
import type { ModelRequest, ModelResponse } from './model-protocol.js';

/**
 * The playground's model worker: checks (checkSpec compiles the model and evaluates it at the
 * initial points, which can take a while for big data) and ADVI runs, off the page's thread.
 * Sampling runs on leapfrog's own sampler workers (sampleAsync).
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

function check(id: number, spec: unknown, data: unknown): void {
  let result: SpecCheck;
  try {
    result = checkSpec(spec, data);
  } catch (error) {
    result = { ok: false, issues: [{ path: [], message: error instanceof Error ? error.message : String(error) }] };
  }
  scope.postMessage({ type: 'checked', id, result });
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
  if (request.type === 'check') check(request.id, request.spec, request.data);
  else runAdvi(request);
});
