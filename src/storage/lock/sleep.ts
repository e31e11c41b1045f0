// The VFS callbacks are synchronous, so waiting means blocking this thread. Atomics.wait does that without
// spinning and is allowed on Node's main thread as well as in workers.
const cell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the calling thread for about `ms` milliseconds (fractions allowed). */
export function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
