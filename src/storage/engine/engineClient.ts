// The main thread's handle on the database worker: a typed async API, one worker started on first use.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AsyncEngine, EngineMethod, EngineRequest, EngineResponse } from './protocol';
import { EngineError } from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** @param workerFile the bundled worker, `dbWorker.js` next to the extension bundle by default */
  constructor(private readonly workerFile = path.join(__dirname, 'dbWorker.js')) {}

  readonly api: AsyncEngine = {
    info: () => this.call('info'),
  };

  private call<M extends EngineMethod>(method: M, ...args: unknown[]): Promise<Awaited<ReturnType<AsyncEngine[M]>>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: EngineRequest = { id, method, args };
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (response: EngineResponse) => this.settle(response));
    // A worker that fails or exits on its own fails its pending calls; the next call starts a fresh one.
    const lost = (error: EngineError) => {
      if (this.worker !== worker) return; // disposed: dispose() has settled the pending calls already
      this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', (error) => lost(new EngineError(`database worker failed: ${error.message}`, 'WORKER_FAILED')));
    worker.on('exit', (code) => lost(new EngineError(`database worker stopped (exit code ${code})`, 'WORKER_EXITED')));
    this.worker = worker;
    return worker;
  }

  private settle(response: EngineResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if (response.ok) pending.resolve(response.value);
    else pending.reject(new EngineError(response.error.message, response.error.code, response.error.name));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new EngineError('database worker was shut down', 'WORKER_DISPOSED'));
    if (worker) await worker.terminate();
  }
}
