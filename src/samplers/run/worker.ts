import { parentPort, workerData } from 'node:worker_threads';
import { serveChains } from './chain-service.js';
import { importModelModule } from './model-module.js';
import type { WorkerRequest, WorkerSetup } from './worker-protocol.js';

/**
 * A sampler worker thread (sampleAsync, `leapfrog sample`): chain-service.ts with Node's
 * parentPort, the setup in workerData, and TypeScript model modules loaded as model-module.ts
 * says.
 */

const port = parentPort;
if (port === null) throw new Error('sampler worker: started outside a worker thread (no parentPort)');

await serveChains(
  {
    post: (message, transfer = []) => port.postMessage(message, transfer),
    listen: (handler) => port.on('message', (request: WorkerRequest) => handler(request)),
  },
  workerData as WorkerSetup,
  importModelModule,
);
