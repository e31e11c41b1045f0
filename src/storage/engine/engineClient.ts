// The main thread's handle on the database worker: a typed async API, one worker started on first use.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { releaseThreadLocks } from '../lock/fileLock';
import type { StoreChange } from '../changes';
import type { AsyncEngine, EngineMessage, EngineMethod, EngineRequest, Progress } from './protocol';
import { asyncEngine, EngineError } from './protocol';
import type { RemoteStore } from '../store';
import { remoteStore } from '../remoteStore';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: Progress) => void;
}

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Database files the worker opened: their lock records are released if the worker dies holding them. */
  private readonly files = new Set<string>();
  private readonly changeListeners = new Set<(changes: StoreChange[]) => void>();

  /** @param workerFile the bundled worker, `dbWorker.js` next to the extension bundle by default */
  constructor(private readonly workerFile = path.join(__dirname, 'dbWorker.js')) {}

  readonly api: AsyncEngine = asyncEngine((method, args) => this.call(method, args));

  /** The repositories of the open database, typed, through the worker. */
  readonly store: RemoteStore = remoteStore((repository, method, args) => this.call('storeCall', [repository, method, args]));

  /** Whether the worker runs: a caller that must not start it (polling) asks first. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Hears what each call's committed transactions changed, before that call's promise settles: a command that
   * awaits a write continues after every view has heard of it.
   */
  onChanges(listener: (changes: StoreChange[]) => void): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** The same API, with the progress of each call reported to `onProgress` (rekey, encrypt, open). */
  withProgress(onProgress: (progress: Progress) => void): AsyncEngine {
    return asyncEngine((method, args) => this.call(method, args, onProgress));
  }

  private call(method: EngineMethod, args: unknown[], onProgress?: (progress: Progress) => void): Promise<unknown> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      if (method === 'open') this.files.add(path.resolve((args[0] as { file: string }).file));
      const request: EngineRequest = { id, method, args };
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    const threadId = worker.threadId;
    worker.on('message', (message: EngineMessage) => this.receive(message));
    // Lock records name their thread; a thread that is gone (terminated, crashed) cannot release its own.
    worker.on('exit', () => {
      for (const file of this.files) releaseThreadLocks(file, threadId);
    });
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

  private receive(message: EngineMessage): void {
    // Heard even when nobody awaits the call any more: the database changed all the same.
    if (!('progress' in message) && message.changes?.length) this.announce(message.changes);
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if ('progress' in message) {
      pending.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new EngineError(message.error.message, message.error.code, message.error.name, message.error.details));
  }

  private announce(changes: StoreChange[]): void {
    for (const listener of this.changeListeners) {
      try {
        listener(changes);
      } catch {
        // a listener's failure is its own: the call's result and the other listeners go on
      }
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /** Closes the database (releasing its locks and files) and stops the worker. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (worker) {
      // A terminated worker cannot release its lock records; give it a moment to close the database first.
      const closed = this.call('close', []).catch(() => undefined);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    this.worker = undefined;
    this.failAll(new EngineError('database worker was shut down', 'WORKER_DISPOSED'));
    if (worker) await worker.terminate();
  }
}
