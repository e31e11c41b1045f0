// A document made fit to leave the machine: every value the PII detector finds in its title or its Markdown
// replaced (`[Email]`, `[IPv4]`, …), with counts per type and never the values themselves. The Markdown is read
// twice — as written and as a reader sees it (backslash escapes resolved) — and the union is redacted, so an
// escape inside a value (`carol\_diaz@…`) cannot hide part of it. In the Markdown a placeholder is written so it reads
// as text (markdownPlaceholders.ts); the title is plain text.
import type { PiiDetector } from '../pii/detector';
import { redactText } from '../pii/redact';
import { redactMarkdownSource } from './markdownPlaceholders';
import { sourceRange, unescapedView } from './markdownTextView';

/** Replacements made, by PII type (`Email`, `IPv4`, `Custom:<name>`, …). */
export type RedactionCounts = Record<string, number>;

export interface RedactedDocument {
  title: string;
  markdown: string;
  /** Title and text together. */
  redactedByType: RedactionCounts;
}

interface TypedSpan {
  type: string;
  start: number;
  end: number;
  replacement: string;
}

/** `plainText`: the "markdown" is text nobody renders as Markdown (an incident's description), placeholders left bare. */
export function redactDocument(doc: { title: string; markdown: string }, detector: PiiDetector, options: { plainText?: boolean } = {}): RedactedDocument {
  const title = redactMarkdown(doc.title, detector);
  const spans = detectedSpans(doc.markdown, detector);
  const markdown = options.plainText ? redactText(doc.markdown, spans) : redactMarkdownSource(doc.markdown, spans);
  return { title: title.text, markdown, redactedByType: addCounts(title.counts, countsOf(spans)) };
}

/** The text with every detected value replaced (placeholders bare), and how many were replaced per type. */
export function redactMarkdown(text: string, detector: PiiDetector): { text: string; counts: RedactionCounts } {
  const spans = detectedSpans(text, detector);
  return { text: redactText(text, spans), counts: countsOf(spans) };
}

/** What the detector finds in the text as written and as a Markdown reader sees it, merged. */
function detectedSpans(text: string, detector: PiiDetector): TypedSpan[] {
  const spans: TypedSpan[] = detector.detect(text);
  const view = unescapedView(text);
  if (view) for (const span of detector.detect(view.text)) spans.push({ ...span, ...sourceRange(view, span.start, span.end) });
  return mergeTyped(spans);
}

function countsOf(spans: readonly TypedSpan[]): RedactionCounts {
  const counts: RedactionCounts = {};
  for (const span of spans) counts[span.type] = (counts[span.type] ?? 0) + 1;
  return counts;
}

/** Overlapping spans become one (their union), typed and replaced as the one starting first (the longest on a tie). */
function mergeTyped(spans: readonly TypedSpan[]): TypedSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TypedSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ type: span.type, start: span.start, end: span.end, replacement: span.replacement });
  }
  return merged;
}

function addCounts(...all: readonly RedactionCounts[]): RedactionCounts {
  const sum: RedactionCounts = {};
  for (const counts of all) for (const [type, n] of Object.entries(counts)) sum[type] = (sum[type] ?? 0) + n;
  return sum;
}

/** "3 values redacted (Email 2, IPv4 1)", or "no personal data found". */
export function redactionSummary(counts: RedactionCounts): string {
  const entries = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 'no personal data found';
  return `${total} value${total === 1 ? '' : 's'} redacted (${entries.map(([type, n]) => `${type} ${n}`).join(', ')})`;
}
