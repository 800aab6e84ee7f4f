import { parentPort, workerData } from 'node:worker_threads';
import { configure } from '../../ad/codegen/make-function.js';
import { runChain } from './chain.js';
import { loadModel } from './model-source.js';
import type { RunChainRequest, WorkerMessage, WorkerSetup } from './worker-protocol.js';

/**
 * A worker thread of `sampleParallel`: builds its own model from the source, then runs the
 * chains it is sent, one at a time, posting progress, draws (when asked) and each chain's
 * result, whose arrays are transferred rather than copied.
 */

const port = parentPort;
if (port === null) throw new Error('sampler worker: started outside a worker thread (no parentPort)');
const setup = workerData as WorkerSetup;
configure(setup.engine);

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function transferables(draws: readonly Float64Array[], arrays: readonly Float64Array[]): ArrayBuffer[] {
  return [...draws, ...arrays].map((array) => array.buffer as ArrayBuffer);
}

try {
  const model = await loadModel(setup.source);
  port.on('message', (request: RunChainRequest) => {
    try {
      const { draws, record } = runChain(model, request.config, request.chain, {
        onProgress: setup.forwardProgress ? (progress) => post({ type: 'progress', progress }) : undefined,
        onDraw: setup.forwardDraws ? (draw) => post({ type: 'draw', draw }) : undefined,
      });
      const owned = [...record.divergentPositions, record.unconstrainedMean, record.unconstrainedVariance];
      post({ type: 'result', chain: request.chain, draws, record }, transferables(draws, owned));
    } catch (error) {
      post({ type: 'error', chain: request.chain, message: errorText(error) });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'error', message: errorText(error) });
}
