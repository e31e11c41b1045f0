// Entry point of the database worker thread (dist/dbWorker.js). Synchronous file I/O, lock waits and key
// derivation happen here, never on the extension host's main thread. Requests run one at a time, in order.
import { parentPort } from 'node:worker_threads';
import { createEngine } from './engineImpl';
import type { StoreChange } from '../changes';
import type { EngineMessage, EngineRequest, Progress } from './protocol';
import { toFailure } from './protocol';

const port = parentPort;
if (!port) throw new Error('dbWorker must run in a worker thread');

let currentId = 0;
const post = (message: EngineMessage) => port.postMessage(message);
const engine = createEngine((progress: Progress) => post({ id: currentId, progress }));

/** What the call committed, as part of its reply (absent when nothing). */
const changed = (): { changes?: StoreChange[] } => {
  const changes = engine.takeChanges();
  return changes.length ? { changes } : {};
};

let queue = Promise.resolve();
port.on('message', (request: EngineRequest) => {
  queue = queue.then(async () => {
    currentId = request.id;
    try {
      const method = engine[request.method] as (...args: unknown[]) => unknown;
      if (typeof method !== 'function') throw new Error(`unknown engine method: ${String(request.method)}`);
      const value = await method(...request.args);
      post({ id: request.id, ok: true, value, ...changed() });
    } catch (error) {
      // A call that failed may still have committed a transaction before it did: that is reported too.
      post({ id: request.id, ok: false, error: toFailure(error), ...changed() });
    }
  });
});
