import * as assert from 'node:assert/strict';
import path from 'node:path';
import { EngineClient } from '../../../src/storage/engine/engineClient';
import { createInProcessEngine } from '../../../src/storage/engine/engineImpl';
import type { AsyncEngine } from '../../../src/storage/engine/protocol';
import { repoRoot } from '../../host/paths';
import { useTempDir } from './testFiles';

/** Runs `work` while a 2 ms timer ticks on this (the "main") thread; returns the longest gap between ticks. */
async function longestTimerGap(work: () => Promise<unknown>): Promise<{ gap: number; elapsed: number }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 2);
  const started = performance.now();
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20)); // let a stalled tick land and be measured
  } finally {
    clearInterval(timer);
  }
  return { gap, elapsed: performance.now() - started };
}

/** Five opens with a passphrase: five PBKDF2-HMAC-SHA512 derivations of 256,000 iterations. */
async function deriveKeys(engine: AsyncEngine, file: string): Promise<void> {
  for (let i = 0; i < 5; i++) await engine.open({ file, key: { kind: 'passphrase', passphrase: 'a long passphrase' } });
  await engine.close();
}

describe('the main thread stays responsive', function () {
  this.timeout(60_000);
  const dir = useTempDir();

  it('while the worker derives keys', async () => {
    const client = new EngineClient(path.join(repoRoot, 'dist', 'dbWorker.js'));
    try {
      await client.api.info(); // worker and WASM warm
      const { gap, elapsed } = await longestTimerGap(() => deriveKeys(client.api, path.join(dir(), 'kdf.db')));
      assert.ok(elapsed > 250, `the work took ${elapsed.toFixed(0)} ms`);
      // Blocked, the timer would stall for the whole work (the control below); a busy machine may still pause it
      // briefly, so the bound scales with the work's length instead of being a fixed figure.
      assert.ok(gap < elapsed / 4, `the main-thread timer stalled for ${gap.toFixed(0)} of ${elapsed.toFixed(0)} ms`);
    } finally {
      await client.dispose();
    }
  });

  it('(control: the same work in-process stalls the timer, so the test above can fail)', async () => {
    const engine = createInProcessEngine();
    await engine.info();
    const { gap, elapsed } = await longestTimerGap(() => deriveKeys(engine, path.join(dir(), 'kdf.db')));
    assert.ok(gap > elapsed / 2, `in-process the timer stalled only ${gap.toFixed(0)} of ${elapsed.toFixed(0)} ms`);
  });

  it('while the worker waits for a lock another connection holds', async () => {
    const holder = new EngineClient(path.join(repoRoot, 'dist', 'dbWorker.js'));
    const waiter = new EngineClient(path.join(repoRoot, 'dist', 'dbWorker.js'));
    const file = path.join(dir(), 'locked.db');
    try {
      await holder.api.open({ file, key: { kind: 'plain' } });
      await waiter.api.open({ file, key: { kind: 'plain' }, busyTimeoutMs: 5000 });
      const held = holder.api.holdWriteLock(1500);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { gap, elapsed } = await longestTimerGap(() => waiter.api.holdWriteLock(0));
      await held;
      assert.ok(elapsed > 1000, `the second writer waited ${elapsed.toFixed(0)} ms for the lock`);
      assert.ok(gap < elapsed / 4, `the main-thread timer stalled for ${gap.toFixed(0)} of ${elapsed.toFixed(0)} ms`);
    } finally {
      await holder.dispose();
      await waiter.dispose();
    }
  });
});
