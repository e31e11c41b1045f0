// The context block's text, from the incident's data: plain Markdown-ish sections a model reads well. Pure
// formatting — the gate redacts what comes out (free text) or what goes in (log lines, by the log's spans).
import type { Issue } from '../model/issue';
import type { SnapshotEvent, SnapshotStep } from '../documents/snapshot';

export const CONTEXT_HEADER =
  '# Context\nProvided by TRCAA. Personal data and secrets were replaced before sending: [Email], [IPv4], [Password] and the like stand for removed values.';

export function incidentText(issue: Issue): string {
  const facts = [
    `Title: ${issue.title}`,
    `Severity: ${issue.severity} · Status: ${issue.status}${issue.category ? ` · Category: ${issue.category}` : ''}${issue.source ? ` · Source: ${issue.source}` : ''}`,
    `Opened: ${issue.createdAt} UTC${issue.resolvedAt ? ` · Resolved: ${issue.resolvedAt} UTC` : ''}`,
    ...(issue.tags.length ? [`Tags: ${issue.tags.join(', ')}`] : []),
  ];
  return `## Incident\n${facts.join('\n')}${issue.description ? `\nDescription:\n${issue.description}` : ''}`;
}

export function whysText(steps: readonly SnapshotStep[]): string {
  const levels = steps.map((step) => {
    const answer = step.answer?.trim() ? step.answer.trim() : '(not answered yet)';
    return `${step.stepOrder}. ${step.whyQuestion}\n   Answer: ${answer}${step.evidence?.trim() ? `\n   Evidence: ${step.evidence.trim()}` : ''}`;
  });
  return `## 5 Whys\n${levels.length ? levels.join('\n') : '(none yet)'}`;
}

export function timelineText(events: readonly SnapshotEvent[]): string {
  return `## Timeline (UTC)\n${events.length ? events.map((event) => `- ${event.createdAt} ${event.eventType}: ${event.description}`).join('\n') : '(no events)'}`;
}

/** One excerpt: a header naming the reference to cite, then each line numbered as the log numbers it. */
export function excerptText(ref: string, fileName: string, note: string, lines: readonly { number: number; text: string; cut: boolean }[]): string {
  return `### ${ref} (${fileName}${note ? `, ${note}` : ''})\n${lines.map((line) => `L${line.number}: ${line.text}${line.cut ? ' …' : ''}`).join('\n')}`;
}

export const LOG_EXCERPTS_HEADING = '## Log excerpts';
