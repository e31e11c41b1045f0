// MCP tool calls made from the assistant's chat (migration 031). Each call the model asked for is stored with its
// arguments and its result as the gate redacted them — the raw text never reaches the database, and what the gate
// sends back to the model is built from these rows — and audited (ai.tool_call: server, tool, SHA-256 and size of
// exactly the arguments the tool received and the result it gave, duration, outcome; never the text). Also the
// tools the user allowed "always", per server and tool, until revoked.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RedactionCounts } from '../../core/export/redactDocument';
import { redactMarkdown } from '../../core/export/redactDocument';
import { TOOL_NAME_PATTERN } from '../../core/ai/toolNames';
import type { ChatMessage } from '../../core/ai/types';
import { detectorOptionsSchema, idSchema } from '../../core/model/logFile';
import { createDetector } from '../../core/pii/detector';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
import type { Database } from '../database';
import { newId } from '../ids';
import { conversationRow } from './aiConversations';
import type { RepositoryContext } from './context';
import { prefixWithin } from '../../core/text/shorten';

/** A result longer than this is cut (the hash is of the whole): a model's context is not the place for megabytes. */
export const MAX_TOOL_RESULT_CHARS = 100_000;
export const TOOL_OUTCOMES = ['ok', 'error', 'denied', 'failed', 'cancelled'] as const;
export type ToolOutcome = (typeof TOOL_OUTCOMES)[number];

const recordSchema = z.strictObject({
  conversationId: idSchema,
  /** The user's message the answer is to. */
  userMessageId: idSchema,
  /** One answer's tool exchange (the gate sends its rounds back to the model). */
  turnId: idSchema,
  round: z.number().int().min(1).max(100),
  /** The model's id of the call. */
  callId: z.string().min(1).max(200),
  /** The name the model used (core/ai/toolNames.ts). */
  toolName: z.string().regex(TOOL_NAME_PATTERN, 'A tool name is 1–64 letters, digits, _ or -.'),
  serverId: z.string().min(1).max(200),
  serverName: z.string().min(1).max(200),
  tool: z.string().min(1).max(500),
  /** Raw: as the model wrote them (JSON text). Redacted here before anything is stored. */
  arguments: z.string().max(1_000_000),
  /** Raw: as the tool returned it, or why there is none (denied, failed). Redacted here. */
  result: z.string().max(64 * 1024 * 1024),
  outcome: z.enum(TOOL_OUTCOMES),
  durationMs: z.number().int().min(0).max(24 * 3600 * 1000),
  pii: detectorOptionsSchema.default({}),
});
export type ToolCallRecordInput = z.input<typeof recordSchema>;

export interface StoredToolCall {
  id: string;
  conversationId: string;
  userMessageId: string;
  turnId: string;
  round: number;
  callId: string;
  toolName: string;
  serverId: string;
  serverName: string;
  tool: string;
  /** Redacted. */
  arguments: string;
  /** Redacted (and cut at MAX_TOOL_RESULT_CHARS). */
  result: string;
  outcome: ToolOutcome;
  durationMs: number;
  createdAt: string;
}

export interface RecordedToolCall extends StoredToolCall {
  redactedByType: RedactionCounts;
  auditId: string;
}

export interface AlwaysAllowedTool {
  serverId: string;
  serverName: string;
  tool: string;
  createdAt: string;
}

interface ToolCallRow {
  id: string;
  conversation_id: string;
  user_message_id: string;
  turn_id: string;
  round: number;
  call_id: string;
  tool_name: string;
  server_id: string;
  server_name: string;
  tool: string;
  arguments: string;
  result: string;
  outcome: ToolOutcome;
  duration_ms: number;
  created_at: string;
}

const toCall = (row: ToolCallRow): StoredToolCall => ({
  id: row.id,
  conversationId: row.conversation_id,
  userMessageId: row.user_message_id,
  turnId: row.turn_id,
  round: row.round,
  callId: row.call_id,
  toolName: row.tool_name,
  serverId: row.server_id,
  serverName: row.server_name,
  tool: row.tool,
  arguments: row.arguments,
  result: row.result,
  outcome: row.outcome,
  durationMs: row.duration_ms,
  createdAt: row.created_at,
});

const sha256 = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
};

const approvalSchema = z.strictObject({ serverId: z.string().min(1).max(200), tool: z.string().min(1).max(500) });

/**
 * One answer's tool exchange as the model is to see it again: per round, the assistant's turn with its calls, then
 * a reply to each (the stored, redacted text; denied and failed calls say so, so every call id has its reply).
 */
export function toolExchangeMessages(db: Database, turnId: string): ChatMessage[] {
  const rows = db.query<ToolCallRow>('SELECT * FROM ai_tool_calls WHERE turn_id = ? ORDER BY round, created_at, rowid', [turnId]);
  const messages: ChatMessage[] = [];
  let round = -1;
  let replies: ChatMessage[] = [];
  const flush = () => {
    messages.push(...replies);
    replies = [];
  };
  for (const row of rows) {
    if (row.round !== round) {
      flush();
      round = row.round;
      messages.push({ role: 'assistant', content: '', toolCalls: [] });
    }
    (messages[messages.length - 1]?.toolCalls as NonNullable<ChatMessage['toolCalls']>).push({ id: row.call_id, name: row.tool_name, arguments: row.arguments });
    replies.push({ role: 'tool', content: row.result, toolCallId: row.call_id, toolName: row.tool_name, ...(row.outcome === 'ok' ? {} : { isError: true }) });
  }
  flush();
  return messages;
}

export class AiToolCallRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Redacts a call's arguments and result with the user's detector, stores them and audits the call, in one
   * transaction. NOT_FOUND when the conversation or the message is gone.
   */
  record(input: ToolCallRecordInput): RecordedToolCall {
    const call = parseInput(recordSchema, input, 'tool call');
    const detector = createDetector(call.pii);
    const args = redactMarkdown(call.arguments, detector);
    const whole = call.result;
    const cut = whole.length > MAX_TOOL_RESULT_CHARS ? `${prefixWithin(whole, MAX_TOOL_RESULT_CHARS)}\n[… cut at ${MAX_TOOL_RESULT_CHARS.toLocaleString('en-US')} of ${whole.length.toLocaleString('en-US')} characters]` : whole;
    const result = redactMarkdown(cut, detector);
    const redactedByType: RedactionCounts = { ...args.counts };
    for (const [type, n] of Object.entries(result.counts)) redactedByType[type] = (redactedByType[type] ?? 0) + n;
    const { db, audit, clock } = this.ctx;
    return db.transaction(() => {
      const conversation = conversationRow(db, call.conversationId);
      if (!db.get('SELECT 1 AS x FROM ai_messages WHERE id = ? AND conversation_id = ?', [call.userMessageId, call.conversationId])) {
        throw new ContentError('NOT_FOUND', `No message ${call.userMessageId} in this conversation: it may have been deleted.`, { id: call.userMessageId });
      }
      const row: ToolCallRow = {
        id: newId(),
        conversation_id: call.conversationId,
        user_message_id: call.userMessageId,
        turn_id: call.turnId,
        round: call.round,
        call_id: call.callId,
        tool_name: call.toolName,
        server_id: call.serverId,
        server_name: call.serverName,
        tool: call.tool,
        arguments: args.text,
        result: result.text,
        outcome: call.outcome,
        duration_ms: call.durationMs,
        created_at: sqlTimestamp(clock.now()),
      };
      db.exec(
        `INSERT INTO ai_tool_calls(id, conversation_id, user_message_id, turn_id, round, call_id, tool_name, server_id, server_name, tool, arguments, result, outcome, duration_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [row.id, row.conversation_id, row.user_message_id, row.turn_id, row.round, row.call_id, row.tool_name, row.server_id, row.server_name, row.tool, row.arguments, row.result, row.outcome, row.duration_ms, row.created_at],
      );
      const argumentsHash = sha256(call.arguments);
      const resultHash = sha256(whole);
      const auditId = audit.append({
        action: 'ai.tool_call',
        entityType: 'ai_conversation',
        entityId: call.conversationId,
        details: {
          issue_id: conversation.issue_id,
          conversation_id: call.conversationId,
          server_id: call.serverId,
          server_name: call.serverName,
          tool: call.tool,
          call_id: call.callId,
          outcome: call.outcome,
          duration_ms: call.durationMs,
          arguments_sha256: argumentsHash.sha256,
          arguments_bytes: argumentsHash.bytes,
          result_sha256: resultHash.sha256,
          result_bytes: resultHash.bytes,
          redacted_by_type: redactedByType,
        },
      }).id;
      db.recordChange({ entity: 'aiMessage', kind: 'created', ids: [row.id], issueId: conversation.issue_id });
      return { ...toCall(row), redactedByType, auditId };
    });
  }

  /** The conversation's tool calls, oldest first (redacted, as stored). */
  forConversation(conversationId: string): StoredToolCall[] {
    const id = parseInput(idSchema, conversationId, 'conversation id');
    return this.ctx.db.query<ToolCallRow>('SELECT * FROM ai_tool_calls WHERE conversation_id = ? ORDER BY created_at, rowid', [id]).map(toCall);
  }

  /** Remembers "Always for this tool": the chat calls it without asking until revoked. */
  allowAlways(serverId: string, tool: string): void {
    const input = parseInput(approvalSchema, { serverId, tool }, 'tool approval');
    const { db, audit, clock } = this.ctx;
    db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM mcp_servers WHERE id = ?', [input.serverId])) throw new ContentError('NOT_FOUND', `No MCP server ${input.serverId}: it may have been removed.`, { id: input.serverId });
      if (db.get('SELECT 1 AS x FROM mcp_tool_approvals WHERE server_id = ? AND tool = ?', [input.serverId, input.tool])) return;
      db.exec('INSERT INTO mcp_tool_approvals(server_id, tool, created_at) VALUES (?, ?, ?)', [input.serverId, input.tool, sqlTimestamp(clock.now())]);
      audit.append({ action: 'mcp.tool_always_allowed', entityType: 'mcp_server', entityId: input.serverId, details: { server_id: input.serverId, tool: input.tool } });
      db.recordChange({ entity: 'mcp', kind: 'updated', ids: [input.serverId] });
    });
  }

  /** Takes "always" back: the chat asks again. False when it was not allowed. */
  revokeAlways(serverId: string, tool: string): boolean {
    const input = parseInput(approvalSchema, { serverId, tool }, 'tool approval');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM mcp_tool_approvals WHERE server_id = ? AND tool = ?', [input.serverId, input.tool])) return false;
      db.exec('DELETE FROM mcp_tool_approvals WHERE server_id = ? AND tool = ?', [input.serverId, input.tool]);
      audit.append({ action: 'mcp.tool_approval_revoked', entityType: 'mcp_server', entityId: input.serverId, details: { server_id: input.serverId, tool: input.tool } });
      db.recordChange({ entity: 'mcp', kind: 'updated', ids: [input.serverId] });
      return true;
    });
  }

  /** Every tool allowed "always", with its server's name. */
  alwaysAllowed(): AlwaysAllowedTool[] {
    return this.ctx.db
      .query<{ server_id: string; name: string; tool: string; created_at: string }>('SELECT a.server_id, s.name, a.tool, a.created_at FROM mcp_tool_approvals a JOIN mcp_servers s ON s.id = a.server_id ORDER BY s.name, a.tool')
      .map((row) => ({ serverId: row.server_id, serverName: row.name, tool: row.tool, createdAt: row.created_at }));
  }
}

/** The methods the main thread may call (see store.ts). */
export const AI_TOOL_CALL_REMOTE = ['record', 'forConversation', 'allowAlways', 'revokeAlways', 'alwaysAllowed'] as const satisfies readonly (keyof AiToolCallRepository)[];
