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
   * the request could not be built or sent: the error's message is for the user.
   */
  send(request: SendRequest, onText: (delta: string) => void, signal: AbortSignal): Promise<ChatMessageView>;
}
