// A PII scan of a log's text as it streams by (decoded pieces in order), with bounded memory: the stream scanner
// keeps one window, and what it finds is kept compactly (numbers and short strings, no window retained).
import type { DetectorOptions, DetectedSpan, PatternProblem } from '../../core/pii/types';
import { createDetector } from '../../core/pii/detector';
import { PiiStreamScanner } from '../../core/pii/streamScanner';
import { MAX_PII_SPANS_PER_LOG } from '../../core/model/logFile';
import { ContentError } from '../content/errors';
import { NamedLogDecoder } from '../content/text';

/** Bytes decoded at a time when the content is already in memory. */
const DECODE_SLICE_BYTES = 1024 * 1024;

/**
 * A copy that owns its characters: a substring of a 1 MiB window can keep the whole window alive in V8, and a
 * scan keeps up to a million values.
 */
const ownCopy = (value: string): string => (value.length < 16 ? value : Buffer.from(value, 'utf16le').toString('utf16le'));

export interface FoundSpan {
  type: string;
  start: number;
  end: number;
  value: string;
  replacement: string;
}

export class LogScan {
  private readonly scanner: PiiStreamScanner;
  private readonly found: FoundSpan[] = [];
  /** Type and replacement strings shared by every span of a type. */
  private readonly interned = new Map<string, string>();
  readonly problems: PatternProblem[];

  constructor(options: DetectorOptions = {}) {
    const detector = createDetector(options);
    this.problems = detector.problems.map((p) => ({ name: p.name, message: p.message }));
    this.scanner = new PiiStreamScanner(detector);
  }

  push(piece: string): void {
    this.keep(this.scanner.push(piece));
  }

  /** Ends the scan; the spans in text order. */
  end(): readonly FoundSpan[] {
    this.keep(this.scanner.end());
    return this.found;
  }

  private keep(spans: readonly DetectedSpan[]): void {
    if (this.found.length + spans.length > MAX_PII_SPANS_PER_LOG) {
      throw new ContentError(
        'CONTENT_TOO_LARGE',
        `The log holds more than ${MAX_PII_SPANS_PER_LOG.toLocaleString('en-US')} PII values: too many to review. Attach a smaller excerpt, or turn off the noisiest types in the PII settings.`,
        { limit: MAX_PII_SPANS_PER_LOG },
      );
    }
    for (const span of spans) {
      this.found.push({ type: this.intern(span.type), start: span.start, end: span.end, value: ownCopy(span.value), replacement: this.intern(span.replacement) });
    }
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    const copy = ownCopy(text);
    this.interned.set(copy, copy);
    return copy;
  }
}

/**
 * Feeds raw bytes of the log (in order) to a scan, decoding them into the log's text (core/text/logEncoding.ts);
 * bytes whose encoding cannot be told fail as UNSUPPORTED_ENCODING naming `fileName`.
 */
export class ByteScan {
  private readonly decoder: NamedLogDecoder;
  readonly scan: LogScan;

  constructor(fileName: string, options: DetectorOptions = {}) {
    this.decoder = new NamedLogDecoder(fileName);
    this.scan = new LogScan(options);
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; at += DECODE_SLICE_BYTES) this.scan.push(this.decoder.write(bytes.subarray(at, at + DECODE_SLICE_BYTES)));
  }

  end(): readonly FoundSpan[] {
    this.scan.push(this.decoder.end());
    return this.scan.end();
  }
}
