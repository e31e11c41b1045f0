// The streamed answer is painted at once for its first piece, then at most once per interval, and completely at the end.
import * as assert from 'node:assert/strict';
import { StreamPainter, type Clock } from '../../../src/webview/assistant/streamPainter';

function fakeClock() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.run();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

describe('AI chat: painting a streamed answer', () => {
  it('paints the first piece at once, then at most every interval, and the rest when it ends', () => {
    const { clock, advance, pending } = fakeClock();
    const painted: string[] = [];
    const painter = new StreamPainter((text) => painted.push(text), 30, clock);
    painter.push('Hel');
    assert.deepEqual(painted, ['Hel'], 'no wait before the first paint');
    advance(5);
    painter.push('lo');
    painter.push(', ');
    assert.deepEqual(painted, ['Hel'], 'pieces within the interval wait');
    assert.equal(pending(), 1, 'one paint scheduled for them');
    advance(25);
    assert.deepEqual(painted, ['Hel', 'Hello, ']);
    advance(100);
    painter.push('world');
    assert.deepEqual(painted, ['Hel', 'Hello, ', 'Hello, world'], 'a piece after a quiet interval is painted at once');
    advance(1);
    painter.push('!');
    assert.equal(painter.finish(), 'Hello, world!');
    assert.deepEqual(painted, ['Hel', 'Hello, ', 'Hello, world', 'Hello, world!'], 'the end paints what was left, at once');
    assert.equal(pending(), 0);
    painter.push(' late');
    advance(100);
    assert.equal(painted.length, 4, 'nothing after the end');
  });

  it('paints nothing more at the end when everything was painted, and nothing for an empty answer', () => {
    const { clock } = fakeClock();
    const painted: string[] = [];
    const painter = new StreamPainter((text) => painted.push(text), 30, clock);
    painter.push('all');
    painter.finish();
    assert.deepEqual(painted, ['all']);
    const empty: string[] = [];
    new StreamPainter((text) => empty.push(text), 30, clock).finish();
    assert.deepEqual(empty, []);
  });
});
