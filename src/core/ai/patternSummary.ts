// A log's pattern summary as the AI's first, compact log context: the most telling patterns (errors and warnings
// first, then the most frequent), one line each — id, level, count, first/last time and line, template — and what
// was left out, within a share of the prompt budget; the notable lines fill what is left. Pure: the caller passes
// the patterns and a `redact` that makes each template fit to send (templates can hold constant PII), which is
// applied to every template before it is measured, cut or listed.
import type { RedactionCounts } from '../export/redactDocument';
import { lineSeverity } from './logLines';
import { estimateTokens } from './tokens';

/** What of the prompt budget the summaries of all the logs together may take. */
export const PATTERN_SUMMARY_SHARE = 0.3;
/** Patterns listed per log at most, whatever the budget: past these a model learns little more from the list. */
export const MAX_SUMMARY_PATTERNS = 100;
/** Patterns tried in rank order at most (one that does not fit is passed over for the next). */
export const MAX_CONSIDERED_PATTERNS = 2 * MAX_SUMMARY_PATTERNS;
/** A template longer than this (after redaction) is cut: a 2,000-character line says no more as a pattern. */
export const MAX_TEMPLATE_CHARS = 300;
/** Tokens kept for the closing "… more patterns" line of each summary. */
const CLOSING_TOKENS = 16;
/** A summary smaller than this is not worth its header. */
const MIN_SUMMARY_TOKENS = 40;

export const LOG_PATTERNS_HEADING =
  '## Log patterns\nEach log\'s lines grouped into patterns (<*> marks a variable part): errors and warnings first, then the most frequent. `P3 error ×120 10:02:01–10:14:55 L80–L9001: text` is pattern P3, 120 lines, first and last time and line.';

export interface SummaryLog {
  /** The log's id: the summary cites it as log:<id>. */
  id: string;
  fileName: string;
  lineCount: number;
  /** true: times are UTC; false: local wall-clock readings of an unknown zone; null: the log has no timestamps. */
  zoned: boolean | null;
}

/** What a log's pattern is (storage's LogPattern adds its index and histogram). */
export interface SummaryPattern {
  /** P1, P2, … in order of first occurrence (as `trcaa-log patterns` prints them). */
  id: string;
  /** Variables as <*>. */
  template: string;
  count: number;
  /** fatal, error, warn, info, debug, trace (the most frequent among its lines), when the log has levels. */
  level?: string;
  firstLine: number;
  lastLine: number;
  /** Milliseconds since the epoch (see the log's `zoned`). */
  firstMs?: number;
  lastMs?: number;
  /** The bucket past the miner's cap ("other"): counted, never listed. */
  other: boolean;
}

/** Makes a template fit to send; counts what it replaced. */
export type TemplateRedactor = (template: string) => { text: string; counts: RedactionCounts };

export interface PatternSummary {
  logId: string;
  text: string;
  tokens: number;
  listed: number;
  /** Patterns (and their lines) not listed: the budget, the cap, the "other" bucket. */
  leftOutPatterns: number;
  leftOutLines: number;
  /** What the redaction replaced in the templates listed (only those: they are what is sent). */
  redactedByType: RedactionCounts;
}

const LEVEL_SEVERITY: Record<string, number> = { fatal: 3, error: 2, warn: 1 };

/** 3 fatal, 2 error, 1 warning, 0 else: the pattern's level, or its words when the log has no levels. */
export function patternSeverity(pattern: Pick<SummaryPattern, 'level' | 'template'>): number {
  return pattern.level !== undefined ? (LEVEL_SEVERITY[pattern.level] ?? 0) : lineSeverity(pattern.template);
}

/** Errors and warnings first (most severe first), then by count, then in order of first appearance; no "other". */
export function rankPatterns<T extends SummaryPattern>(patterns: readonly T[]): T[] {
  return patterns
    .filter((p) => !p.other)
    .map((p) => ({ p, severity: patternSeverity(p) }))
    .sort((a, b) => b.severity - a.severity || b.p.count - a.p.count || a.p.firstLine - b.p.firstLine)
    .map((entry) => entry.p);
}

/**
 * The patterns a summary may list, in rank order: the only templates it can ever redact and send (so the caller
 * can prepare the redaction for exactly their text).
 */
export function summaryCandidates<T extends SummaryPattern>(patterns: readonly T[]): T[] {
  return rankPatterns(patterns).slice(0, MAX_CONSIDERED_PATTERNS);
}

/** What the summaries may take: their share of the prompt budget, or what is left when that is less. */
export function summaryBudget(promptTokens: number, leftTokens: number): number {
  return Math.max(0, Math.min(leftTokens, Math.floor(promptTokens * PATTERN_SUMMARY_SHARE)));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pad = (n: number) => String(n).padStart(2, '0');

/** How times are written: the shortest form that stays unambiguous over the log's time span. */
function timeFormat(patterns: readonly SummaryPattern[]): { timed: boolean; note: string; format: (ms: number) => string } {
  let min = Infinity;
  let max = -Infinity;
  for (const p of patterns) {
    if (p.firstMs === undefined) continue;
    min = Math.min(min, p.firstMs);
    max = Math.max(max, p.lastMs ?? p.firstMs);
  }
  const date = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const clock = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (min > max) return { timed: false, note: '', format: () => '' };
  const first = new Date(min);
  const last = new Date(max);
  if (date(first) === date(last)) return { timed: true, note: date(first), format: (ms) => clock(new Date(ms)) };
  if (first.getUTCFullYear() === last.getUTCFullYear()) return { timed: true, note: String(first.getUTCFullYear()), format: (ms) => `${date(new Date(ms)).slice(5)} ${clock(new Date(ms))}` };
  return { timed: true, note: '', format: (ms) => `${date(new Date(ms))} ${clock(new Date(ms))}` };
}

function patternLine(p: SummaryPattern, template: string, time: (ms: number) => string): string {
  const level = p.level ? ` ${p.level}` : '';
  const first = p.firstMs === undefined ? '' : time(p.firstMs);
  const last = p.lastMs === undefined || p.lastMs === p.firstMs ? '' : time(p.lastMs);
  const when = first ? ` ${first}${last ? `–${last}` : ''}` : '';
  const lines = p.firstLine === p.lastLine ? `L${p.firstLine}` : `L${p.firstLine}–L${p.lastLine}`;
  const shown = template.length > MAX_TEMPLATE_CHARS ? `${template.slice(0, MAX_TEMPLATE_CHARS).replace(/[\uD800-\uDBFF]$/, '')} …` : template;
  return `- ${p.id}${level} ×${p.count}${when} ${lines}: ${shown}`;
}

function addCounts(into: RedactionCounts, counts: RedactionCounts): void {
  for (const [type, n] of Object.entries(counts)) into[type] = (into[type] ?? 0) + n;
}

/**
 * One log's summary within `budgetTokens`, or null when not even its header and one pattern fit. Patterns are
 * listed in rank order; one that does not fit is passed over for the next (a long template must not shut out the
 * short ones after it). Every template is redacted before it is measured or cut: a cut must never split a value
 * the redaction would have recognised whole.
 */
export function patternSummary(log: SummaryLog, patterns: readonly SummaryPattern[], budgetTokens: number, redact: TemplateRedactor): PatternSummary | null {
  if (budgetTokens < MIN_SUMMARY_TOKENS) return null;
  const ranked = summaryCandidates(patterns);
  const time = timeFormat(ranked);
  const when = log.zoned === null || !time.timed ? '' : `; times${time.note ? ` ${time.note}` : ''} ${log.zoned ? 'UTC' : 'local (zone unknown)'}`;
  const header = `### log:${log.id} (${log.fileName}): ${plural(log.lineCount, 'line')}, ${plural(patterns.length, 'pattern')}${when}`;
  let left = budgetTokens - estimateTokens(header) - CLOSING_TOKENS;
  const lines: string[] = [];
  const redactedByType: RedactionCounts = {};
  let listedLines = 0;
  for (const p of ranked) {
    if (lines.length >= MAX_SUMMARY_PATTERNS || left <= 0) break;
    const redacted = redact(p.template);
    const line = patternLine(p, redacted.text, time.format);
    const cost = estimateTokens(line) + 1;
    if (cost > left) continue;
    left -= cost;
    lines.push(line);
    listedLines += p.count;
    addCounts(redactedByType, redacted.counts);
  }
  if (!lines.length) return null;
  const leftOutPatterns = patterns.length - lines.length;
  const leftOutLines = patterns.reduce((sum, p) => sum + p.count, 0) - listedLines;
  const closing = leftOutPatterns > 0 ? [`… ${leftOutPatterns} more ${plural(leftOutPatterns, 'pattern').replace(/^\d+ /, '')} (${plural(leftOutLines, 'line')}) not listed`] : [];
  const text = [header, ...lines, ...closing].join('\n');
  return { logId: log.id, text, tokens: estimateTokens(text), listed: lines.length, leftOutPatterns, leftOutLines, redactedByType };
}

/**
 * The summaries of several logs sharing `budgetTokens`: each log gets an even part of what the ones before it left,
 * so a small log's unused part goes to the next.
 */
export function patternSummaries(inputs: readonly { log: SummaryLog; patterns: readonly SummaryPattern[]; redact: TemplateRedactor }[], budgetTokens: number): PatternSummary[] {
  const summaries: PatternSummary[] = [];
  let left = budgetTokens;
  inputs.forEach((input, i) => {
    const part = Math.floor(left / (inputs.length - i));
    const summary = patternSummary(input.log, input.patterns, part, input.redact);
    if (!summary) return;
    summaries.push(summary);
    // Two tokens of framing between sections, as the context counts them.
    left -= summary.tokens + 2;
  });
  return summaries;
}
