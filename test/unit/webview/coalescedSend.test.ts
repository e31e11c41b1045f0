import * as assert from 'node:assert/strict';
import { CoalescedSend } from '../../../src/webview/host/coalescedSend';

describe('CoalescedSend (a panel sending its state again)', () => {
  it('requests during a send wait for it, then share one more send that starts after it ends', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    let sends = 0;
    const resend = new CoalescedSend(async () => {
      const n = ++sends;
      log.push(`start ${n}`);
      if (n === 1) await new Promise<void>((resolve) => (release = resolve));
      log.push(`end ${n}`);
    });
    const first = resend.request();
    const later = [resend.request(), resend.request(), resend.request()];
    release();
    await Promise.all([first, ...later]);
    assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2'], 'one more send for three requests, never two at once');
    await resend.request();
    assert.equal(sends, 3, 'idle again: a request sends at once');
  });

  it('a failed send fails its callers and leaves the next request free to send', async () => {
    let fail = true;
    const resend = new CoalescedSend(async () => {
      if (fail) throw new Error('store closed');
    });
    await assert.rejects(resend.request(), /store closed/);
    fail = false;
    await resend.request();
  });
});
