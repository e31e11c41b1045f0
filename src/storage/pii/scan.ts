// A PII scan of a log's text as it streams by (decoded pieces in order), with bounded memory: the stream scanner
// keeps one window, and what it finds is kept compactly (a dictionary of values and encoded offsets: detectionSet.ts).
// There is no cap on the number of values: memory grows with the distinct values, not the occurrences.
import type { PiiDetector } from '../../core/pii/detector';
import type { DetectorOptions, DetectedSpan, PatternProblem } from '../../core/pii/types';
import { createDetector } from '../../core/pii/detector';
import { WindowPlanner, WindowSettler, type ScanWindow, type WindowSpan } from '../../core/pii/streamScanner';
import { NamedLogDecoder } from '../content/text';
import { WakeUp } from '../wakeUp';
import { DetectionSet } from './detectionSet';

/** Bytes decoded at a time when the content is already in memory. */
const DECODE_SLICE_BYTES = 1024 * 1024;

/**
 * Detection in another thread (the attach's mining thread, which holds the same text): what the detector finds in
 * the text [base, base + length), or undefined when it cannot (the window is then detected here).
 */
export interface WindowDetector {
  /** Whether it may take another window now. */
  readonly idle: boolean;
  detect(base: number, length: number): Promise<WindowSpan[] | undefined>;
}

/** Windows cut but not yet settled before push() asks the caller to wait (each holds ~1 MiB of text). */
const MAX_WINDOWS_AHEAD = 3;

interface QueuedWindow {
  window: ScanWindow;
  found?: WindowSpan[];
}

/**
 * The scan: windows cut from the streamed text (core/pii/streamScanner.ts), detected here or — when a
 * WindowDetector is given and idle — in another thread, then settled strictly in order, so what it finds is what
 * the one-thread scan finds.
 */
export class LogScan {
  private readonly detector: PiiDetector;
  private readonly settler = new WindowSettler();
  private readonly found = new DetectionSet();
  private readonly queue: QueuedWindow[] = [];
  private failure: unknown;
  /** Wakes push() and drain() when windows are settled. */
  private readonly settled = new WakeUp();
  readonly problems: PatternProblem[];
  /** Windows whose findings came from the WindowDetector. */
  windowsElsewhere = 0;

  /** `planner`: how the text is cut into windows (tests cut small ones). */
  constructor(
    options: DetectorOptions = {},
    private readonly remote?: WindowDetector,
    private readonly planner = new WindowPlanner(),
  ) {
    this.detector = createDetector(options);
    this.problems = this.detector.problems.map((p) => ({ name: p.name, message: p.message }));
  }

  /** Absolute offset of the oldest text the scan still holds: no later window starts before it. */
  get heldFrom(): number {
    return this.planner.heldFrom;
  }

  /** Takes the next piece; a promise when the caller should wait (windows sent away are not back yet). */
  push(piece: string): void | Promise<void> {
    this.rethrow();
    const window = this.planner.push(piece);
    if (window) this.take(window);
    return this.queue.length > MAX_WINDOWS_AHEAD ? this.waitForQueue(MAX_WINDOWS_AHEAD) : undefined;
  }

  /** Resolves once every window is settled (those sent away included); end() needs it when a WindowDetector is used. */
  async drain(): Promise<void> {
    if (this.queue.length) await this.waitForQueue(0);
    this.rethrow();
  }

  /** Ends the scan; what it found, compactly. */
  end(): DetectionSet {
    this.rethrow();
    if (this.queue.length) throw new Error('LogScan.end() before drain(): windows are still being detected');
    const last = this.planner.end();
    this.keep(this.settler.settle(last, this.detector.detect(last.text)));
    return this.found.finish();
  }

  private take(window: ScanWindow): void {
    const queued: QueuedWindow = { window };
    this.queue.push(queued);
    if (this.remote?.idle) {
      this.remote.detect(window.base, window.text.length).then(
        (found) => this.arrived(queued, found),
        () => this.arrived(queued, undefined),
      );
    } else {
      queued.found = this.detector.detect(window.text);
      this.settleReady();
    }
  }

  private arrived(queued: QueuedWindow, found: WindowSpan[] | undefined): void {
    try {
      if (found) this.windowsElsewhere++;
      queued.found = found ?? this.detector.detect(queued.window.text);
      this.settleReady();
    } catch (error) {
      this.failure ??= error;
      this.queue.length = 0;
      this.settled.wake();
    }
  }

  /** Settles the windows at the head of the queue whose findings are in, in order. */
  private settleReady(): void {
    while (this.queue[0]?.found) {
      const { window, found } = this.queue.shift() as Required<QueuedWindow>;
      this.keep(this.settler.settle(window, found));
    }
    this.settled.wake();
  }

  /** Resolves once at most `length` windows wait (or the scan failed). */
  private async waitForQueue(length: number): Promise<void> {
    while (this.queue.length > length && !this.failure) await this.settled.wait();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure;
  }

  private keep(spans: readonly DetectedSpan[]): void {
    for (const span of spans) this.found.add(span.type, span.start, span.end, span.value, span.replacement);
  }
}

/**
 * Feeds raw bytes of the log (in order) to a scan, decoding them into the log's text (core/text/logEncoding.ts);
 * bytes whose encoding cannot be told fail as UNSUPPORTED_ENCODING naming `fileName`.
 */
export class ByteScan {
  private readonly decoder: NamedLogDecoder;
  readonly scan: LogScan;

  /**
   * `onText` also gets each decoded piece, with the offset of the oldest text the scan still holds: what else reads
   * the text in this pass (pattern mining, and `windows`, the same thread detecting some of the scan's windows).
   */
  constructor(
    fileName: string,
    options: DetectorOptions = {},
    private readonly onText?: (piece: string, heldFrom: number) => void,
    windows?: WindowDetector,
  ) {
    this.decoder = new NamedLogDecoder(fileName);
    this.scan = new LogScan(options, windows);
  }

  /** A promise when the caller should wait before writing more. */
  write(bytes: Uint8Array): void | Promise<void> {
    let wait: void | Promise<void> = undefined;
    for (let at = 0; at < bytes.length; at += DECODE_SLICE_BYTES) wait = this.push(this.decoder.write(bytes.subarray(at, at + DECODE_SLICE_BYTES))) ?? wait;
    return wait;
  }

  /** Ends the scan (without a WindowDetector: finish() waits for the windows detected elsewhere). */
  end(): DetectionSet {
    this.push(this.decoder.end());
    return this.scan.end();
  }

  async finish(): Promise<DetectionSet> {
    this.push(this.decoder.end());
    await this.scan.drain();
    return this.scan.end();
  }

  private push(piece: string): void | Promise<void> {
    // The other reader first: on a thread of its own, it then works while this one scans.
    this.onText?.(piece, this.scan.heldFrom);
    return this.scan.push(piece);
  }
}
