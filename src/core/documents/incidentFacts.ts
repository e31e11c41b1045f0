// Facts both documents state the same way: times, durations, metrics, the timeline, the 5 Whys and the logs,
// each rendered from a snapshot as escaped Markdown.
import { formatBytes, parseSqlTimestamp } from '../issues/format';
import { readRootCause } from '../whys/whys';
import { splitEvidence } from '../whys/logRefs';
import { escapeBlock, escapeFragment, escapeInline, escapeTableCell, inlineCode, markdownTable, toBeWritten } from './markdownText';
import type { IncidentSnapshot, SnapshotEvent, SnapshotLog, SnapshotStep } from './snapshot';

export const HASH_PREFIX_LENGTH = 12;

const EVENT_LABELS: Record<string, string> = {
  triage_started: 'Triage started',
  log_uploaded: 'Log uploaded',
  why_level_advanced: 'Why level advanced',
  root_cause_identified: 'Root cause identified',
  rca_generated: 'RCA generated',
  postmortem_generated: 'Post-mortem generated',
  document_exported: 'Document exported',
  status_changed: 'Status changed',
};

/** A seed TEXT timestamp as shown in documents: 'YYYY-MM-DD HH:MM UTC' (the text itself when it does not parse). */
export function showTime(text: string | null | undefined): string {
  if (!text) return '—';
  const ms = parseSqlTimestamp(text);
  return Number.isNaN(ms) ? text : showMs(ms);
}

export function showMs(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** '2 d 3 h', '1 h 5 min', '45 min', '30 s': the two largest units. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const parts: string[] = [];
  let rest = seconds;
  for (const [name, size] of [['d', 86_400], ['h', 3_600], ['min', 60]] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${name}`);
  }
  return parts.slice(0, 2).join(' ');
}

export function eventLabel(eventType: string): string {
  return EVENT_LABELS[eventType] ?? eventType;
}

/** The first root_cause_identified event whose metadata names a cause. */
export function identifiedRootCause(snapshot: IncidentSnapshot): { event: SnapshotEvent; rootCause: string; confidence: number | null } | null {
  let found: { event: SnapshotEvent; rootCause: string; confidence: number | null } | null = null;
  for (const event of snapshot.timeline) {
    if (event.eventType !== 'root_cause_identified') continue;
    const cause = readRootCause(event.metadata);
    // The latest identification wins: a person may revise the cause.
    if (cause) found = { event, ...cause };
  }
  return found;
}

export interface IncidentMetrics {
  /** Created → resolved; null while unresolved (or a time that does not parse). */
  durationMs: number | null;
  /** Created → the first root_cause_identified event; null when not identified yet. */
  timeToRootCauseMs: number | null;
}

export function incidentMetrics(snapshot: IncidentSnapshot): IncidentMetrics {
  const created = parseSqlTimestamp(snapshot.issue.createdAt);
  const resolved = snapshot.issue.resolvedAt ? parseSqlTimestamp(snapshot.issue.resolvedAt) : Number.NaN;
  const firstCause = snapshot.timeline.find((event) => event.eventType === 'root_cause_identified');
  const identified = firstCause ? parseSqlTimestamp(firstCause.createdAt) : Number.NaN;
  const span = (end: number) => (Number.isNaN(created) || Number.isNaN(end) ? null : Math.max(0, end - created));
  return { durationMs: span(resolved), timeToRootCauseMs: span(identified) };
}

export function metricsTable(snapshot: IncidentSnapshot): string {
  const metrics = incidentMetrics(snapshot);
  const created = parseSqlTimestamp(snapshot.issue.createdAt);
  // While unresolved the duration is unknown; how long it has been open so far still helps the reader.
  const openSoFar = Number.isNaN(created) ? '' : ` (open for ${formatDuration(snapshot.generatedAt - created)} when generated)`;
  return markdownTable(['Metric', 'Value'], [
    ['Created', showTime(snapshot.issue.createdAt)],
    ['Resolved', snapshot.issue.resolvedAt ? showTime(snapshot.issue.resolvedAt) : 'not yet'],
    ['Duration', metrics.durationMs === null ? `not yet${openSoFar}` : formatDuration(metrics.durationMs)],
    ['Time to root cause', metrics.timeToRootCauseMs === null ? 'not yet' : formatDuration(metrics.timeToRootCauseMs)],
    ['Timeline events', String(snapshot.timeline.length)],
    ['5 Whys levels answered', `${snapshot.steps.filter((s) => s.answer?.trim()).length} of ${snapshot.steps.length}`],
    ['Logs analyzed', String(snapshot.logs.length)],
  ]);
}

export function timelineTable(snapshot: IncidentSnapshot): string {
  if (snapshot.timeline.length === 0) return '_No timeline events recorded._';
  return markdownTable(['Time (UTC)', 'Event', 'Details'], snapshot.timeline.map((event) => [showTime(event.createdAt), eventLabel(event.eventType), event.description]));
}

/** Evidence with log-line references kept as inline code (`log:<id>#L10-L20`) followed by the log's name. */
function evidenceText(evidence: string, logs: readonly SnapshotLog[]): string {
  return splitEvidence(evidence.replace(/\s*[\r\n]+\s*/g, ' '))
    .map((part) => {
      if (part.kind === 'text') return escapeFragment(part.text);
      const log = logs.find((candidate) => candidate.id === part.ref.logFileId);
      const lines = part.ref.startLine === part.ref.endLine ? `line ${part.ref.startLine}` : `lines ${part.ref.startLine}–${part.ref.endLine}`;
      return `${inlineCode(part.text)} (${log ? `${escapeInline(log.fileName)}, ` : 'a log no longer attached, '}${lines})`;
    })
    .join('')
    .trim();
}

export function whysSection(snapshot: IncidentSnapshot): string {
  const steps = [...snapshot.steps].sort((a, b) => a.stepOrder - b.stepOrder);
  if (steps.length === 0) return `_No 5 Whys recorded yet._\n\n${toBeWritten('ask why the incident happened, and why again, up to five times')}`;
  return steps.map((step) => whyItem(step, snapshot.logs)).join('\n\n');
}

function whyItem(step: SnapshotStep, logs: readonly SnapshotLog[]): string {
  const lines = [`**Why ${step.stepOrder}: ${escapeInline(step.whyQuestion)}**`, ''];
  lines.push(`- Answer: ${step.answer?.trim() ? escapeInline(step.answer) : '_not answered yet_'}`);
  if (step.evidence?.trim()) lines.push(`- Evidence: ${evidenceText(step.evidence, logs)}`);
  return lines.join('\n');
}

/** The identified root cause; else the deepest answer as a candidate; else a prompt. */
export function rootCauseText(snapshot: IncidentSnapshot): string {
  const identified = identifiedRootCause(snapshot);
  if (identified) {
    const confidence = identified.confidence === null ? '' : ` (confidence ${Math.round(identified.confidence * 100)}%, identified ${showTime(identified.event.createdAt)})`;
    return `${escapeBlock(identified.rootCause)}${confidence ? `\n\n_${escapeInline(confidence.trim())}_` : ''}`;
  }
  const deepest = [...snapshot.steps].sort((a, b) => b.stepOrder - a.stepOrder).find((step) => step.answer?.trim());
  if (deepest?.answer) {
    return `Not confirmed yet. The deepest answer of the 5 Whys (level ${deepest.stepOrder}):\n\n> ${escapeInline(deepest.answer)}\n\n${toBeWritten('confirm the root cause (Mark Root Cause) or state it here')}`;
  }
  return toBeWritten('the root cause, once the 5 Whys reach it');
}

export function redactionState(log: SnapshotLog): string {
  if (log.redacted && log.piiScanned === false) return 'not scanned (marked redacted on import)';
  return log.redacted ? 'yes' : 'no';
}

export function hashPrefix(hash: string | null): string {
  return hash ? inlineCode(hash.slice(0, HASH_PREFIX_LENGTH)) : '—';
}

export function logsTable(snapshot: IncidentSnapshot): string {
  if (snapshot.logs.length === 0) return '_No log files attached._';
  return markdownTable(
    ['File', 'Size', 'Redacted', 'SHA-256 (prefix)', 'Uploaded'],
    snapshot.logs.map((log) => [
      escapeTableCell(log.fileName),
      escapeTableCell(log.fileSize == null ? 'unknown' : `${formatBytes(log.fileSize)} (${log.fileSize.toLocaleString('en-US')} bytes)`),
      redactionState(log),
      hashPrefix(log.contentHash),
      escapeTableCell(showTime(log.uploadedAt)),
    ]),
    { rawCells: true },
  );
}

export function summaryTable(snapshot: IncidentSnapshot, extra: Array<[string, string]> = []): string {
  const { issue } = snapshot;
  return markdownTable(['Field', 'Value'], [
    ['Title', issue.title],
    ['Severity', issue.severity],
    ['Status', issue.status],
    ['Category', issue.category],
    ['Source', issue.source],
    ['Assigned to', issue.assignedTo],
    ['Tags', issue.tags.join(', ')],
    ['Created', showTime(issue.createdAt)],
    ['Resolved', issue.resolvedAt ? showTime(issue.resolvedAt) : 'not yet'],
    ...extra,
    ['Issue ID', issue.id],
  ]);
}

export function descriptionText(snapshot: IncidentSnapshot): string {
  const text = snapshot.issue.description ? escapeBlock(snapshot.issue.description) : '';
  return text || toBeWritten('what happened, as the people involved saw it');
}

/** Joins `## ` sections; counts them for the timeline event. */
export function assemble(title: string, preamble: string, sections: ReadonlyArray<readonly [string, string]>): { markdown: string; sectionCount: number } {
  const parts = [`# ${title}`, preamble, ...sections.map(([heading, body]) => `## ${heading}\n\n${body}`)];
  return { markdown: `${parts.filter(Boolean).join('\n\n')}\n`, sectionCount: sections.length };
}
