import { codeGenerationEnabled, configure } from '../../ad/codegen/make-function.js';
import type { CompiledModel } from '../../models/model.js';
import { runChain } from './chain.js';
import { drawBatcher } from './draw-batches.js';
import { buildModel, type ModuleImporter } from './model-build.js';
import { modelShape } from './model-shape.js';
import { withInitialPoints } from './pathfinder-init.js';
import type { InitialPointsRequest, RunChainRequest, WorkerMessage, WorkerRequest, WorkerSetup } from './worker-protocol.js';

/**
 * The body of a sampler worker, on either platform (worker.ts for Node's worker threads,
 * src/samplers/web/web-worker.ts for Web Workers): applies the pool's engine settings, builds
 * its own model from the source, says it is ready with the model's shape, then answers
 * requests one at a time — chains (posting progress, draws when asked, and the result, whose
 * arrays are transferred rather than copied) and Pathfinder initial points.
 */

/** How a worker talks to its pool: Node's parentPort or a Web Worker's global scope. */
export interface WorkerPort {
  post(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
  listen(handler: (request: WorkerRequest) => void): void;
}

/** An error as a message: its text, class name and problems (each with its place), which the pool rebuilds. */
export function errorMessage(error: unknown, chain?: number): WorkerMessage {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : undefined;
  let issues: readonly unknown[] | undefined;
  const raw = (error as { issues?: unknown } | null)?.issues;
  if (Array.isArray(raw)) {
    try {
      // Plain data only: structured clone refuses functions, and issues are data by design.
      issues = JSON.parse(JSON.stringify(raw)) as unknown[];
    } catch {
      issues = undefined;
    }
  }
  return { type: 'error', message, ...(chain === undefined ? {} : { chain }), ...(name === undefined ? {} : { name }), ...(issues === undefined ? {} : { issues }) };
}

function transferables(arrays: readonly Float64Array[]): ArrayBuffer[] {
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

function runRequestedChain(port: WorkerPort, setup: WorkerSetup, model: CompiledModel, request: RunChainRequest): void {
  // Draws go in batches (draw-batches.ts says why), flushed before every other message.
  const batches = drawBatcher((batch) => port.post({ type: 'draws', batch }, [batch.values.buffer as ArrayBuffer]));
  try {
    const { draws, warmupDraws, record } = runChain(model, request.config, request.chain, {
      onProgress: setup.forwardProgress
        ? (progress) => {
            batches.flush();
            port.post({ type: 'progress', progress });
          }
        : undefined,
      onDraw: setup.forwardDraws ? (draw) => batches.add(draw) : undefined,
    });
    batches.flush();
    const owned = [...record.divergentPositions, record.unconstrainedMean, record.unconstrainedVariance];
    const withWarmup = warmupDraws === undefined ? {} : { warmupDraws };
    port.post({ type: 'result', chain: request.chain, draws, ...withWarmup, record }, transferables([...draws, ...(warmupDraws ?? []), ...owned]));
  } catch (error) {
    batches.flush();
    port.post(errorMessage(error, request.chain));
  }
}

function answerInitialPoints(port: WorkerPort, model: CompiledModel, request: InitialPointsRequest): void {
  try {
    const { inits, inverseMetric } = withInitialPoints(model, request.options);
    const perChain = inits === undefined ? undefined : inits instanceof Float64Array ? [inits] : inits;
    port.post({ type: 'inits', inits: perChain, ...(inverseMetric === undefined ? {} : { inverseMetric }) });
  } catch (error) {
    port.post(errorMessage(error));
  }
}

/** Builds the model of `setup` and serves the pool's requests on `port`. */
export async function serveChains(port: WorkerPort, setup: WorkerSetup, importModule: ModuleImporter): Promise<void> {
  let model: CompiledModel;
  try {
    configure(setup.engine);
    model = await buildModel(setup.source, importModule);
  } catch (error) {
    port.post(errorMessage(error));
    return;
  }
  port.listen((request) => {
    switch (request.type) {
      case 'run':
        return runRequestedChain(port, setup, model, request);
      case 'inits':
        return answerInitialPoints(port, model, request);
      case 'setup':
        return port.post(errorMessage(new Error('sampler worker: set up twice')));
    }
  });
  port.post({ type: 'ready', shape: modelShape(model), codeGeneration: codeGenerationEnabled() });
}
