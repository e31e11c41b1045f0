// A pattern's template made fit to send. A template keeps what is constant across its lines, and that can be
// personal data a `<*>` does not stand for: one user's e-mail in every line, a host name, a token. So a template
// goes through the same redaction as the lines: the PII detector, plus the log's own reviewed values — a value
// redacted (or not yet decided) anywhere in the log is replaced wherever it appears in a template, a value the
// review kept everywhere stays even when the detector finds it.
import type { TemplateRedactor } from '../../core/ai/patternSummary';
import { asciiLower, occursIn, ValueFinder } from '../../core/ai/valueFinder';
import type { RedactionCounts } from '../../core/export/redactDocument';
import type { PiiDetector } from '../../core/pii/detector';
import { redactText } from '../../core/pii/redact';
import { replacementFor } from '../../core/pii/types';
import type { Database } from '../database';
import { setOf } from '../pii/detectionStore';

export interface ReviewedValues {
  /** Values to replace: redacted or pending in at least one place of the log. */
  redact: ValueFinder;
  /** Values (ASCII-lowered) kept wherever they occur in the log. */
  kept: Set<string>;
}

/** The original and ASCII-lowered values of a JSON array of strings, in the same order. */
function parseBoth(json: string | null | undefined): { values: string[]; lowered: string[] } {
  if (!json) return { values: [], lowered: [] };
  // Lowering A-Z in the JSON text lowers them in every value and leaves the JSON valid (escapes use a-f or A-F alike).
  return { values: JSON.parse(json) as string[], lowered: JSON.parse(asciiLower(json)) as string[] };
}

/**
 * The log's reviewed values that occur in `text` (the templates that may be sent), its span rows and compact
 * detections alike. A large log has hundreds of thousands of values: they come out of SQLite as one JSON array per
 * kind (a row each would cost seconds), are tested against the text (occursIn), and only the few found are typed.
 */
export function reviewedValues(db: Database, logFileId: string, text: string): ReviewedValues {
  const present = occursIn(asciiLower(text));
  const set = setOf(db, logFileId);
  const found = (json: string | null | undefined) => {
    const { values, lowered } = parseBoth(json);
    return values.filter((_, i) => present(lowered[i] as string));
  };
  const list = (decision: '<>' | '=') => [
    ...found(db.get<{ v: string | null }>(`SELECT json_group_array(original_value) AS v FROM pii_spans WHERE log_file_id = ? AND decision ${decision} 'keep'`, [logFileId])?.v),
    ...(set ? found(db.get<{ v: string | null }>(`SELECT json_group_array(value) AS v FROM pii_values WHERE set_id = ? AND occurrences > 0 AND decision ${decision} 'keep'`, [set.setId])?.v) : []),
  ];
  const toRedact = [...new Set(list('<>'))];
  const typed: { value: string; type: string }[] = [];
  if (toRedact.length) {
    const json = JSON.stringify(toRedact);
    typed.push(
      ...db.query<{ value: string; type: string }>('SELECT original_value AS value, pii_type AS type FROM pii_spans WHERE log_file_id = ? AND decision <> \'keep\' AND original_value IN (SELECT value FROM json_each(?))', [logFileId, json]),
      ...(set ? db.query<{ value: string; type: string }>('SELECT value, pii_type AS type FROM pii_values WHERE set_id = ? AND decision <> \'keep\' AND value IN (SELECT value FROM json_each(?))', [set.setId, json]) : []),
    );
  }
  // A value kept in one place (or one spelling) and redacted in another is redacted.
  const redacted = new Set(toRedact.map(asciiLower));
  const kept = new Set(list('=').map(asciiLower).filter((value) => !redacted.has(value)));
  return { redact: new ValueFinder(typed), kept };
}

/**
 * The reviewed values found in a log's templates, kept between requests (the chat measures its context as the user
 * types). Valid while the log's approval is the same one: any change to its values or decisions withdraws the
 * approval (pii/approval.ts), and a log is used only once approved again — with a new approval audit row, so a new
 * key. The templates' text is part of the key (a log mined again has others).
 */
export class ReviewedValuesCache {
  private readonly entries = new Map<string, { key: string; values: ReviewedValues }>();

  constructor(private readonly max = 16) {}

  get(db: Database, logFileId: string, text: string): ReviewedValues {
    const approval = db.get<{ r: number | null }>("SELECT max(rowid) AS r FROM audit_log WHERE entity_type = 'log_file' AND entity_id = ? AND action = 'log.redaction_approved'", [logFileId])?.r ?? null;
    const key = `${approval}\u0000${text}`;
    const entry = this.entries.get(logFileId);
    this.entries.delete(logFileId);
    // Never approved (cannot be sent anyway): read each time rather than trust a key that no approval renews.
    const values = entry && approval !== null && entry.key === key ? entry.values : reviewedValues(db, logFileId, text);
    if (approval !== null) this.entries.set(logFileId, { key, values });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
    return values;
  }
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
