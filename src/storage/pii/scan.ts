// A PII scan of a log's text as it streams by (decoded pieces in order), with bounded memory: the stream scanner
// keeps one window, and what it finds is kept compactly (a dictionary of values and encoded offsets: detectionSet.ts).
// There is no cap on the number of values: memory grows with the distinct values, not the occurrences.
import type { DetectorOptions, DetectedSpan, PatternProblem } from '../../core/pii/types';
import { createDetector } from '../../core/pii/detector';
import { PiiStreamScanner } from '../../core/pii/streamScanner';
import { NamedLogDecoder } from '../content/text';
import { DetectionSet } from './detectionSet';

/** Bytes decoded at a time when the content is already in memory. */
const DECODE_SLICE_BYTES = 1024 * 1024;

export class LogScan {
  private readonly scanner: PiiStreamScanner;
  private readonly found = new DetectionSet();
  readonly problems: PatternProblem[];

  constructor(options: DetectorOptions = {}) {
    const detector = createDetector(options);
    this.problems = detector.problems.map((p) => ({ name: p.name, message: p.message }));
    this.scanner = new PiiStreamScanner(detector);
  }

  push(piece: string): void {
    this.keep(this.scanner.push(piece));
  }

  /** Ends the scan; what it found, compactly. */
  end(): DetectionSet {
    this.keep(this.scanner.end());
    return this.found.finish();
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

  /** `onText` also gets each decoded piece: what else reads the text in this pass (pattern mining). */
  constructor(fileName: string, options: DetectorOptions = {}, private readonly onText?: (piece: string) => void) {
    this.decoder = new NamedLogDecoder(fileName);
    this.scan = new LogScan(options);
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; at += DECODE_SLICE_BYTES) this.push(this.decoder.write(bytes.subarray(at, at + DECODE_SLICE_BYTES)));
  }

  end(): DetectionSet {
    this.push(this.decoder.end());
    return this.scan.end();
  }

  private push(piece: string): void {
    // The other reader first: on a thread of its own, it then works while this one scans.
    this.onText?.(piece);
    this.scan.push(piece);
  }
}
