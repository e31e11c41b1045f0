// The test side of lockChild.ts: a typed handle on a child process or worker thread holding locks.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChildRequest } from './lockChild';

const childScript = path.join(__dirname, 'lockChild.js');

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  value?: unknown;
  error?: string;
}

export class LockPeer {
  #next = 1;
  #gone = false;
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  private constructor(private readonly channel: ChildProcess | Worker) {
    let onReady!: () => void;
    this.ready = new Promise((resolve) => (onReady = resolve));
    channel.on('message', (reply: Reply) => {
      if (reply.ready) return onReady();
      const waiter = this.#waiting.get(reply.id ?? -1);
      this.#waiting.delete(reply.id ?? -1);
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(reply.error));
    });
    this.exited = new Promise((resolve) => channel.once('exit', () => resolve()));
    void this.exited.then(() => {
      this.#gone = true;
      for (const waiter of this.#waiting.values()) waiter.reject(new Error('lock peer exited'));
    });
  }

  static process(): LockPeer {
    return new LockPeer(fork(childScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  static worker(): LockPeer {
    return new LockPeer(new Worker(childScript));
  }

  get pid(): number | undefined {
    return this.channel instanceof Worker ? undefined : this.channel.pid;
  }

  get threadId(): number {
    return this.channel instanceof Worker ? this.channel.threadId : 0;
  }

  async call<T = unknown>(request: ChildRequest): Promise<T> {
    await this.ready;
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.channel instanceof Worker) this.channel.postMessage({ id, ...request });
      else this.channel.send({ id, ...request });
    });
  }

  /** SIGKILL for a process (no cleanup runs), terminate() for a worker; resolves once it is gone. */
  async kill(): Promise<void> {
    if (this.channel instanceof Worker) await this.channel.terminate();
    else this.channel.kill('SIGKILL');
    await this.exited;
  }

  /** A clean exit (a worker is terminated, a process disconnected); nothing to do when already gone. */
  async exit(): Promise<void> {
    if (this.#gone) return;
    if (this.channel instanceof Worker) await this.channel.terminate();
    else if (this.channel.connected) this.channel.disconnect();
    // A child stuck in a synchronous loop never sees the disconnect: do not let it outlive the test.
    const timer = setTimeout(() => void this.kill(), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
