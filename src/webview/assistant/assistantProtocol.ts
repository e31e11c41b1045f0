// The AI chat panel's messages, both ways (carried by the shared webview channel, src/webview/host). The host
// validates every message from the webview with these schemas (a webview is untrusted input); the page imports the
// types only.
import { z } from 'zod';
import type { ContextPick } from './chatBackend';

/** The panel's view type (the lead registers its serializer). */
export { ASSISTANT_VIEW_TYPE } from '../../views/workbench/viewTypes';

const id = z.string().min(1).max(100);
/** What the person typed: generous, a question may carry a pasted stack trace. */
const typed = z.string().max(100_000);

/** Webview → host (besides the channel's `ready`, answered with the whole `state`). */
export const assistantWebviewMessageSchema = z.discriminatedUnion('type', [
  /** Ask: the reply comes once the answer is stored (or with the backend's error, also shown in the state). */
  z.strictObject({ type: z.literal('send'), text: typed }),
  /** Stop the answer streaming in: what arrived is kept, marked incomplete. */
  z.strictObject({ type: z.literal('stop') }),
  /** Ask the conversation's last question again. */
  z.strictObject({ type: z.literal('retry') }),
  /** Copy one message's text (Markdown as stored) to the clipboard. */
  z.strictObject({ type: z.literal('copy'), messageId: id }),
  z.strictObject({ type: z.literal('newConversation') }),
  z.strictObject({ type: z.literal('selectConversation'), conversationId: id }),
  /** Rename / delete the conversation shown: the host asks for the title / a confirmation. */
  z.strictObject({ type: z.literal('renameConversation') }),
  z.strictObject({ type: z.literal('deleteConversation') }),
  /** The text typed so far (debounced): the host answers with the context line. */
  z.strictObject({ type: z.literal('draft'), text: typed }),
  /** Open the exact (redacted) text a request with this question would carry, read-only. */
  z.strictObject({ type: z.literal('showContext'), text: typed }),
  /** Take one of the picked log lines out of the context. */
  z.strictObject({ type: z.literal('removePick'), index: z.number().int().min(0).max(1000) }),
  /** A link in an answer was clicked: the host confirms before opening it (log: references open the log). */
  z.strictObject({ type: z.literal('openLink'), href: z.string().min(1).max(4096) }),
  /** Run Select AI Model…. */
  z.strictObject({ type: z.literal('selectModel') }),
  /** The user's answer to the MCP tool call waiting for approval. */
  z.strictObject({ type: z.literal('approveTool'), callId: z.string().min(1).max(200), decision: z.enum(['once', 'always', 'deny']) }),
]);
export type AssistantWebviewMessage = z.infer<typeof assistantWebviewMessageSchema>;

export interface MessageItem {
  id: string;
  role: 'user' | 'assistant';
  /** The person's text, shown as text (never as HTML). '' for an answer. */
  text: string;
  /** An answer rendered by markdown-it on the host, raw HTML off. '' for the person's message. */
  html: string;
  /** "1,234 tokens", "~56 tokens" when estimated; '' when unknown. */
  tokens: string;
  /** "incomplete: stopped" when the answer was cut; null when whole. */
  incomplete: string | null;
  /** On the person's message: the MCP tool calls made while answering it (absent: none). */
  tools?: ToolCallItem[];
}

/** One MCP tool call, shown as text (never HTML), collapsed: its arguments and result as stored (redacted). */
export interface ToolCallItem {
  /** "echo · Everything". */
  label: string;
  /** "ok, 12 ms", "denied", "failed, 3,001 ms". */
  status: string;
  outcome: 'ok' | 'error' | 'denied' | 'failed' | 'cancelled';
  arguments: string;
  result: string;
}

/** A call the model asked for, waiting for Allow once / Always for this tool / Deny. */
export interface ToolApprovalItem {
  callId: string;
  tool: string;
  server: string;
  arguments: string;
}

export interface PickItem {
  pick: ContextPick;
  /** "log 1a2b3c4d L10–20". */
  label: string;
}

export interface AssistantState {
  issue: { id: string; title: string };
  /** "Ollama · llama3.1:8b"; null when none is configured (the page offers Select AI Model…). */
  model: string | null;
  conversations: { id: string; title: string; messageCount: number }[];
  /** The conversation shown; null before the incident's first one. */
  conversationId: string | null;
  messages: MessageItem[];
  picks: PickItem[];
  /** An answer on its way: the question asked, the tool calls made so far, a call waiting for approval, and the answer so far (later pieces come as `stream`). */
  streaming: { question: string; html: string; tools?: ToolCallItem[]; approval?: ToolApprovalItem | null } | null;
  /** The last send's error, as the backend worded it. */
  error: string | null;
  /** Whether Retry may ask the last question again. */
  canRetry: boolean;
}

export interface ContextLine {
  /** "Context: 3 items, ~6,200 tokens", or why it could not be worked out. */
  summary: string;
  items: { label: string; tokens: number }[];
  ok: boolean;
}

/** Host → webview. */
export type AssistantHostMessage =
  | { type: 'state'; state: AssistantState }
  /** The answer streaming in, rendered so far (the page swaps the last message's HTML). */
  | { type: 'stream'; conversationId: string; html: string }
  | { type: 'context'; context: ContextLine }
  /** Text to put in the input (a question prepared by a command). */
  | { type: 'draft'; text: string };

const pickSchema = z.strictObject({
  kind: z.literal('log'),
  logId: id,
  startLine: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
});

/** What the page keeps across reloads (vscode.setState): the incident, the conversation, the picks and the draft. */
export interface AssistantViewState {
  issueId: string;
  conversationId?: string | null;
  picks?: ContextPick[];
  draft?: string;
}

export const assistantViewStateSchema = z
  .object({
    issueId: id,
    conversationId: id.nullable().optional(),
    picks: z.array(pickSchema).max(100).optional(),
    draft: typed.optional(),
  })
  .passthrough();
