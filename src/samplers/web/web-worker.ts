import { serveChains, type WorkerPort } from '../run/chain-service.js';
import type { WorkerMessage, WorkerRequest } from '../run/worker-protocol.js';

/**
 * A sampler Web Worker (sampleAsync in browsers): chain-service.ts over the worker's global
 * scope. The pool posts the setup first (Web Workers have no workerData); model modules are
 * imported by their URL, as the page could import them itself.
 */

/** The part of a dedicated worker's global scope used here (the DOM library types `postMessage` for windows). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

const port: WorkerPort = {
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  listen: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
};

const importModule = (url: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ url) as Promise<Record<string, unknown>>;

function onSetup(event: MessageEvent<WorkerRequest>): void {
  const request = event.data;
  if (request.type !== 'setup') {
    port.post({ type: 'error', message: `sampler worker: got '${request.type}' before its setup` });
    return;
  }
  scope.removeEventListener('message', onSetup);
  void serveChains(port, request.setup, importModule);
}

scope.addEventListener('message', onSetup);
