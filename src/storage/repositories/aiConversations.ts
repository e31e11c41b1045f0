// The assistant's conversations per incident and their messages (the seed's ai_conversations / ai_messages, with
// our columns of migration 024: whether token_count is an estimate, an answer cut mid-stream, the provider's prompt
// size). Messages are stored as typed and as received: they stay in the encrypted database; what leaves goes
// through the AI gate (aiGate.ts), which redacts them again at every send.
import { z } from 'zod';
import { estimateTokens } from '../../core/ai/tokens';
import { idSchema } from '../../core/model/logFile';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
import type { Database } from '../database';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

export const MAX_CONVERSATION_TITLE = 200;
export const MAX_MESSAGE_LENGTH = 1_000_000;
export const DEFAULT_CONVERSATION_TITLE = 'New conversation';

export interface Conversation {
  id: string;
  issueId: string;
  title: string;
  /** The provider kind and model last used. */
  provider: string;
  model: string;
  createdAt: string;
}

export interface ConversationSummary extends Conversation {
  messageCount: number;
  /** created_at of its newest message, or null. */
  lastMessageAt: string | null;
}

export interface AiMessage {
  id: string;
  conversationId: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Tokens of this message: the provider's count (completion tokens of an answer) or, when `tokenEstimated`, chars / 4. */
  tokenCount: number;
  tokenEstimated: boolean;
  /** The answer stopped before the provider finished (cut stream, Stop, oversized): kept as far as it came. */
  incomplete: boolean;
  incompleteReason: string | null;
  /** An answer's request size as the provider counted it (prompt tokens), when it said. */
  promptTokens: number | null;
  createdAt: string;
}

interface ConversationRow {
  id: string;
  issue_id: string;
  provider: string;
  model: string;
  created_at: string;
  title: string | null;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: AiMessage['role'];
  content: string;
  token_count: number | null;
  token_estimated: number;
  incomplete: number;
  incomplete_reason: string | null;
  prompt_tokens: number | null;
  created_at: string;
}

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  issueId: row.issue_id,
  title: row.title ?? DEFAULT_CONVERSATION_TITLE,
  provider: row.provider,
  model: row.model,
  createdAt: row.created_at,
});

const toMessage = (row: MessageRow): AiMessage => ({
  id: row.id,
  conversationId: row.conversation_id,
  role: row.role,
  content: row.content,
  tokenCount: row.token_count ?? 0,
  tokenEstimated: row.token_estimated === 1,
  incomplete: row.incomplete === 1,
  incompleteReason: row.incomplete_reason,
  promptTokens: row.prompt_tokens,
  createdAt: row.created_at,
});

const titleSchema = z
  .string()
  .transform((title) => title.replace(/\s+/g, ' ').trim())
  .pipe(z.string().max(MAX_CONVERSATION_TITLE, `A conversation title may hold at most ${MAX_CONVERSATION_TITLE} characters.`))
  .transform((title) => title || DEFAULT_CONVERSATION_TITLE);

const createSchema = z.strictObject({
  title: titleSchema.default(DEFAULT_CONVERSATION_TITLE),
  provider: z.string().trim().min(1).max(50),
  model: z.string().trim().min(1).max(200),
});
export type CreateConversationInput = z.input<typeof createSchema>;

const usageSchema = z.strictObject({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  estimated: z.boolean(),
});

const appendSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(MAX_MESSAGE_LENGTH, `A message may hold at most ${MAX_MESSAGE_LENGTH} characters.`),
  /** The provider's usage for an answer (TokenUsage); without it the count is estimated. */
  usage: usageSchema.optional(),
  incomplete: z.boolean().default(false),
  incompleteReason: z.string().max(500).optional(),
});
export type AppendMessageInput = z.input<typeof appendSchema>;

export const conversationNotFound = (id: string) => new ContentError('NOT_FOUND', `No conversation ${id}: it may have been deleted.`, { id });

/** The conversation's row; NOT_FOUND when it is gone. */
export function conversationRow(db: Database, id: string): ConversationRow {
  const row = db.get<ConversationRow>('SELECT * FROM ai_conversations WHERE id = ?', [id]);
  if (!row) throw conversationNotFound(id);
  return row;
}

/** The conversation's messages in order (oldest first). */
export function conversationMessages(db: Database, conversationId: string): AiMessage[] {
  return db.query<MessageRow>('SELECT * FROM ai_messages WHERE conversation_id = ? ORDER BY created_at, rowid', [conversationId]).map(toMessage);
}

/** Inserts a message; the caller holds the transaction and has checked the conversation. */
export function insertMessage(ctx: RepositoryContext, conversation: { id: string; issueId: string }, input: z.output<typeof appendSchema>): AiMessage {
  const { db, clock } = ctx;
  const provided = input.role === 'assistant' && input.usage && !input.usage.estimated;
  const row: MessageRow = {
    id: newId(),
    conversation_id: conversation.id,
    role: input.role,
    content: input.content,
    token_count: input.role === 'assistant' && input.usage ? input.usage.completionTokens : estimateTokens(input.content),
    token_estimated: provided ? 0 : 1,
    incomplete: input.incomplete ? 1 : 0,
    incomplete_reason: input.incomplete ? (input.incompleteReason ?? null) : null,
    prompt_tokens: input.role === 'assistant' && input.usage && !input.usage.estimated ? input.usage.promptTokens : null,
    created_at: sqlTimestamp(clock.now()),
  };
  db.exec(
    `INSERT INTO ai_messages(id, conversation_id, role, content, token_count, created_at, token_estimated, incomplete, incomplete_reason, prompt_tokens)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [row.id, row.conversation_id, row.role, row.content, row.token_count, row.created_at, row.token_estimated, row.incomplete, row.incomplete_reason, row.prompt_tokens],
  );
  db.recordChange({ entity: 'aiMessage', kind: 'created', ids: [row.id], issueId: conversation.issueId });
  return toMessage(row);
}

export { appendSchema as appendMessageSchema };

export class AiConversationRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** A new conversation on the incident; NOT_FOUND when the incident is gone. */
  create(issueId: string, input: CreateConversationInput): Conversation {
    const id = parseInput(idSchema, issueId, 'issue id');
    const { title, provider, model } = parseInput(createSchema, input, 'conversation');
    const { db, clock, audit } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM issues WHERE id = ?', [id])) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
      const row: ConversationRow = { id: newId(), issue_id: id, provider, model, created_at: sqlTimestamp(clock.now()), title };
      db.exec('INSERT INTO ai_conversations(id, issue_id, provider, model, created_at, title) VALUES (?, ?, ?, ?, ?, ?)', [row.id, row.issue_id, row.provider, row.model, row.created_at, row.title]);
      db.recordChange({ entity: 'conversation', kind: 'created', ids: [row.id], issueId: id });
      // Ids only: a title may say anything.
      audit.append({ action: 'ai.conversation_created', entityType: 'ai_conversation', entityId: row.id, details: { issue_id: id, provider, model } });
      return toConversation(row);
    });
  }

  get(id: string): Conversation | null {
    const row = this.ctx.db.get<ConversationRow>('SELECT * FROM ai_conversations WHERE id = ?', [parseInput(idSchema, id, 'conversation id')]);
    return row ? toConversation(row) : null;
  }

  rename(id: string, title: string): Conversation {
    const conversationId = parseInput(idSchema, id, 'conversation id');
    const newTitle = parseInput(titleSchema, title, 'conversation title');
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = conversationRow(db, conversationId);
      db.exec('UPDATE ai_conversations SET title = ? WHERE id = ?', [newTitle, conversationId]);
      db.recordChange({ entity: 'conversation', kind: 'updated', ids: [conversationId], issueId: row.issue_id });
      return toConversation({ ...row, title: newTitle });
    });
  }

  /** The incident's conversations, newest first, with how many messages each holds. */
  listForIssue(issueId: string): ConversationSummary[] {
    const id = parseInput(idSchema, issueId, 'issue id');
    return this.ctx.db
      .query<ConversationRow & { message_count: number; last_message_at: string | null }>(
        `SELECT c.*, count(m.id) AS message_count, max(m.created_at) AS last_message_at
           FROM ai_conversations c LEFT JOIN ai_messages m ON m.conversation_id = c.id
          WHERE c.issue_id = ? GROUP BY c.id ORDER BY c.created_at DESC, c.rowid DESC`,
        [id],
      )
      .map((row) => ({ ...toConversation(row), messageCount: row.message_count, lastMessageAt: row.last_message_at }));
  }

  /** False when there was no such conversation; its messages go with it. */
  delete(id: string): boolean {
    const conversationId = parseInput(idSchema, id, 'conversation id');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<ConversationRow>('SELECT * FROM ai_conversations WHERE id = ?', [conversationId]);
      if (!row) return false;
      const messages = db.get<{ n: number }>('SELECT count(*) AS n FROM ai_messages WHERE conversation_id = ?', [conversationId])?.n ?? 0;
      db.exec('DELETE FROM ai_conversations WHERE id = ?', [conversationId]);
      db.recordChange({ entity: 'conversation', kind: 'deleted', ids: [conversationId], issueId: row.issue_id });
      audit.append({ action: 'ai.conversation_deleted', entityType: 'ai_conversation', entityId: conversationId, details: { issue_id: row.issue_id, messages_deleted: messages } });
      return true;
    });
  }

  /** The conversation's messages, oldest first; NOT_FOUND when the conversation is gone. */
  messages(conversationId: string): AiMessage[] {
    const id = parseInput(idSchema, conversationId, 'conversation id');
    return this.ctx.db.transaction(() => {
      conversationRow(this.ctx.db, id);
      return conversationMessages(this.ctx.db, id);
    }, 'deferred');
  }

  /**
   * Appends a message: an answer as received (with the provider's usage, or estimated; `incomplete` when the
   * stream was cut — what came is kept), or a user message. A message sent through the gate (aiGate.prepareSend)
   * is stored by the gate itself.
   */
  appendMessage(conversationId: string, input: AppendMessageInput): AiMessage {
    const id = parseInput(idSchema, conversationId, 'conversation id');
    const message = parseInput(appendSchema, input, 'message');
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = conversationRow(db, id);
      return insertMessage(this.ctx, { id, issueId: row.issue_id }, message);
    });
  }

  /** Removes one message (Retry replaces an incomplete answer); false when there was none. */
  deleteMessage(messageId: string): boolean {
    const id = parseInput(idSchema, messageId, 'message id');
    const { db } = this.ctx;
    return db.transaction(() => {
      const row = db.get<{ issue_id: string }>('SELECT c.issue_id FROM ai_messages m JOIN ai_conversations c ON c.id = m.conversation_id WHERE m.id = ?', [id]);
      if (!row) return false;
      db.exec('DELETE FROM ai_messages WHERE id = ?', [id]);
      db.recordChange({ entity: 'aiMessage', kind: 'deleted', ids: [id], issueId: row.issue_id });
      return true;
    });
  }
}

/** The methods the main thread may call (see store.ts). */
export const AI_CONVERSATION_REMOTE = ['create', 'get', 'rename', 'listForIssue', 'delete', 'messages', 'appendMessage', 'deleteMessage'] as const satisfies readonly (keyof AiConversationRepository)[];
