// Starts the TypeScript sampler worker (worker.ts) when leapfrog runs from its sources
// (tsx, vitest). Node 20 does not apply module hooks given by `--import tsx` in a worker's
// execArgv to the worker's own entry module, so the worker registers tsx itself, here, and
// then imports the .ts entry. A built JavaScript package starts worker.js directly and needs
// neither this file nor tsx.
import { workerData } from 'node:worker_threads';

let api;
try {
  api = await import('tsx/esm/api');
} catch (cause) {
  throw new Error(
    'sampleAsync: worker threads run the TypeScript sources through tsx, which could not be ' +
      `loaded (${cause instanceof Error ? cause.message : String(cause)}); install tsx or use the built package`,
  );
}
api.register();
await import(workerData.entry);
