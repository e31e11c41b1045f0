// What the chat panel asks of the assistant: conversations, their messages, the context that would be sent and a
// streamed answer. The panel is a view over this; src/views/assistant implements it over the database worker (the
// egress gate builds every request there) and the provider clients (core/ai/providers).
export interface ConversationSummary {
  id: string;
  issueId: string;
  title: string;
  provider: string;
  model: string;
  createdAt: string;
  messageCount: number;
}

export interface ChatMessageView {
  id: string;
  role: 'user' | 'assistant';
  /** Markdown as written (the user) or received (the model); stored locally, rendered safely by the panel. */
  content: string;
  createdAt: string;
  /** From the provider's usage; an estimate when `estimated`. */
  tokenCount: number;
  estimated: boolean;
  /** The answer was cut (stopped, connection lost, malformed or oversized reply): the text is what arrived. */
  incomplete: boolean;
  incompleteReason?: string;
  /** On the user's message: the MCP tool calls made while answering it (redacted, as stored). */
  toolCalls?: ToolCallView[];
}

export type ToolOutcomeView = 'ok' | 'error' | 'denied' | 'failed' | 'cancelled';

/** One MCP tool call as the chat shows it: its arguments and result as the gate redacted and stored them. */
export interface ToolCallView {
  id: string;
  /** "echo", and the server's name. */
  tool: string;
  server: string;
  arguments: string;
  result: string;
  outcome: ToolOutcomeView;
  durationMs: number;
}

/** A call waiting for the user's approval in the chat. */
export interface ToolApprovalRequest {
  callId: string;
  tool: string;
  server: string;
  /** As the model wrote them (shown locally, never sent anywhere from here). */
  arguments: string;
}

/** Allow once, Always for this tool (remembered per server and tool until revoked), or Deny. */
export type ToolApproval = 'once' | 'always' | 'deny';

/** What the panel does for the tool loop: ask the user, and show each call once it is stored. */
export interface ToolHooks {
  /** Resolves with the user's answer; 'deny' when the signal aborts first. */
  approve(request: ToolApprovalRequest, signal: AbortSignal): Promise<ToolApproval>;
  onToolCall(call: ToolCallView): void;
}

/** What the user added to the context explicitly, beside the incident's own fields. */
export type ContextPick = { kind: 'log'; logId: string; startLine?: number; endLine?: number };

export interface ContextItem {
  label: string;
  tokens: number;
}

export interface ContextPreview {
  items: ContextItem[];
  /** Estimated tokens of the whole request. */
  tokens: number;
  /** The exact (redacted) text the request would carry, for "show what is sent". */
  text: string;
}

export interface SendRequest {
  issueId: string;
  /** '' in previewContext before the incident's first conversation exists (send always names one). */
  conversationId: string;
  text: string;
  picks: ContextPick[];
}

export interface ChatBackend {
  /** The incident's title (the panel's tab), or undefined when the incident no longer exists. */
  issueTitle(issueId: string): Promise<string | undefined>;
  /** "Ollama · llama3.1:8b", or undefined when no model is configured (the panel offers Select AI Model…). */
  modelLabel(): Promise<string | undefined>;
  listConversations(issueId: string): Promise<ConversationSummary[]>;
  createConversation(issueId: string, title?: string): Promise<ConversationSummary>;
  renameConversation(conversationId: string, title: string): Promise<void>;
  deleteConversation(conversationId: string): Promise<void>;
  messages(conversationId: string): Promise<ChatMessageView[]>;
  previewContext(request: SendRequest): Promise<ContextPreview>;
  /**
   * Stores the user's message, streams the answer (each piece of text to onText, as it arrives) and stores it; the
   * stored reply is returned, incomplete when cut or aborted. Rejects (nothing stored but the user's message) when
   * the request could not be built or sent: the error's message is for the user. With `tools`, the model may
   * call the enabled MCP servers' tools (each approved through `tools.approve` unless read-only or always allowed).
   */
  send(request: SendRequest, onText: (delta: string) => void, signal: AbortSignal, tools?: ToolHooks): Promise<ChatMessageView>;
}
