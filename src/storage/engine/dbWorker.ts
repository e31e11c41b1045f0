// Entry point of the database worker thread (dist/dbWorker.js). Synchronous file I/O, lock waits and key
// derivation happen here, never on the extension host's main thread.
import { parentPort } from 'node:worker_threads';
import { createEngine } from './engineImpl';
import type { EngineApi, EngineRequest, EngineResponse } from './protocol';
import { toFailure } from './protocol';

const port = parentPort;
if (!port) throw new Error('dbWorker must run in a worker thread');

const engine = createEngine();

port.on('message', async (request: EngineRequest) => {
  let response: EngineResponse;
  try {
    const method = engine[request.method] as (...args: unknown[]) => unknown;
    if (typeof method !== 'function') throw new Error(`unknown engine method: ${String(request.method)}`);
    response = { id: request.id, ok: true, value: await method.apply(engine, request.args) };
  } catch (error) {
    response = { id: request.id, ok: false, error: toFailure(error) };
  }
  port.postMessage(response);
});

export type { EngineApi };
