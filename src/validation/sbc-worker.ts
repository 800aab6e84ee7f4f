import { parentPort, workerData } from 'node:worker_threads';
import { sbcModel } from './sbc-models/index.js';
import { tryReplicate } from './sbc.js';
import type { SbcJob, SbcWorkerMessage, SbcWorkerSetup } from './sbc-pool.js';

/** A worker thread of `runSbcJobs`: runs the replicates it is sent, one at a time. */

const port = parentPort;
if (port === null) throw new Error('SBC worker: started outside a worker thread (no parentPort)');
const setup = workerData as SbcWorkerSetup;

port.on('message', (job: SbcJob) => {
  const result = tryReplicate(sbcModel(job.model), job.method, job.replicate, setup.options);
  port.postMessage({ type: 'result', job, result } satisfies SbcWorkerMessage);
});
port.postMessage({ type: 'ready' } satisfies SbcWorkerMessage);
