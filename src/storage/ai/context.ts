// The context of an AI request, gathered at one moment: the incident's fields, 5 Whys and timeline (free text,
// redacted with the user's PII detector), the log lines the user picked and the automatic excerpts (only from
// approved logs, redacted by each log's reviewed spans), each log's pattern summary (its templates redacted by the
// detector and the log's reviewed values) sent before its lines, and the conversation's history — each cut to the
// model's context budget in order of priority. Nothing here leaves the worker; the gate (repositories/aiGate.ts) builds
// the request from it.
import { contextBudget, MESSAGE_OVERHEAD_TOKENS, TokenBudget } from '../../core/ai/contextBudget';
import type { ContextBudget } from '../../core/ai/contextBudget';
import { CONTEXT_HEADER, excerptText, incidentText, LOG_EXCERPTS_HEADING, timelineText, whysText } from '../../core/ai/contextText';
import type { TextLine } from '../../core/ai/logLines';
import { LineSplitter } from '../../core/ai/logLines';
import { LOG_PATTERNS_HEADING, patternSummaries, summaryBudget, summaryCandidates, type TemplateRedactor } from '../../core/ai/patternSummary';
import { cutToTokens, estimateTokens } from '../../core/ai/tokens';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { redactMarkdown } from '../../core/export/redactDocument';
import type { PiiDetector } from '../../core/pii/detector';
import { formatLogRef } from '../../core/whys/logRefs';
import { parseSqlTimestamp } from '../clock';
import { ContentError } from '../content/errors';
import { decodeLogPieces, prepareLogRead } from '../content/logContent';
import type { Database } from '../database';
import { wasScanned } from '../pii/approval';
import { IssueRepository } from '../repositories/issues';
import { LogPatternRepository } from '../repositories/logPatterns';
import type { RepositoryContext } from '../repositories/context';
import { ResolutionStepRepository } from '../repositories/steps';
import type { Unprepared } from './contextLogs';
import type { LineRange, ParsedPicks } from './gateInput';
import type { BlockMeta } from './logIndex';
import { blockLines, hasCurrentIndex, linesFromIndex, listBlocks, MAX_EXCERPT_LINE } from './logIndex';
import { redactLogLines } from './redactLines';
import { ReviewedValuesCache, templateRedactor } from './templateRedaction';

/** Lines one pick may bring (the budget usually cuts well before). */
export const MAX_PICK_LINES = 2000;
const MINUTE = 60_000;
/** Excerpts tried in a row that did not fit before the rest is left out. */
const MAX_MISFITS = 25;
/** Time distance classes of an excerpt from the incident's nearest time: ≤ 15 min, 1 h, 6 h, 24 h, further/unknown. */
const DISTANCE_CLASSES = [15 * MINUTE, 60 * MINUTE, 360 * MINUTE, 1440 * MINUTE];

export type ContextItemKind = 'incident' | 'whys' | 'timeline' | 'patterns' | 'log' | 'excerpt' | 'history';

export interface ContextItem {
  kind: ContextItemKind;
  /** What the panel lists: "Incident", "app.log patterns: 12 of 48", "app.log L10-L20", "History: 6 messages". */
  label: string;
  /** Estimated tokens of its text. */
  tokens: number;
  /** For log lines: the log:<id>#L… reference; for a pattern summary, log:<id>. */
  ref?: string;
  /** Shortened to fit the budget. */
  cut?: boolean;
}

export interface ContextSummary {
  items: ContextItem[];
  /** Estimated tokens of the whole request (system prompt, context, history, message). */
  tokens: number;
  budget: ContextBudget;
  /** What the budget left out ("3 older messages", "12 log excerpts"). */
  leftOut: string[];
  /** Logs of the incident whose excerpts were not used because their redaction is not approved. */
  unapprovedLogs: { id: string; fileName: string }[];
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface BuiltContext {
  /** The system message: the prompt, then the context block. */
  system: string;
  history: HistoryMessage[];
  user: string;
  summary: ContextSummary;
  redactedByType: RedactionCounts;
  itemCounts: Record<ContextItemKind, number>;
}

interface LogRow {
  id: string;
  issue_id: string;
  file_name: string;
  redacted: number | null;
  content_hash: string | null;
}

/**
 * Raw lines read for picks, by log content and range, so the next message of a conversation that keeps the same
 * picks (or the send after its preview) does not read the log again. Raw text in the worker's memory, as when it
 * was read; redacted with the spans of the moment each time it is used.
 */
export class PickedLinesCache {
  private readonly entries = new Map<string, TextLine[]>();

  constructor(private readonly max = 64) {}

  static key(row: { id: string; content_hash: string | null }, range: LineRange): string | null {
    return row.content_hash ? `${row.id}\u0000${row.content_hash}\u0000${range.startLine}\u0000${range.endLine}` : null;
  }

  get(key: string | null): TextLine[] | undefined {
    const lines = key === null ? undefined : this.entries.get(key);
    if (lines && key !== null) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, lines);
    }
    return lines;
  }

  set(key: string | null, lines: TextLine[]): void {
    if (key === null) return;
    this.entries.set(key, lines);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
  }
}

export interface ContextRequest {
  issueId: string;
  picks: ParsedPicks;
  provider: { contextTokens?: number | undefined; maxTokens?: number | undefined };
  detector: PiiDetector;
  systemPrompt: string;
  userText: string;
  history: readonly HistoryMessage[];
  /** Logs whose index could not be built (their content unreadable): named among what was left out. */
  unindexed?: readonly Unprepared[];
  /** Logs that could not be mined for patterns: named among what was left out. */
  unmined?: readonly Unprepared[];
  /** The reviewed values of the logs' templates, kept between requests (read each time without). */
  reviewed?: ReviewedValuesCache;
}

export const isApprovedLog = (db: Database, row: { id: string; redacted: number | null }): boolean => row.redacted === 1 && wasScanned(db, row.id);

export function notApproved(row: { id: string; file_name: string }): ContentError {
  return new ContentError(
    'NOT_APPROVED',
    `${row.file_name} (log:${row.id}) cannot be sent to the AI: its redaction has not been approved. Review PII first (TRCAA: Review PII…), approve the redaction, then ask again.`,
    { id: row.id, ids: [row.id] },
  );
}

function logRow(db: Database, issueId: string, logId: string): LogRow {
  const row = db.get<LogRow>('SELECT id, issue_id, file_name, redacted, content_hash FROM log_files WHERE id = ?', [logId]);
  if (!row) throw new ContentError('NOT_FOUND', `No log file ${logId}: it may have been deleted.`, { id: logId });
  if (row.issue_id !== issueId) throw new ContentError('NOT_FOUND', `The log ${row.file_name} (log:${logId}) belongs to another incident: attach it to this one to use it here.`, { id: logId });
  return row;
}

/** The picked ranges, merged per log and in order. */
export function pickedRanges(picks: ContextRequest['picks']): LineRange[] {
  const all = [...picks.logRefs, ...picks.selections].map((range) => ({ ...range, endLine: Math.min(range.endLine, range.startLine + MAX_PICK_LINES - 1) }));
  const byKey = new Map<string, LineRange>();
  for (const range of all) byKey.set(`${range.logId}:${range.startLine}:${range.endLine}`, range);
  return [...byKey.values()];
}

/**
 * Checks that every picked log belongs to the incident and is approved (before anything is read), then reads the
 * picked lines — from the log's index when one block covers them, else by one pass over the log up to the last
 * line wanted. Raw text: redacted later, in the transaction that checks the approvals again.
 */
export async function readPickedLines(db: Database, issueId: string, ranges: readonly LineRange[], cache = new PickedLinesCache()): Promise<Map<LineRange, TextLine[]>> {
  const result = new Map<LineRange, TextLine[]>();
  const byLog = new Map<string, LineRange[]>();
  const rows = new Map<string, LogRow>();
  // In the order picked, whichever are served by the index.
  for (const range of ranges) result.set(range, []);
  for (const range of ranges) {
    const row = logRow(db, issueId, range.logId);
    if (!isApprovedLog(db, row)) throw notApproved(row);
    rows.set(row.id, row);
    byLog.set(range.logId, [...(byLog.get(range.logId) ?? []), range]);
  }
  for (const [logId, logRanges] of byLog) {
    const row = rows.get(logId) as LogRow;
    const rest: LineRange[] = [];
    for (const range of logRanges) {
      const lines = cache.get(PickedLinesCache.key(row, range)) ?? linesFromIndex(db, logId, range.startLine, range.endLine);
      if (lines) result.set(range, lines);
      else rest.push(range);
    }
    if (!rest.length) continue;
    const last = Math.max(...rest.map((range) => range.endLine));
    const read = prepareLogRead(db, logId);
    const splitter = new LineSplitter((line) => {
      for (const range of rest) if (line.number >= range.startLine && line.number <= range.endLine) result.get(range)?.push(line);
      return line.number < last;
    }, MAX_EXCERPT_LINE);
    for await (const piece of decodeLogPieces(read.content, read.row.file_name)) {
      splitter.push(piece);
      if (splitter.done) break;
    }
    splitter.end();
    for (const range of rest) cache.set(PickedLinesCache.key(row, range), result.get(range) ?? []);
  }
  return result;
}

const rangeLabel = (range: { startLine: number; endLine: number }) => (range.startLine === range.endLine ? `L${range.startLine}` : `L${range.startLine}-L${range.endLine}`);

function addCounts(into: RedactionCounts, counts: RedactionCounts): void {
  for (const [type, n] of Object.entries(counts)) into[type] = (into[type] ?? 0) + n;
}

/** Incident times in ms: when it was opened and each timeline event. */
function incidentTimes(createdAt: string, events: readonly { createdAt: string }[]): number[] {
  return [createdAt, ...events.map((event) => event.createdAt)].map((text) => parseSqlTimestamp(text).getTime()).filter(Number.isFinite);
}

/** Nearest in time to the incident first, then the most severe, then the newest. */
export function rankBlocks(blocks: BlockMeta[], times: readonly number[]): BlockMeta[] {
  const distanceClass = (block: BlockMeta) => {
    if (block.atMs === null || !times.length) return DISTANCE_CLASSES.length;
    const distance = Math.min(...times.map((time) => Math.abs(time - (block.atMs as number))));
    const index = DISTANCE_CLASSES.findIndex((limit) => distance <= limit);
    return index < 0 ? DISTANCE_CLASSES.length : index;
  };
  const keyed = blocks.map((block) => ({ block, distance: distanceClass(block) }));
  keyed.sort((a, b) => a.distance - b.distance || b.block.severity - a.block.severity || (b.block.atMs ?? 0) - (a.block.atMs ?? 0) || b.block.firstLine - a.block.firstLine);
  return keyed.map((entry) => entry.block);
}

const SEVERITY_NAME = ['', 'warning', 'error', 'fatal'];

/**
 * Builds the context; call inside one transaction (after readPickedLines and the index builds), so approvals,
 * spans and incident data are read at one moment.
 */
export function buildContext(ctx: RepositoryContext, request: ContextRequest, picked: Map<LineRange, TextLine[]>): BuiltContext {
  const { db } = ctx;
  const issue = new IssueRepository(ctx).get(request.issueId);
  if (!issue) throw new ContentError('NOT_FOUND', `No issue ${request.issueId}: it may have been deleted.`, { id: request.issueId });
  let budget: ContextBudget;
  try {
    budget = contextBudget(request.provider);
  } catch (error) {
    throw new ContentError('INVALID_CONTENT', error instanceof Error ? error.message : String(error));
  }
  const tokens = new TokenBudget(budget.promptTokens);
  const redactedByType: RedactionCounts = {};
  const items: ContextItem[] = [];
  const leftOut: string[] = [];
  /** Redacted free text; its replacements count once it is sent (`count`). */
  const redactFree = (text: string) => {
    const redacted = redactMarkdown(text, request.detector);
    return { text: redacted.text, count: () => addCounts(redactedByType, redacted.counts) };
  };
  const free = (text: string) => {
    const redacted = redactFree(text);
    redacted.count();
    return redacted.text;
  };
  const fileNames = new Map<string, string>();
  const fileName = (row: { id: string; file_name: string }) => {
    if (!fileNames.has(row.id)) fileNames.set(row.id, free(row.file_name));
    return fileNames.get(row.id) as string;
  };

  // Always sent: the prompt, the context header and the message itself.
  const user = free(request.userText);
  tokens.spend(request.systemPrompt, MESSAGE_OVERHEAD_TOKENS);
  tokens.spend(CONTEXT_HEADER);
  tokens.spend(user, MESSAGE_OVERHEAD_TOKENS);
  if (tokens.left <= 0) {
    throw new ContentError('CONTENT_TOO_LARGE', `The message is too long for the model's context: about ${tokens.spent} tokens where ${budget.promptTokens} fit (context ${budget.contextTokens}, ${budget.answerTokens} kept for the answer). Shorten it, or raise the context size in the AI settings.`);
  }

  /** Adds a section, cut to what is left when it does not fit whole. */
  const fit = (text: string): { text: string; cut: boolean } | null => {
    if (tokens.take(text, 2)) return { text, cut: false };
    const room = tokens.left - 8;
    if (room < 40) return null;
    const cut = `${cutToTokens(text, room)}\n[… cut to fit the context]`;
    tokens.spend(cut, 2);
    return { text: cut, cut: true };
  };

  // 1. The lines the user picked (approved logs only: checked again at this moment).
  const pickedTexts: string[] = [];
  for (const [range, lines] of picked) {
    const row = logRow(db, request.issueId, range.logId);
    if (!isApprovedLog(db, row)) throw notApproved(row);
    const ref = formatLogRef({ logFileId: range.logId, startLine: range.startLine, endLine: range.endLine });
    if (!lines.length) {
      throw new ContentError('INVALID_RANGE', `${row.file_name} has no line ${range.startLine}${range.endLine > range.startLine ? `-${range.endLine}` : ''} (${ref}).`, { id: range.logId });
    }
    const redacted = redactLogLines(db, range.logId, lines);
    const text = excerptText(ref, fileName(row), 'picked', redacted.lines);
    const added = fit(text);
    if (!added) {
      leftOut.push(`${fileName(row)} ${rangeLabel(range)}`);
      continue;
    }
    addCounts(redactedByType, redacted.byType);
    pickedTexts.push(added.text);
    items.push({ kind: 'log', label: `${fileName(row)} ${rangeLabel(range)}`, tokens: estimateTokens(added.text), ref, ...(added.cut ? { cut: true } : {}) });
  }

  // 2. The incident's own data.
  const events = ctx.timeline.list(request.issueId);
  const sections: { kind: ContextItemKind; label: string; text: (() => string) | null }[] = [
    { kind: 'incident', label: 'Incident', text: request.picks.includeIncident ? () => incidentText(issue) : null },
    { kind: 'whys', label: '5 Whys', text: request.picks.includeWhys ? () => whysText(new ResolutionStepRepository(ctx).listLevels(request.issueId)) : null },
    { kind: 'timeline', label: 'Timeline', text: request.picks.includeTimeline ? () => timelineText(events) : null },
  ];
  const sectionTexts = new Map<ContextItemKind, string>();
  for (const section of sections) {
    if (section.text === null) continue;
    const redacted = redactFree(section.text());
    const added = fit(redacted.text);
    if (!added) {
      leftOut.push(section.label);
      continue;
    }
    redacted.count();
    sectionTexts.set(section.kind, added.text);
    items.push({ kind: section.kind, label: section.label, tokens: estimateTokens(added.text), ...(added.cut ? { cut: true } : {}) });
  }

  // 3. The conversation so far, newest first, as far as it fits.
  const history: HistoryMessage[] = [];
  let historyTokens = 0;
  for (let i = request.history.length - 1; i >= 0; i--) {
    const message = request.history[i] as HistoryMessage;
    const redacted = redactFree(message.content);
    const content = redacted.text;
    if (!tokens.take(content, MESSAGE_OVERHEAD_TOKENS)) {
      leftOut.push(`${i + 1} older message${i === 0 ? '' : 's'}`);
      break;
    }
    redacted.count();
    history.unshift({ role: message.role, content });
    historyTokens += estimateTokens(content);
  }
  if (history.length) items.push({ kind: 'history', label: `History: ${history.length} message${history.length === 1 ? '' : 's'}`, tokens: historyTokens });

  // 4. Each log's pattern summary, before any of its lines: its share of the budget (or what is left).
  const logs = db.query<LogRow>('SELECT id, issue_id, file_name, redacted, content_hash FROM log_files WHERE issue_id = ? ORDER BY uploaded_at, rowid', [request.issueId]);
  const wantsExcerpts = (row: LogRow) => request.picks.autoLogExcerpts && (!request.picks.logIds || request.picks.logIds.includes(row.id));
  const pickedLogs = new Set([...picked.keys()].map((range) => range.logId));
  const summaryTexts = summarizeLogs(
    ctx,
    logs.filter((row) => (wantsExcerpts(row) || pickedLogs.has(row.id)) && isApprovedLog(db, row)),
    request,
    tokens,
    budget,
    { fileName, items, leftOut, redactedByType },
  );

  // 5. Automatic excerpts: error and warning lines of approved logs near the incident's times, in what is left.
  const excerptTexts: { logId: string; firstLine: number; text: string }[] = [];
  const unapprovedLogs: ContextSummary['unapprovedLogs'] = [];
  if (request.picks.autoLogExcerpts) {
    const usable: LogRow[] = [];
    for (const row of logs.filter(wantsExcerpts)) {
      const failed = request.unindexed?.find((entry) => entry.id === row.id);
      if (!isApprovedLog(db, row)) unapprovedLogs.push({ id: row.id, fileName: fileName(row) });
      else if (hasCurrentIndex(db, row.id)) usable.push(row);
      else if (failed) leftOut.push(`${fileName(row)}: no excerpts (${failed.reason})`);
    }
    const rows = new Map(usable.map((row) => [row.id, row]));
    const pickedLines = [...picked.keys()];
    const ranked = rankBlocks(
      listBlocks(db, usable.map((row) => row.id)).filter((block) => !pickedLines.some((range) => range.logId === block.logFileId && range.startLine <= block.lastLine && range.endLine >= block.firstLine)),
      incidentTimes(issue.createdAt, events),
    );
    let skipped = 0;
    let misfits = 0;
    for (const block of ranked) {
      // Once the budget is nearly spent (or nothing has fitted for a while), the rest is only counted.
      if (tokens.left < 30 || misfits >= MAX_MISFITS) {
        skipped++;
        continue;
      }
      const row = rows.get(block.logFileId) as LogRow;
      const redacted = redactLogLines(db, block.logFileId, blockLines(db, block.rowid));
      const ref = formatLogRef({ logFileId: block.logFileId, startLine: block.firstLine, endLine: block.lastLine });
      const text = excerptText(ref, fileName(row), SEVERITY_NAME[block.severity] ?? '', redacted.lines);
      if (!tokens.take(text, 2)) {
        skipped++;
        misfits++;
        continue;
      }
      misfits = 0;
      addCounts(redactedByType, redacted.byType);
      excerptTexts.push({ logId: block.logFileId, firstLine: block.firstLine, text });
      items.push({ kind: 'excerpt', label: `${fileName(row)} ${rangeLabel({ startLine: block.firstLine, endLine: block.lastLine })}`, tokens: estimateTokens(text), ref });
    }
    if (skipped) leftOut.push(`${skipped} more log excerpt${skipped === 1 ? '' : 's'}`);
    // Read in log order, whatever order they were chosen in.
    const order = new Map(usable.map((row, i) => [row.id, i]));
    excerptTexts.sort((a, b) => (order.get(a.logId) ?? 0) - (order.get(b.logId) ?? 0) || a.firstLine - b.firstLine);
  }

  const logParts = [...pickedTexts, ...excerptTexts.map((excerpt) => excerpt.text)];
  const block = [
    CONTEXT_HEADER,
    ...(['incident', 'whys', 'timeline'] as const).map((kind) => sectionTexts.get(kind)).filter((text): text is string => !!text),
    ...(summaryTexts.length ? [`${LOG_PATTERNS_HEADING}\n\n${summaryTexts.join('\n\n')}`] : []),
    ...(logParts.length ? [`${LOG_EXCERPTS_HEADING}\n${logParts.join('\n\n')}`] : []),
  ].join('\n\n');
  const system = `${request.systemPrompt}\n\n${block}`;
  const itemCounts: Record<ContextItemKind, number> = { incident: 0, whys: 0, timeline: 0, patterns: 0, log: 0, excerpt: 0, history: 0 };
  for (const item of items) itemCounts[item.kind] += item.kind === 'history' ? history.length : 1;
  const total = estimateTokens(system) + history.reduce((sum, message) => sum + estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, 0) + estimateTokens(user) + 2 * MESSAGE_OVERHEAD_TOKENS;
  return { system, history, user, summary: { items, tokens: total, budget, leftOut, unapprovedLogs }, redactedByType, itemCounts };
}

/**
 * The pattern summaries of these logs (approved, in order) within their share of the budget, spent from `tokens`;
 * their items, what they left out and what their redaction replaced are added to the context's. The log's reviewed
 * values are read only when one of its templates is about to be sent.
 */
function summarizeLogs(
  ctx: RepositoryContext,
  rows: readonly LogRow[],
  request: ContextRequest,
  tokens: TokenBudget,
  budget: ContextBudget,
  into: { fileName: (row: LogRow) => string; items: ContextItem[]; leftOut: string[]; redactedByType: RedactionCounts },
): string[] {
  const patterns = new LogPatternRepository(ctx);
  const reviewed = request.reviewed ?? new ReviewedValuesCache();
  const inputs = [];
  for (const row of rows) {
    const set = patterns.summary(row.id);
    if (!set) {
      const failed = request.unmined?.find((entry) => entry.id === row.id);
      into.leftOut.push(`${into.fileName(row)}: no patterns${failed ? ` (${failed.reason})` : ''}`);
      continue;
    }
    const list = patterns.templates(row.id);
    let redact: TemplateRedactor | undefined;
    // The reviewed values looked for are those in the templates the summary may send, read at the first of them.
    const prepare = () => templateRedactor(request.detector, reviewed.get(ctx.db, row.id, summaryCandidates(list).map((p) => p.template).join('\n')));
    inputs.push({
      log: { id: row.id, fileName: into.fileName(row), lineCount: set.lineCount, zoned: set.zoned },
      patterns: list,
      redact: (template: string) => (redact ??= prepare())(template),
    });
  }
  if (!inputs.length) return [];
  const room = summaryBudget(budget.promptTokens, tokens.left) - estimateTokens(LOG_PATTERNS_HEADING) - 2;
  const summaries = patternSummaries(inputs, room);
  if (summaries.length) tokens.spend(LOG_PATTERNS_HEADING, 2);
  for (const input of inputs) {
    const summary = summaries.find((s) => s.logId === input.log.id);
    const name = input.log.fileName;
    if (!summary) {
      into.leftOut.push(`${name} patterns`);
      continue;
    }
    tokens.spend(summary.text, 2);
    addCounts(into.redactedByType, summary.redactedByType);
    const total = summary.listed + summary.leftOutPatterns;
    into.items.push({ kind: 'patterns', label: `${name} patterns: ${summary.listed} of ${total}`, tokens: summary.tokens, ref: `log:${input.log.id}` });
    if (summary.leftOutPatterns) into.leftOut.push(`${name}: ${summary.leftOutPatterns} more pattern${summary.leftOutPatterns === 1 ? '' : 's'}`);
  }
  return summaries.map((summary) => summary.text);
}
