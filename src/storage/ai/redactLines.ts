// Log lines made fit to send: each line with every PII span of the log that reaches it replaced, unless the
// review kept that span ('pending' counts as redacted: nobody looked). The same rule as the redacted read
// (storage/pii/redactedText.ts), applied per line by offsets, so an excerpt needs no pass over the whole log.
import type { TextLine } from '../../core/ai/logLines';
import { redactText } from '../../core/pii/redact';
import type { Database } from '../database';
import { redactionsInWindow } from '../pii/spanSource';

export interface RedactedLines {
  lines: { number: number; text: string; cut: boolean }[];
  /** Spans replaced in these lines, per PII type (a span over two lines counts once). */
  byType: Record<string, number>;
}

/** Call inside the transaction that checked the log's approval, so the spans are the approved ones. */
export function redactLogLines(db: Database, logFileId: string, lines: readonly TextLine[]): RedactedLines {
  const byType: Record<string, number> = {};
  if (lines.length === 0) return { lines: [], byType };
  const seen = new Set<string>();
  const out: RedactedLines['lines'] = [];
  // Consecutive lines share one span query.
  let group: TextLine[] = [];
  const flush = () => {
    if (!group.length) return;
    const from = (group[0] as TextLine).start;
    const last = group[group.length - 1] as TextLine;
    const to = last.start + last.text.length;
    const spans = redactionsInWindow(db, logFileId, from, to);
    for (const line of group) {
      const end = line.start + line.text.length;
      const touching = spans.filter((span) => span.start < end && span.end > line.start);
      for (const span of touching) {
        const key = `${span.start}:${span.end}`;
        if (!seen.has(key)) {
          seen.add(key);
          byType[span.type] = (byType[span.type] ?? 0) + 1;
        }
      }
      const text = touching.length ? redactText(line.text, touching.map((span) => ({ start: span.start - line.start, end: span.end - line.start, replacement: span.replacement }))) : line.text;
      out.push({ number: line.number, text, cut: line.cut });
    }
    group = [];
  };
  for (const line of lines) {
    const previous = group[group.length - 1];
    if (previous && (line.number !== previous.number + 1 || group.length >= 200)) flush();
    group.push(line);
  }
  flush();
  return { lines: out, byType };
}
