// A pattern's template made fit to send. A template keeps what is constant across its lines, and that can be
// personal data a `<*>` does not stand for: one user's e-mail in every line, a host name, a token. So a template
// goes through the same redaction as the lines: the PII detector, plus the log's own reviewed values — a value
// redacted (or not yet decided) anywhere in the log is replaced wherever it appears in a template, a value the
// review kept everywhere stays even when the detector finds it.
import type { TemplateRedactor } from '../../core/ai/patternSummary';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { asciiLower, ValueFinder } from '../../core/ai/valueFinder';
import type { PiiDetector } from '../../core/pii/detector';
import { redactText } from '../../core/pii/redact';
import { replacementFor } from '../../core/pii/types';
import type { Database } from '../database';

export interface ReviewedValues {
  /** Values to replace: redacted or pending in at least one place of the log. */
  redact: ValueFinder;
  /** Values (ASCII-lowered) kept wherever they occur in the log. */
  kept: Set<string>;
}

/** The log's reviewed values, its span rows and its compact detections alike (the pii_occurrences view). */
export function reviewedValues(db: Database, logFileId: string): ReviewedValues {
  // Per value: its type, and whether any occurrence is not kept.
  const values = new Map<string, { type: string; redact: boolean }>();
  for (const row of db.query<{ pii_type: string; value: string; decision: string }>('SELECT pii_type, value, decision FROM pii_occurrences WHERE log_file_id = ?', [logFileId])) {
    const redact = row.decision !== 'keep';
    const known = values.get(row.value);
    if (!known) values.set(row.value, { type: row.pii_type, redact });
    else if (redact && !known.redact) values.set(row.value, { type: row.pii_type, redact });
  }
  const toRedact: { value: string; type: string }[] = [];
  const kept = new Set<string>();
  for (const [value, { type, redact }] of values) {
    if (redact) toRedact.push({ value, type });
    else kept.add(asciiLower(value));
  }
  // A value kept in one spelling and redacted in another (case) is redacted.
  for (const { value } of toRedact) kept.delete(asciiLower(value));
  return { redact: new ValueFinder(toRedact), kept };
}

interface TypedSpan {
  type: string;
  start: number;
  end: number;
}

/** Redacts templates with the detector and the log's reviewed values; counts one per replaced (merged) span. */
export function templateRedactor(detector: PiiDetector, reviewed: ReviewedValues): TemplateRedactor {
  return (template) => {
    const spans: TypedSpan[] = reviewed.redact.find(template);
    for (const span of detector.detect(template)) if (!reviewed.kept.has(asciiLower(span.value))) spans.push(span);
    if (!spans.length) return { text: template, counts: {} };
    // Overlapping spans are one replacement: the one starting first (the longer on a tie) names it.
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged: TypedSpan[] = [];
    for (const span of spans) {
      const last = merged[merged.length - 1];
      if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
      else merged.push({ ...span });
    }
    const counts: RedactionCounts = {};
    for (const span of merged) counts[span.type] = (counts[span.type] ?? 0) + 1;
    return { text: redactText(template, merged.map((span) => ({ start: span.start, end: span.end, replacement: replacementFor(span.type) }))), counts };
  };
}
