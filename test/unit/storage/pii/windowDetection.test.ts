// The PII scan with some windows detected in another thread (scan.ts LogScan, the mining thread) finds exactly what
// the one-thread scan finds, whatever that thread answers and whenever its answers come.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { generateAccessLog } from '../../../../src/core/demo/accessLog';
import { createDetector } from '../../../../src/core/pii/detector';
import { MARGIN, WindowPlanner, type WindowSpan } from '../../../../src/core/pii/streamScanner';
import type { DetectorOptions } from '../../../../src/core/pii/types';
import { startAttachMining, InThreadMining } from '../../../../src/storage/patterns/attachMining';
import { HeldText } from '../../../../src/storage/patterns/heldText';
import { minerWorkerIn } from '../../../../src/storage/patterns/minerWorkerFile';
import type { DetectionSet } from '../../../../src/storage/pii/detectionSet';
import { ByteScan, LogScan, type WindowDetector } from '../../../../src/storage/pii/scan';
import { repoRoot } from '../../../host/paths';

const OPTIONS: DetectorOptions = { customPatterns: [{ name: 'ticket', pattern: 'TCK-[0-9]{4}' }] };
const detector = createDetector(OPTIONS);

const VALUES = ['jane.doe@example.org', '10.1.2.3', 'password=Tr0ub4dor&3', 'AKIAQWERTYUIOPASDFGH', '+1 415-555-0132', 'TCK-1234', 'Bearer abcDEF123456ghiJKL789xyz'];
const word = fc.string({ unit: fc.constantFrom(...'abcxyz0123456789.:-_=@'), minLength: 1, maxLength: 12 });
const separator = fc.constantFrom(' ', ' ', '\n', '\t', ', ', '=');
/** A log-like text a few margins long (windows are cut MARGIN before the text's end), with long runs without a line break. */
const logText = fc.array(fc.tuple(fc.oneof(word, fc.constantFrom(...VALUES)), separator), { minLength: 20, maxLength: 150 }).map((parts) => {
  const unit = parts.map(([p, sep]) => p + sep).join('');
  let text = '';
  for (let i = 0; text.length < 10 * MARGIN; i++) text += unit.slice(i % unit.length) + unit;
  return text;
});

/** How the fake thread answers a window: its findings, nothing (detect here), a failure — now or later. */
const answer = fc.record({ kind: fc.constantFrom('spans', 'spans', 'none', 'throws'), later: fc.boolean(), idle: fc.boolean() });

function fakeThread(text: string, answers: readonly { kind: string; later: boolean; idle: boolean }[]): WindowDetector & { asked: number } {
  let n = 0;
  let polled = 0;
  let inHand = 0;
  return {
    asked: 0,
    get idle() {
      return inHand === 0 && (answers[polled++ % answers.length]?.idle ?? true);
    },
    detect(base: number, length: number): Promise<WindowSpan[] | undefined> {
      this.asked++;
      const a = answers[n++ % answers.length] ?? { kind: 'spans', later: false };
      inHand++;
      const settle = (): WindowSpan[] | undefined => {
        inHand--;
        if (a.kind === 'throws') throw new Error('thread gone');
        return a.kind === 'none' ? undefined : detector.detect(text.slice(base, base + length));
      };
      return a.later ? new Promise((resolve, reject) => setTimeout(() => { try { resolve(settle()); } catch (e) { reject(e); } }, 1)) : Promise.resolve().then(settle);
    },
  };
}

const spansOf = (set: DetectionSet) => [...set.spans()];

async function scanWith(text: string, pieceSize: number, window: number, remote?: WindowDetector): Promise<DetectionSet> {
  const scan = new LogScan(OPTIONS, remote, new WindowPlanner(window));
  for (let at = 0; at < text.length; at += pieceSize) await scan.push(text.slice(at, at + pieceSize));
  await scan.drain();
  return scan.end();
}

describe('PII scan windows detected in another thread', () => {
  it('finds exactly what the one-thread scan finds, whatever the other thread answers and whenever', async function () {
    this.timeout(120_000);
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(logText, fc.integer({ min: 200, max: 6000 }), fc.integer({ min: 1, max: MARGIN + 2000 }), fc.array(answer, { minLength: 1, maxLength: 12 }), async (text, pieceSize, window, answers) => {
        const expected = spansOf(await scanWith(text, pieceSize, window));
        const remote = fakeThread(text, answers);
        assert.deepEqual(spansOf(await scanWith(text, pieceSize, window, remote)), expected);
        asked += remote.asked;
      }),
      { numRuns: 40 },
    );
    assert.ok(asked > 40, `${asked} windows offered to the other thread`);
  });

  it('hands windows to an idle thread, waits for them before ending, and asks its caller to wait while they are out', async () => {
    let text = '';
    while (text.length < 20 * MARGIN) text += 'GET /a from 10.1.2.3 user jane.doe@example.org TCK-0042\n';
    const pending: (() => void)[] = [];
    const slow: WindowDetector = {
      idle: true,
      detect: (base, length) => new Promise((resolve) => pending.push(() => resolve(detector.detect(text.slice(base, base + length))))),
    };
    const scan = new LogScan(OPTIONS, slow, new WindowPlanner(MARGIN));
    let waited = false;
    for (let at = 0; at < text.length; at += 1000) {
      const wait = scan.push(text.slice(at, at + 1000));
      if (wait) {
        waited = true;
        pending.shift()?.(); // the oldest window comes back: one place frees up
        await wait;
      }
    }
    assert.ok(waited, 'windows out in the other thread hold the caller back');
    assert.throws(() => scan.end(), /drain/, 'ending before the windows are back is refused');
    const drained = scan.drain();
    for (const release of pending.splice(0)) release();
    await drained;
    const found = scan.end();
    assert.ok(scan.windowsElsewhere > 5, `${scan.windowsElsewhere} windows detected elsewhere`);
    assert.deepEqual(spansOf(found), spansOf(await scanWith(text, 1000, MARGIN)));
  });
});

describe('HeldText: the latest text of a stream, by absolute offsets', () => {
  it('gives back any range still held, and nothing for a range let go or not yet come', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 50 }), { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { minLength: 30, maxLength: 30 }), (pieces, forget) => {
        const held = new HeldText();
        let whole = '';
        let heldFrom = 0;
        pieces.forEach((piece, i) => {
          heldFrom = Math.min(whole.length, heldFrom + ((forget[i] as number) % 40));
          whole += piece;
          held.push(piece, heldFrom);
          for (let base = heldFrom; base <= whole.length; base += 7) for (const length of [0, 1, 13, 60]) {
            const expected = base + length <= whole.length ? whole.slice(base, base + length) : undefined;
            assert.equal(held.text(base, length), expected, `[${base}, +${length})`);
          }
          assert.equal(held.text(whole.length, 1), undefined, 'not yet come');
        });
      }),
    );
    const held = new HeldText();
    held.push('abcdef', 0);
    held.push('ghij', 6);
    assert.equal(held.text(0, 3), undefined, 'let go');
    assert.equal(held.text(6, 4), 'ghij');
  });
});

describe('PII scan windows detected on the mining thread (dist/logMiner.js)', () => {
  it('an access log scanned with the mining thread taking windows: the same detections and the same patterns', async function () {
    this.timeout(60_000);
    const workerFile = minerWorkerIn(path.join(repoRoot, 'dist'));
    assert.ok(workerFile, 'dist/logMiner.js is built (npm run build)');
    let log = '';
    generateAccessLog(12 * 1024 * 1024, (piece) => (log += piece), { distinctClients: 500 });
    log = log.replace(/\n/g, (nl, at: number) => (at % 97 === 0 ? ` TCK-${String(at % 10_000).padStart(4, '0')}\n` : nl));
    const bytes = Buffer.from(log);

    const mined = new InThreadMining();
    const alone = new ByteScan('access.log', OPTIONS, (piece) => mined.push(piece));
    alone.write(bytes);
    const expected = alone.end();

    const thread = startAttachMining(workerFile);
    try {
      const windows = thread.windows?.(OPTIONS);
      assert.ok(windows, 'the mining thread detects windows');
      let minerBusy: void | Promise<void> = undefined;
      const scan = new ByteScan('access.log', OPTIONS, (piece, heldFrom) => (minerBusy = thread.push(piece, heldFrom) ?? minerBusy), windows);
      for (let at = 0; at < bytes.length; at += 1024 * 1024) {
        await scan.write(bytes.subarray(at, at + 1024 * 1024));
        await minerBusy;
      }
      const found = await scan.finish();
      assert.ok(scan.scan.windowsElsewhere > 0, 'some windows were detected on the thread');
      assert.ok(expected.detections > 100_000 && expected.countsByType()['Custom:ticket']! > 100);
      assert.deepEqual(found.values, expected.values);
      assert.deepEqual(found.chunks, expected.chunks);
      assert.deepEqual(found.plain, expected.plain);
      assert.deepEqual(await thread.end(), mined.finish(), 'mining is unchanged');
    } finally {
      thread.stop(); // a failed assertion must not leave the thread running
    }
  });
});
