// The AI egress gate: the one place an AI request body is built. Every piece of text in it went through redaction
// here — free text (incident fields, whys, timeline, the message, the history) with the user's PII detector, log
// text only from approved logs with their reviewed spans ("keep" honoured), their pattern templates with the detector
// and the log's reviewed values (storage/ai/templateRedaction.ts) — and then buildChatRequest makes the
// exact bytes. prepareSend/prepareAction append one audit row ai.sent (provider host, model, SHA-256 and size of
// exactly that body, counts per PII type, context item counts; never the text) and return the body for the main
// thread to POST with the key. previewContext builds the same without auditing: nothing is audited until a send.
import { createHash } from 'node:crypto';
import type { AiAction } from '../../core/ai/actions';
import { ACTIONS_PROMPT_VERSION, actionInstruction } from '../../core/ai/actions';
import { buildChatRequest } from '../../core/ai/providers/request';
import { TRIAGE_PROMPT_VERSION, TRIAGE_SYSTEM_PROMPT } from '../../core/ai/triagePrompt';
import type { ChatMessage, ProviderConfig, ToolDefinition } from '../../core/ai/types';
import { redactMarkdown } from '../../core/export/redactDocument';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { idSchema } from '../../core/model/logFile';
import { createDetector } from '../../core/pii/detector';
import type { PatternProblem } from '../../core/pii/types';
import type { BuiltContext, ContextItemKind, ContextRequest, ContextSummary, HistoryMessage } from '../ai/context';
import { buildContext, isApprovedLog, notApproved, PickedLinesCache, pickedRanges, readPickedLines } from '../ai/context';
import { contextLogs, PatternMiner, prepareContextLogs } from '../ai/contextLogs';
import type { ActionInput, GateProvider, SendInput } from '../ai/gateInput';
import { actionInputSchema, refuseKey, sendInputSchema } from '../ai/gateInput';
import type { LogIndexInfo } from '../ai/logIndex';
import { LogIndexer } from '../ai/logIndex';
import { ReviewedValuesCache } from '../ai/templateRedaction';
import { ContentError, parseInput } from '../content/errors';
import type { AiMessage } from './aiConversations';
import { conversationMessages, conversationRow, insertMessage } from './aiConversations';
import { toolExchangeMessages } from './aiToolCalls';
import type { RepositoryContext } from './context';

export interface PreparedAiRequest {
  /** Where to POST (for VS Code's language models: vscode-lm:<model>, and the body is the JSON of the messages). */
  url: string;
  /** Exactly the bytes to send, as UTF-8. */
  body: string;
  /** The redacted messages in the body (the "show exactly what is sent" view). */
  messages: ChatMessage[];
  context: ContextSummary;
  /** Values replaced, per PII type, in everything sent. */
  redactedByType: RedactionCounts;
  /** Custom PII patterns the detector could not use (the request was built without them). */
  problems: PatternProblem[];
  /** SHA-256 (hex) and size of the UTF-8 body. */
  sha256: string;
  bytes: number;
  promptVersion: number;
}

export interface SentAiRequest extends PreparedAiRequest {
  /** The ai.sent audit row. */
  auditId: string;
  /** The user's message as stored (prepareSend with text). */
  userMessage?: AiMessage;
  /** The user's message this request answers (stored now, or the last one on Retry and tool rounds): tool calls hang from it. */
  userMessageId?: string;
}

/** The audit row's host: where the bytes go, without path or query. */
export function providerHost(provider: GateProvider): string {
  if (provider.kind === 'vscode') return 'vscode-lm';
  try {
    return new URL(provider.baseUrl).host;
  } catch {
    throw new ContentError('INVALID_CONTENT', 'The AI base URL is not a valid address.');
  }
}

const toConfig = (provider: GateProvider): ProviderConfig => {
  const { contextTokens: _contextTokens, ...config } = provider;
  return config;
};

interface Plan {
  issueId: string;
  request: Omit<ContextRequest, 'detector'>;
  detector: ReturnType<typeof createDetector>;
  provider: GateProvider;
  conversation?: { id: string; issueId: string; storeText: string | null; lastUserMessageId?: string };
  action?: AiAction;
  tools?: ToolDefinition[];
  toolTurnId?: string;
}

export class AiGate {
  private readonly indexer: LogIndexer;
  private readonly miner: PatternMiner;
  private readonly pickedLines = new PickedLinesCache();
  private readonly reviewed = new ReviewedValuesCache();

  constructor(protected readonly ctx: RepositoryContext) {
    this.indexer = new LogIndexer(ctx.db, ctx.clock);
    this.miner = new PatternMiner(ctx);
  }

  /**
   * Builds the request for a conversation's next turn and audits it: the message (absent: Retry — the
   * conversation's last message, which must be the user's, is sent again) is stored with the audit row in one
   * transaction. NOT_APPROVED naming the log when a picked log is not approved (nothing is stored or audited).
   */
  async prepareSend(input: SendInput): Promise<SentAiRequest> {
    return this.send(await this.planSend(input));
  }

  /** The same request as prepareSend would build, neither stored nor audited ("Context: 3 items, ~6,200 tokens"). */
  async previewContext(input: SendInput): Promise<PreparedAiRequest> {
    return this.preview(await this.planSend(input, true));
  }

  /** Builds and audits the request of a structured action (Analyze Log, Suggest Next Why, Draft Section, Status Update). */
  async prepareAction(input: ActionInput): Promise<SentAiRequest> {
    return this.send(await this.planAction(input));
  }

  /** The action's request without auditing. */
  async previewAction(input: ActionInput): Promise<PreparedAiRequest> {
    return this.preview(await this.planAction(input));
  }

  /**
   * Builds the index of the log's notable lines now (one pass over its content) instead of at the first request
   * that wants its excerpts, and mines its patterns if it was attached before mining existed: call after attaching
   * or approving a large log, under a progress notification.
   */
  async indexLog(logFileId: string): Promise<LogIndexInfo> {
    const id = parseInput(idSchema, logFileId, 'log file id');
    const info = await this.indexer.ensure(id);
    // A failure here is named by the first request that wants the patterns (its context lists the log as left out).
    await this.miner.ensure(id).catch(() => undefined);
    return info;
  }

  /** `preview`: the context line is measured while the message is still being typed, so it may be empty. */
  private async planSend(raw: SendInput, preview = false): Promise<Plan> {
    refuseKey(raw);
    const input = parseInput(sendInputSchema, raw, 'AI request');
    const { db } = this.ctx;
    const conversation = conversationRow(db, input.conversationId);
    const stored = conversationMessages(db, conversation.id).filter((message): message is AiMessage & { role: 'user' | 'assistant' } => message.role !== 'system');
    let history: HistoryMessage[] = stored.map(({ role, content }) => ({ role, content }));
    let userText = input.text;
    let lastUserMessageId: string | undefined;
    if (userText === undefined) {
      const last = history[history.length - 1];
      if (!last || last.role !== 'user') throw new ContentError('INVALID_CONTENT', 'There is no message of yours to send again: type a message.');
      userText = last.content;
      lastUserMessageId = stored[stored.length - 1]?.id;
      history = history.slice(0, -1);
    }
    if (!userText.trim() && !preview) throw new ContentError('INVALID_CONTENT', 'The message is empty: type what to ask.');
    return {
      issueId: conversation.issue_id,
      provider: input.provider,
      detector: createDetector(input.pii),
      conversation: { id: conversation.id, issueId: conversation.issue_id, storeText: input.text === undefined ? null : input.text, ...(lastUserMessageId ? { lastUserMessageId } : {}) },
      request: { issueId: conversation.issue_id, picks: input.context, provider: input.provider, systemPrompt: TRIAGE_SYSTEM_PROMPT, userText, history },
      tools: input.tools,
      ...(input.toolTurnId ? { toolTurnId: input.toolTurnId } : {}),
    };
  }

  private async planAction(raw: ActionInput): Promise<Plan> {
    refuseKey(raw);
    const input = parseInput(actionInputSchema, raw, 'AI action');
    const picks = { ...input.context };
    if (input.action === 'analyzeLog') {
      if (!input.logId) throw new ContentError('INVALID_CONTENT', 'Analyze Log needs the log to analyse.');
      const row = this.ctx.db.get<{ id: string; issue_id: string; file_name: string; redacted: number | null }>('SELECT id, issue_id, file_name, redacted FROM log_files WHERE id = ?', [input.logId]);
      if (!row || row.issue_id !== input.issueId) throw new ContentError('NOT_FOUND', `No log ${input.logId} on this incident: it may have been deleted.`, { id: input.logId });
      if (!isApprovedLog(this.ctx.db, row)) throw notApproved(row);
      picks.autoLogExcerpts = true;
      picks.logIds = [input.logId];
    }
    const detector = createDetector(input.pii);
    // The section's current text is the user's: it is in the instruction, which buildContext redacts as free text.
    const currentText = input.currentText;
    const userText = actionInstruction(input.action, {
      ...(input.logId ? { logId: input.logId } : {}),
      ...(input.level ? { level: input.level } : {}),
      ...(input.section ? { section: input.section } : {}),
      ...(currentText ? { currentText } : {}),
    });
    return { issueId: input.issueId, provider: input.provider, detector, action: input.action, request: { issueId: input.issueId, picks, provider: input.provider, systemPrompt: TRIAGE_SYSTEM_PROMPT, userText, history: [] } };
  }

  /** Reads what needs the log's content (picked lines, indexes for excerpts) before the one transaction. */
  private async gather(plan: Plan) {
    const { db } = this.ctx;
    const ranges = pickedRanges(plan.request.picks);
    const picked = await readPickedLines(db, plan.issueId, ranges, this.pickedLines);
    const logs = contextLogs(db, plan.issueId, plan.request.picks, ranges, (row) => isApprovedLog(db, row));
    return { picked, ...(await prepareContextLogs(db, logs, this.indexer, this.miner)) };
  }

  private assemble(plan: Plan, gathered: Awaited<ReturnType<AiGate['gather']>>): { built: BuiltContext; prepared: PreparedAiRequest } {
    const built = buildContext(this.ctx, { ...plan.request, detector: plan.detector, unindexed: gathered.unindexed, unmined: gathered.unmined, reviewed: this.reviewed }, gathered.picked);
    // The answer's tool exchange: stored redacted, and redacted again here like every other text that is sent.
    const exchange = plan.toolTurnId
      ? toolExchangeMessages(this.ctx.db, plan.toolTurnId).map((message) => {
          const redacted = redactMarkdown(message.content, plan.detector);
          for (const [type, n] of Object.entries(redacted.counts)) built.redactedByType[type] = (built.redactedByType[type] ?? 0) + n;
          const toolCalls = message.toolCalls?.map((call) => ({ ...call, arguments: redactMarkdown(call.arguments, plan.detector).text }));
          return { ...message, content: redacted.text, ...(toolCalls ? { toolCalls } : {}) };
        })
      : [];
    const messages: ChatMessage[] = [{ role: 'system', content: built.system }, ...built.history, { role: 'user', content: built.user }, ...exchange];
    // VS Code's language models are called through vscode.lm, which this body does not describe tools for.
    const tools = plan.provider.kind === 'vscode' ? [] : (plan.tools ?? []);
    const { url, body } = buildChatRequest(toConfig(plan.provider), messages, tools);
    const bytes = Buffer.from(body, 'utf8');
    return {
      built,
      prepared: {
        url,
        body,
        messages,
        context: built.summary,
        redactedByType: built.redactedByType,
        problems: [...plan.detector.problems],
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        promptVersion: TRIAGE_PROMPT_VERSION,
      },
    };
  }

  private async preview(plan: Plan): Promise<PreparedAiRequest> {
    const picked = await this.gather(plan);
    return this.ctx.db.transaction(() => this.assemble(plan, picked).prepared, 'deferred');
  }

  private async send(plan: Plan): Promise<SentAiRequest> {
    const picked = await this.gather(plan);
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const { built, prepared } = this.assemble(plan, picked);
      let userMessage: AiMessage | undefined;
      const conversation = plan.conversation;
      if (conversation) {
        // The conversation may have been deleted while its logs were read.
        const row = conversationRow(db, conversation.id);
        if (row.provider !== plan.provider.kind || row.model !== plan.provider.model) {
          db.exec('UPDATE ai_conversations SET provider = ?, model = ? WHERE id = ?', [plan.provider.kind, plan.provider.model, conversation.id]);
          db.recordChange({ entity: 'conversation', kind: 'updated', ids: [conversation.id], issueId: conversation.issueId });
        }
        if (conversation.storeText !== null) userMessage = insertMessage(this.ctx, conversation, { role: 'user', content: conversation.storeText, incomplete: false });
      }
      const auditId = audit.append({
        action: 'ai.sent',
        entityType: conversation ? 'ai_conversation' : 'issue',
        entityId: conversation ? conversation.id : plan.issueId,
        details: auditDetails(plan, prepared, built.itemCounts),
      }).id;
      db.recordChange({ entity: 'egress', kind: 'created', ids: [auditId], issueId: plan.issueId });
      const userMessageId = userMessage?.id ?? conversation?.lastUserMessageId;
      return { ...prepared, auditId, ...(userMessage ? { userMessage } : {}), ...(userMessageId ? { userMessageId } : {}) };
    });
  }
}

/** What the audit row says: where, which model, exactly which bytes, what was redacted and included — never text. */
function auditDetails(plan: Plan, prepared: PreparedAiRequest, itemCounts: Record<ContextItemKind, number>) {
  return {
    issue_id: plan.issueId,
    ...(plan.conversation ? { conversation_id: plan.conversation.id } : {}),
    ...(plan.action ? { action: plan.action, actions_prompt_version: ACTIONS_PROMPT_VERSION } : {}),
    provider: plan.provider.kind,
    host: providerHost(plan.provider),
    model: plan.provider.model,
    sha256: prepared.sha256,
    bytes: prepared.bytes,
    redacted_by_type: prepared.redactedByType,
    context_items: itemCounts,
    estimated_tokens: prepared.context.tokens,
    prompt_version: prepared.promptVersion,
    ...(plan.tools?.length ? { tools_offered: plan.tools.map((tool) => tool.name) } : {}),
    ...(plan.toolTurnId ? { tool_turn: plan.toolTurnId } : {}),
  };
}

/** The methods the main thread may call (see store.ts). */
export const AI_GATE_REMOTE = ['prepareSend', 'previewContext', 'prepareAction', 'previewAction', 'indexLog'] as const satisfies readonly (keyof AiGate)[];
