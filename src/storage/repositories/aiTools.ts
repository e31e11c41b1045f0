// What VS Code's own chat gets from TRCAA (views/assistant/chatParticipant.ts, lmTools.ts), built here in the worker
// like every other AI request: the language-model tools' outputs (incidents found, an incident's summary, an
// excerpt of an approved log) and the @trcaa participant's requests. Every piece of text is redacted here — free
// text with the user's PII detector, log lines only from approved logs by their reviewed spans ("keep" honoured) —
// and everything handed out is audited before it leaves the worker: a tool's output as ai.tool_output, a
// participant request as ai.sent, each with the SHA-256 and size of exactly that text and counts per PII type,
// never the text itself.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { actionInstruction } from '../../core/ai/actions';
import { excerptText, incidentText, timelineText, whysText } from '../../core/ai/contextText';
import type { TextLine } from '../../core/ai/logLines';
import { buildChatRequest } from '../../core/ai/providers/request';
import { TRIAGE_PROMPT_VERSION, TRIAGE_SYSTEM_PROMPT } from '../../core/ai/triagePrompt';
import type { ChatMessage } from '../../core/ai/types';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { redactMarkdown } from '../../core/export/redactDocument';
import { phraseQuery } from '../../core/issues/ftsQuery';
import { detectorOptionsSchema, idSchema } from '../../core/model/logFile';
import type { PiiDetector } from '../../core/pii/detector';
import { createDetector } from '../../core/pii/detector';
import type { PatternProblem } from '../../core/pii/types';
import { formatLogRef, MAX_LOG_LINE } from '../../core/whys/logRefs';
import { buildContext, isApprovedLog, pickedRanges, readPickedLines } from '../ai/context';
import type { ContextSummary, HistoryMessage } from '../ai/context';
import { contextLogs, PatternMiner, prepareContextLogs } from '../ai/contextLogs';
import type { ParsedPicks } from '../ai/gateInput';
import { contextPicksSchema, gateProviderSchema, lineRangeSchema, MAX_USER_TEXT, refuseKey } from '../ai/gateInput';
import { blockLines, hasCurrentIndex, listBlocks, LogIndexer } from '../ai/logIndex';
import { redactLogLines } from '../ai/redactLines';
import { ReviewedValuesCache } from '../ai/templateRedaction';
import { ContentError, parseInput } from '../content/errors';
import { providerHost } from './aiGate';
import type { RepositoryContext } from './context';
import { IssueRepository } from './issues';
import { ResolutionStepRepository } from './steps';
import { prefixWithin } from '../../core/text/shorten';

/** Lines one excerpt may hold; text beyond MAX_TOOL_CHARS is cut. */
export const MAX_EXCERPT_LINES = 400;
/** A tool's output at most (~8k tokens): a model's context is shared with everything else it does. */
export const MAX_TOOL_CHARS = 32_000;
/** Timeline events an incident summary lists (the newest). */
const SUMMARY_EVENTS = 40;

const pii = detectorOptionsSchema.default({});
const line = z.number().int().min(1).max(MAX_LOG_LINE);

export const searchIncidentsInputSchema = z.strictObject({
  /** Words of the title or description; empty: the most recently updated incidents. */
  query: z.string().max(500).default(''),
  limit: z.number().int().min(1).max(50).default(10),
  pii,
});
export const incidentSummaryInputSchema = z.strictObject({ issueId: idSchema, pii });
export const logExcerptInputSchema = z
  .strictObject({ logId: idSchema, startLine: line.optional(), endLine: line.optional(), pii })
  .refine((input) => input.endLine === undefined || input.startLine === undefined || input.endLine >= input.startLine, { message: 'The range ends before it starts.', path: ['endLine'] });

export const PARTICIPANT_MODES = ['ask', 'analyze', 'whys', 'rca'] as const;
export type ParticipantMode = (typeof PARTICIPANT_MODES)[number];

export const participantInputSchema = z.strictObject({
  issueId: idSchema,
  mode: z.enum(PARTICIPANT_MODES),
  /** What the user typed after @trcaa (and the command). */
  text: z.string().max(MAX_USER_TEXT, `A message may hold at most ${MAX_USER_TEXT} characters.`).default(''),
  /** The earlier turns of this chat with @trcaa (user text and answers: redacted like the rest). */
  history: z
    .array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string().max(MAX_USER_TEXT) }))
    .max(40)
    .default([]),
  /** Lines of the incident's logs the user named (log:<id>#L… in the prompt, editor selections). */
  selections: z.array(lineRangeSchema).max(50).default([]),
  /** whys: the level to propose. */
  level: z.number().int().min(1).max(5).optional(),
  /** rca: the section to draft. */
  section: z.string().trim().min(1).max(200).optional(),
  provider: gateProviderSchema,
  pii,
});
export type ParticipantInput = z.input<typeof participantInputSchema>;

export type ToolName = 'searchIncidents' | 'incidentSummary' | 'logExcerpt';

/** A tool's output: redacted text, audited. */
export interface ToolOutput {
  text: string;
  /** The ai.tool_output audit row. */
  auditId: string;
  sha256: string;
  bytes: number;
  redactedByType: RedactionCounts;
  /** The log was not approved: `text` says so (naming it, redacted) and holds none of its content. */
  refused?: boolean;
}

export interface ParticipantRequest {
  /** The redacted messages, exactly what the participant hands the model. */
  messages: ChatMessage[];
  /** Their JSON, as audited (SHA-256 and size). */
  body: string;
  sha256: string;
  bytes: number;
  context: ContextSummary;
  redactedByType: RedactionCounts;
  /** Custom PII patterns the detector could not use (the request was built without them). */
  problems: PatternProblem[];
  auditId: string;
}

const ANALYZE =
  'Analyze this incident from the context: what is broken and since when (Scope), what the incident data and the log excerpts show (Evidence, citing log:<id>#L<n>), the most likely causes (each CONFIRMED or ASSUMPTION), and what to check next.';

/** The user message of a participant request, per command (the gate redacts it as free text). */
export function participantInstruction(mode: ParticipantMode, text: string, params: { level?: number; section?: string } = {}): string {
  const note = text.trim() ? text.trim() : '';
  switch (mode) {
    case 'ask':
      return note || ANALYZE;
    case 'analyze':
      return note ? `${ANALYZE}\n\nThe engineer adds: ${note}` : ANALYZE;
    case 'whys':
      return `${actionInstruction('suggestNextWhy', params.level ? { level: params.level } : {})}${note ? `\n\nThe engineer adds: ${note}` : ''}`;
    case 'rca':
      return `${actionInstruction('draftSection', params.section ? { section: params.section } : {})}${note ? `\n\nThe engineer adds: ${note}` : ''}`;
  }
}

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

function addCounts(into: RedactionCounts, counts: RedactionCounts): void {
  for (const [type, n] of Object.entries(counts)) into[type] = (into[type] ?? 0) + n;
}

/** Free text redacted with the detector, counting what was replaced. */
class Redactor {
  readonly counts: RedactionCounts = {};
  constructor(readonly detector: PiiDetector) {}

  free(text: string): string {
    const redacted = redactMarkdown(text, this.detector);
    addCounts(this.counts, redacted.counts);
    return redacted.text;
  }
}

/** Cut to MAX_TOOL_CHARS, saying so. */
function capped(text: string): string {
  return text.length <= MAX_TOOL_CHARS ? text : `${prefixWithin(text, MAX_TOOL_CHARS)}\n[… cut: ask for a narrower range]`;
}

interface LogRow {
  id: string;
  issue_id: string;
  file_name: string;
  redacted: number | null;
}

export class AiTools {
  private readonly indexer: LogIndexer;
  private readonly miner: PatternMiner;
  private readonly reviewed = new ReviewedValuesCache();

  constructor(protected readonly ctx: RepositoryContext) {
    this.indexer = new LogIndexer(ctx.db, ctx.clock);
    this.miner = new PatternMiner(ctx);
  }

  /** Incidents whose title or description match (title matches first, each newest first), or the most recently updated: titles redacted. */
  searchIncidents(raw: z.input<typeof searchIncidentsInputSchema>): ToolOutput {
    const input = parseInput(searchIncidentsInputSchema, raw, 'incident search');
    const redactor = new Redactor(createDetector(input.pii));
    const issues = new IssueRepository(this.ctx);
    let found: { id: string; title: string; severity: string; status: string; updatedAt: string }[];
    let total: number;
    if (input.query.trim()) {
      let result;
      try {
        result = issues.search(input.query, { limit: input.limit });
      } catch {
        // Words from a model, not FTS5 syntax: searched as written.
        result = issues.search(phraseQuery(input.query), { limit: input.limit });
      }
      found = result.hits.map((hit) => hit.issue);
      total = result.total;
    } else {
      const page = issues.list({ limit: input.limit, sort: { field: 'updated_at' } });
      found = page.items;
      total = page.total;
    }
    const lines = found.map((issue) => `- ${issue.id} — ${redactor.free(issue.title)} (severity ${issue.severity}, status ${issue.status}, updated ${issue.updatedAt} UTC)`);
    const heading = input.query.trim() ? `Incidents matching ${JSON.stringify(redactor.free(input.query))}: ${total}${total > found.length ? ` (${found.length} shown: title matches first, newest first)` : ''}` : `The ${found.length} most recently updated incidents`;
    const text = `${heading}\n${lines.length ? lines.join('\n') : '(none)'}\nTitles were redacted: [Email], [IPv4] and the like stand for removed values. Read one with its id (trcaa_incidentSummary).`;
    return this.audited('searchIncidents', text, redactor.counts, { entityType: 'issue', entityId: 'search', items: found.length });
  }

  /** An incident's fields, 5 Whys, latest timeline events and its logs (with whether each may be read), redacted. */
  incidentSummary(raw: z.input<typeof incidentSummaryInputSchema>): ToolOutput {
    const input = parseInput(incidentSummaryInputSchema, raw, 'incident summary');
    const redactor = new Redactor(createDetector(input.pii));
    const { db } = this.ctx;
    return db.transaction(() => {
      const issue = new IssueRepository(this.ctx).get(input.issueId);
      if (!issue) throw new ContentError('NOT_FOUND', `No incident ${input.issueId}: it may have been deleted. Search with trcaa_searchIncidents.`, { id: input.issueId });
      const events = this.ctx.timeline.list(issue.id);
      const logs = db.query<LogRow>('SELECT id, issue_id, file_name, redacted FROM log_files WHERE issue_id = ? ORDER BY uploaded_at, rowid', [issue.id]);
      const logLines = logs.map((log) => `- log:${log.id} — ${redactor.free(log.file_name)}: ${isApprovedLog(db, log) ? 'redaction approved (trcaa_logExcerpt can read it)' : 'redaction NOT approved: it cannot be read until its PII is reviewed in TRCAA'}`);
      const text = [
        `# Incident ${issue.id}`,
        redactor.free(incidentText(issue)),
        redactor.free(whysText(new ResolutionStepRepository(this.ctx).listLevels(issue.id))),
        redactor.free(timelineText(events.slice(-SUMMARY_EVENTS))),
        `## Logs\n${logLines.length ? logLines.join('\n') : '(none attached)'}`,
        'Personal data and secrets were replaced: [Email], [IPv4], [Password] and the like stand for removed values.',
      ].join('\n\n');
      return this.audited('incidentSummary', capped(text), redactor.counts, { entityType: 'issue', entityId: issue.id, issueId: issue.id, items: 1 });
    });
  }

  /**
   * Lines of an approved log, redacted by its reviewed spans: the range asked for (at most MAX_EXCERPT_LINES), or
   * else its error and warning lines with their neighbours. A log whose redaction is not approved gives a refusal
   * naming it (redacted) and none of its content.
   */
  async logExcerpt(raw: z.input<typeof logExcerptInputSchema>): Promise<ToolOutput> {
    const input = parseInput(logExcerptInputSchema, raw, 'log excerpt');
    const redactor = new Redactor(createDetector(input.pii));
    const { db } = this.ctx;
    const row = db.get<LogRow>('SELECT id, issue_id, file_name, redacted FROM log_files WHERE id = ?', [input.logId]);
    if (!row) throw new ContentError('NOT_FOUND', `No log ${input.logId}: it may have been deleted. Its incident's summary (trcaa_incidentSummary) lists its logs.`, { id: input.logId });
    const about = { entityType: 'log_file', entityId: row.id, issueId: row.issue_id, logId: row.id };
    if (!isApprovedLog(db, row)) {
      const name = redactor.free(row.file_name);
      const text = `Refused: ${name} (log:${row.id}) cannot be read: its redaction has not been approved. The engineer must review its PII in TRCAA (TRCAA: Review PII…) and approve the redaction first. Nothing of its content was read.`;
      return this.audited('logExcerpt', text, redactor.counts, { ...about, items: 0, refused: true });
    }
    if (input.startLine !== undefined || input.endLine !== undefined) {
      const startLine = input.startLine ?? Math.max(1, (input.endLine as number) - 49);
      const endLine = Math.min(input.endLine ?? startLine + 99, startLine + MAX_EXCERPT_LINES - 1);
      const range = { logId: row.id, startLine, endLine };
      const lines = (await readPickedLines(db, row.issue_id, [range])).get(range) ?? [];
      return db.transaction(() => {
        // Approval checked again with the spans of this moment.
        const now = db.get<LogRow>('SELECT id, issue_id, file_name, redacted FROM log_files WHERE id = ?', [row.id]);
        if (!now || !isApprovedLog(db, now)) throw new ContentError('NOT_APPROVED', `${redactor.free(row.file_name)} (log:${row.id}) is no longer approved: it cannot be read.`, { id: row.id });
        if (!lines.length) throw new ContentError('INVALID_RANGE', `${redactor.free(row.file_name)} has no line ${startLine} (log:${row.id}).`, { id: row.id });
        const redacted = redactLogLines(db, row.id, lines);
        addCounts(redactor.counts, redacted.byType);
        const ref = formatLogRef({ logFileId: row.id, startLine, endLine: lines[lines.length - 1]?.number ?? endLine });
        const text = `${excerptText(ref, redactor.free(row.file_name), 'redacted', redacted.lines)}\nCite lines as ${ref.replace(/#.*/, '')}#L<n>.`;
        return this.audited('logExcerpt', capped(text), redactor.counts, { ...about, items: lines.length });
      });
    }
    await this.indexer.ensure(row.id);
    return db.transaction(() => {
      const now = db.get<LogRow>('SELECT id, issue_id, file_name, redacted FROM log_files WHERE id = ?', [row.id]);
      if (!now || !isApprovedLog(db, now) || !hasCurrentIndex(db, row.id)) throw new ContentError('NOT_APPROVED', `${redactor.free(row.file_name)} (log:${row.id}) is no longer approved: it cannot be read.`, { id: row.id });
      const name = redactor.free(row.file_name);
      const parts: string[] = [];
      let size = 0;
      let lineCount = 0;
      let left = 0;
      for (const block of listBlocks(db, [row.id]).sort((a, b) => b.severity - a.severity || a.firstLine - b.firstLine)) {
        const lines: TextLine[] = blockLines(db, block.rowid);
        const redacted = redactLogLines(db, row.id, lines);
        const part = excerptText(formatLogRef({ logFileId: row.id, startLine: block.firstLine, endLine: block.lastLine }), name, ['', 'warning', 'error', 'fatal'][block.severity] ?? '', redacted.lines);
        if (size + part.length > MAX_TOOL_CHARS || lineCount + lines.length > MAX_EXCERPT_LINES) {
          left++;
          continue;
        }
        addCounts(redactor.counts, redacted.byType);
        parts.push(part);
        size += part.length;
        lineCount += lines.length;
      }
      const text = parts.length
        ? `Error and warning lines of ${name} (log:${row.id}), redacted:\n\n${parts.join('\n\n')}${left ? `\n\n[${left} more excerpt${left === 1 ? '' : 's'} left out: ask for a line range]` : ''}`
        : `${name} (log:${row.id}) has no error or warning lines: ask for a line range (startLine, endLine).`;
      return this.audited('logExcerpt', text, redactor.counts, { ...about, items: lineCount });
    });
  }

  /**
   * The @trcaa participant's request for the model the user chose in VS Code's chat: the triage prompt, the
   * incident's context (its fields, whys, timeline, the lines named, error/warning excerpts of its approved logs
   * within the model's budget), the chat's earlier turns and the instruction of the command — all redacted, and
   * audited as ai.sent before it is handed out. Nothing else is stored.
   */
  async prepareParticipant(raw: ParticipantInput): Promise<ParticipantRequest> {
    refuseKey(raw);
    const input = parseInput(participantInputSchema, raw, 'chat participant request');
    const { db, audit } = this.ctx;
    const detector = createDetector(input.pii);
    const picks = contextPicksSchema.parse({ selections: input.selections, includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: true }) as ParsedPicks;
    const ranges = pickedRanges(picks);
    const picked = await readPickedLines(db, input.issueId, ranges);
    const { unindexed, unmined } = await prepareContextLogs(db, contextLogs(db, input.issueId, picks, ranges, (row) => isApprovedLog(db, row)), this.indexer, this.miner);
    const userText = participantInstruction(input.mode, input.text, { ...(input.level ? { level: input.level } : {}), ...(input.section ? { section: input.section } : {}) });
    return db.transaction(() => {
      const built = buildContext(
        this.ctx,
        { issueId: input.issueId, picks, provider: input.provider, detector, systemPrompt: TRIAGE_SYSTEM_PROMPT, userText, history: input.history as HistoryMessage[], unindexed, unmined, reviewed: this.reviewed },
        picked,
      );
      const messages: ChatMessage[] = [{ role: 'system', content: built.system }, ...built.history, { role: 'user', content: built.user }];
      const { model, kind, baseUrl, allowInsecureHttp } = input.provider;
      const { body } = buildChatRequest({ kind, baseUrl, model, ...(allowInsecureHttp !== undefined ? { allowInsecureHttp } : {}) }, messages);
      const bytes = Buffer.byteLength(body, 'utf8');
      const hash = sha256(body);
      const auditId = audit.append({
        action: 'ai.sent',
        entityType: 'issue',
        entityId: input.issueId,
        details: {
          issue_id: input.issueId,
          via: 'chat_participant',
          command: input.mode,
          provider: kind,
          host: providerHost(input.provider),
          model,
          sha256: hash,
          bytes,
          redacted_by_type: built.redactedByType,
          context_items: built.itemCounts,
          estimated_tokens: built.summary.tokens,
          prompt_version: TRIAGE_PROMPT_VERSION,
        },
      }).id;
      db.recordChange({ entity: 'egress', kind: 'created', ids: [auditId], issueId: input.issueId });
      return { messages, body, sha256: hash, bytes, context: built.summary, redactedByType: built.redactedByType, problems: [...detector.problems], auditId };
    });
  }

  /** One ai.tool_output row for exactly this text (its hash and size, counts per PII type — never the text). */
  private audited(tool: ToolName, text: string, counts: RedactionCounts, about: { entityType: string; entityId: string; issueId?: string; logId?: string; items: number; refused?: boolean }): ToolOutput {
    const hash = sha256(text);
    const bytes = Buffer.byteLength(text, 'utf8');
    const { db, audit } = this.ctx;
    const auditId = db.transaction(() => {
      const id = audit.append({
        action: 'ai.tool_output',
        entityType: about.entityType,
        entityId: about.entityId,
        details: {
          tool,
          ...(about.issueId ? { issue_id: about.issueId } : {}),
          ...(about.logId ? { log_id: about.logId } : {}),
          sha256: hash,
          bytes,
          redacted_by_type: counts,
          items: about.items,
          ...(about.refused ? { refused: true } : {}),
        },
      }).id;
      // Egress is reported per incident; a search concerns none (and no view shows the audit log).
      if (about.issueId) db.recordChange({ entity: 'egress', kind: 'created', ids: [id], issueId: about.issueId });
      return id;
    });
    return { text, auditId, sha256: hash, bytes, redactedByType: counts, ...(about.refused ? { refused: true } : {}) };
  }
}

/** The methods the main thread may call (see store.ts). */
export const AI_TOOLS_REMOTE = ['searchIncidents', 'incidentSummary', 'logExcerpt', 'prepareParticipant'] as const satisfies readonly (keyof AiTools)[];
