// How issues read in the sidebar and the status bar: pure text helpers (no vscode), unit-tested in plain Node.
import type { IssueCounts, IssueSeverity, IssueStatus } from '../model/issue';
import { wordsQuery } from './ftsQuery';

export type IssueGrouping = 'status' | 'severity';

export const STATUS_LABELS: Record<IssueStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const SEVERITY_LABELS: Record<IssueSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** Codicon and theme colour id per severity: the colours people already read as "error", "warning", … */
export const SEVERITY_ICONS: Record<IssueSeverity, { icon: string; color: string }> = {
  critical: { icon: 'flame', color: 'errorForeground' },
  high: { icon: 'warning', color: 'list.warningForeground' },
  medium: { icon: 'circle-filled', color: 'charts.yellow' },
  low: { icon: 'circle-outline', color: 'charts.blue' },
};

/** An imported row may carry a severity word outside the seed's. */
export function severityIcon(severity: string): { icon: string; color: string } {
  return SEVERITY_ICONS[severity as IssueSeverity] ?? { icon: 'circle-outline', color: 'descriptionForeground' };
}

/** The seed's 'YYYY-MM-DD HH:MM:SS' (UTC) as epoch milliseconds; NaN when unreadable. */
export function parseSqlTimestamp(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** "now", "5m", "3h", "2d", "6w", "1y": short enough for a tree description. */
export function formatAge(createdAt: string, now: number): string {
  const then = parseSqlTimestamp(createdAt);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return 'now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days}d`;
  if (days < 365) return `${Math.floor(days / 7)}w`;
  return `${Math.floor(days / 365)}y`;
}

/** The issue row's description: category and age ("database · 3h"). */
export function issueDescription(issue: { category: string | null; createdAt: string }, now: number): string {
  return [issue.category, formatAge(issue.createdAt, now)].filter((part) => !!part).join(' · ');
}

export interface IssueFilter {
  status?: IssueStatus[];
  severity?: IssueSeverity[];
  tag?: string;
  assignedTo?: string;
}

export function isFilterActive(filter: IssueFilter): boolean {
  return !!(filter.status?.length || filter.severity?.length || filter.tag || filter.assignedTo);
}

/** The TreeView.message for an active filter; undefined when nothing is filtered. */
export function filterMessage(filter: IssueFilter): string | undefined {
  const parts: string[] = [];
  if (filter.status?.length) parts.push(`status ${filter.status.map((s) => STATUS_LABELS[s]).join(', ')}`);
  if (filter.severity?.length) parts.push(`severity ${filter.severity.map((s) => SEVERITY_LABELS[s]).join(', ')}`);
  if (filter.tag) parts.push(`tag "${filter.tag}"`);
  if (filter.assignedTo) parts.push(`assignee "${filter.assignedTo}"`);
  return parts.length ? `Filtered by ${parts.join('; ')}.` : undefined;
}

/** Open or investigating: what still needs someone. */
export function activeCount(counts: IssueCounts): number {
  return counts.byStatus.open + counts.byStatus.investigating;
}

/** The status bar: "$(pulse) 3 open · 1 critical" (critical called out only when there are some). */
export function statusBarText(counts: IssueCounts): string {
  const active = activeCount(counts);
  const critical = counts.activeBySeverity.critical;
  return `$(pulse) ${active} open${critical > 0 ? ` · ${critical} critical` : ''}`;
}

export function statusBarTooltip(counts: IssueCounts): string {
  const active = activeCount(counts);
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const)
    .filter((severity) => counts.activeBySeverity[severity] > 0)
    .map((severity) => `${counts.activeBySeverity[severity]} ${severity}`)
    .join(', ');
  const head = `TRCAA: ${active} open incident${active === 1 ? '' : 's'} (open or investigating)`;
  return `${head}${bySeverity ? `: ${bySeverity}` : ''}. Click to search incidents.`;
}

/**
 * Text with its match ranges marked for a QuickPick (which renders no markup): each match wrapped in ‹ ›.
 * Ranges are [start, end) UTF-16 offsets, sorted and not overlapping (as the search returns them).
 */
export function markRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>, open = '‹', close = '›'): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end <= start || end > text.length) continue;
    out += text.slice(at, start) + open + text.slice(start, end) + close;
    at = end;
  }
  return out + text.slice(at);
}

/** Bytes as people read them: "512 B", "1.5 KB", "12 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * User text bound for MarkdownString.appendText: appendText escapes Markdown syntax but leaves `<` and `&`, so
 * they become entities here and a title like `<img src=x onerror=…>` can only ever render as text.
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/**
 * What the search box runs: text that uses FTS5 syntax (quotes, *, parentheses, column:, ^, AND/OR/NOT/NEAR)
 * is taken as a query; anything else becomes prefix words, so "datab" finds "database" as you type.
 */
export function toFtsQuery(text: string): string {
  return /["*():^]|\b(AND|OR|NOT|NEAR)\b/.test(text) ? text.trim() : wordsQuery(text);
}
