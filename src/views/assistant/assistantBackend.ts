// The chat panel's backend (webview/assistant/chatBackend.ts) over the database worker and the provider clients.
// The worker's AI gate builds every request body from redacted text and audits it (storage/repositories/aiGate.ts);
// this side only adds the key and sends exactly those bytes, then stores the answer as it arrived.
import { randomUUID } from 'node:crypto';
import { isAiProviderError } from '../../core/ai/providers/errors';
import type { ChatResult } from '../../core/ai/types';
import type { McpToolHost } from '../../core/mcp/toolHost';
import { parseLogRefs } from '../../core/whys/logRefs';
import type { AiMessage, ConversationSummary as StoredSummary } from '../../storage/repositories/aiConversations';
import type { ContextPicks, GateProvider } from '../../storage/ai/gateInput';
import type { ChatBackend, ChatMessageView, ContextPick, ConversationSummary, SendRequest, ToolCallView, ToolHooks } from '../../webview/assistant';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import type { Services } from '../workbench/services';
import { maxToolRounds, modelLabel, providerSettings, type ProviderSettings } from './aiSettings';
import { sendPrepared } from './sendPrepared';
import { alwaysAllowedSet, offeredTools, runToolCall, toolCallView, type ToolTurn } from './toolLoop';

const summary = (c: StoredSummary): ConversationSummary => ({ id: c.id, issueId: c.issueId, title: c.title, provider: c.provider, model: c.model, createdAt: c.createdAt, messageCount: c.messageCount });

export const messageView = (m: AiMessage, toolCalls?: ToolCallView[]): ChatMessageView => ({
  id: m.id,
  role: m.role === 'assistant' ? 'assistant' : 'user',
  content: m.content,
  createdAt: m.createdAt,
  tokenCount: m.tokenCount,
  estimated: m.tokenEstimated,
  incomplete: m.incomplete,
  ...(m.incompleteReason ? { incompleteReason: m.incompleteReason } : {}),
  ...(toolCalls?.length ? { toolCalls } : {}),
});

/** The provider as the gate takes it: never the key. */
export function gateProvider(settings: ProviderSettings): GateProvider {
  if (!settings.model) throw new Error('No AI model is chosen yet. Run "TRCAA: Select AI Model…".');
  return { kind: settings.kind, baseUrl: settings.baseUrl, model: settings.model, contextTokens: settings.contextTokens, allowInsecureHttp: settings.allowInsecureHttp };
}

/**
 * What goes with a message: the incident, its whys and timeline, the lines the user picked (selections, and
 * log:<id>#L… references typed in the message), and error/warning excerpts of its approved logs within the budget.
 */
function contextOf(text: string, picks: readonly ContextPick[]): ContextPicks {
  const selections = picks.filter((p) => p.startLine && p.endLine).map((p) => ({ logId: p.logId, startLine: p.startLine as number, endLine: p.endLine as number }));
  const typed = parseLogRefs(text).map((ref) => ({ logId: ref.logFileId, startLine: ref.startLine, endLine: ref.endLine }));
  return { selections: [...selections, ...typed].slice(0, 50), includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: true };
}

export class AssistantBackend implements ChatBackend {
  /**
   * @param toolHost the enabled MCP servers' tools (the MCP feature's), or undefined: no tools are offered. Tests
   * set `toolHost` to a host over the reference server.
   */
  constructor(private readonly services: Services, public toolHost: () => Promise<McpToolHost | undefined> = async () => undefined) {}

  async issueTitle(issueId: string): Promise<string | undefined> {
    return (await (await this.services.store()).issues.get(issueId))?.title;
  }

  async modelLabel(): Promise<string | undefined> {
    return modelLabel();
  }

  async listConversations(issueId: string): Promise<ConversationSummary[]> {
    return (await (await this.services.store()).ai.listForIssue(issueId)).map(summary);
  }

  async createConversation(issueId: string, title?: string): Promise<ConversationSummary> {
    const settings = providerSettings();
    const created = await (await this.services.store()).ai.create(issueId, { ...(title ? { title } : {}), provider: settings.kind, model: settings.model || 'none' });
    return { ...created, messageCount: 0 };
  }

  async renameConversation(conversationId: string, title: string): Promise<void> {
    await (await this.services.store()).ai.rename(conversationId, title);
  }

  async deleteConversation(conversationId: string): Promise<void> {
    await (await this.services.store()).ai.delete(conversationId);
  }

  async messages(conversationId: string): Promise<ChatMessageView[]> {
    const store = await this.services.store();
    const [messages, calls] = await Promise.all([store.ai.messages(conversationId), store.aiToolCalls.forConversation(conversationId)]);
    const byMessage = new Map<string, ToolCallView[]>();
    for (const call of calls) byMessage.set(call.userMessageId, [...(byMessage.get(call.userMessageId) ?? []), toolCallView(call)]);
    return messages.filter((m) => m.role !== 'system').map((m) => messageView(m, byMessage.get(m.id)));
  }

  async previewContext(request: SendRequest) {
    // Before the incident's first conversation exists there is no history to measure: the panel shows no line yet.
    if (!request.conversationId) return { items: [], tokens: 0, text: '' };
    // With the draft as it is, even empty: no text would mean "send the last message again" to the gate.
    const prepared = await (await this.services.store()).aiGate.previewContext({ ...this.gateInput(request), text: request.text });
    return {
      items: prepared.context.items.map((item) => ({ label: item.label, tokens: item.tokens })),
      tokens: prepared.context.tokens,
      text: prepared.messages.map((m) => `──── ${m.role} ────\n${m.content}`).join('\n\n'),
    };
  }

  async send(request: SendRequest, onText: (delta: string) => void, signal: AbortSignal, hooks?: ToolHooks): Promise<ChatMessageView> {
    const settings = providerSettings();
    const store = await this.services.store();
    const rounds = maxToolRounds();
    // VS Code's language models are not offered MCP tools here (they take them through vscode.lm's own API).
    const host = settings.kind === 'vscode' || rounds === 0 ? undefined : await this.toolHost();
    // Tools are a help: when they cannot be listed, the question is still answered.
    const offered = await offeredTools(host).catch((error: unknown) => {
      this.services.log.warn(`[ai] MCP tools could not be listed, none offered: ${error instanceof Error ? error.message : String(error)}`);
      return offeredTools(undefined);
    });
    let input = { ...this.gateInput(request, settings), tools: offered.definitions };
    // Built and audited in the worker from redacted text only; the user's message is stored with it.
    let prepared = await store.aiGate.prepareSend(input);
    warnPatternProblems(this.services, prepared.problems);
    const turn: ToolTurn | undefined = prepared.userMessageId && offered.definitions.length
      ? {
          store, host, hooks, offered, signal, conversationId: request.conversationId, userMessageId: prepared.userMessageId, turnId: randomUUID(),
          pii: input.pii, alwaysAllowed: await alwaysAllowedSet(store),
        }
      : undefined;
    const texts: string[] = [];
    let result: ChatResult;
    let budgetSpent: string | undefined;
    let toolsRan = false;
    for (let round = 1; ; round++) {
      if (round > 1 && texts.length) onText('\n\n');
      try {
        result = await sendPrepared(this.services, settings, prepared, onText, signal);
      } catch (error) {
        // A model without tool support refuses a request that offers tools (Ollama: "does not support tools"):
        // ask once more without them rather than fail every question while an MCP server is enabled.
        if (round !== 1 || !input.tools.length || !isAiProviderError(error) || error.kind !== 'badRequest') throw error;
        this.services.log.warn(`[ai] the model refused the request with MCP tools (${error.message}); asking without them`);
        void this.services.ui.showWarningMessage(`TRCAA: The model refused the request offering MCP tools, so it answers without them. ${error.message}`);
        const { text: _text, ...again } = input;
        input = { ...input, tools: [] };
        prepared = await store.aiGate.prepareSend({ ...again, tools: [] });
        result = await sendPrepared(this.services, settings, prepared, onText, signal);
        if (result.text) texts.push(result.text);
        break;
      }
      if (result.text) texts.push(result.text);
      const calls = result.toolCalls ?? [];
      if (!turn || calls.length === 0 || result.incomplete || signal.aborted) break;
      if (round > rounds) {
        budgetSpent = `The model asked for more tools (${calls.map((c) => c.name).join(', ')}) after ${rounds} round${rounds === 1 ? '' : 's'} of tool calls, the limit per answer (trcaa.ai.maxToolRounds): they were not run.`;
        break;
      }
      toolsRan = true;
      for (const call of calls) {
        await runToolCall(turn, round, call);
        if (signal.aborted) break;
      }
      if (signal.aborted) break;
      const { text: _text, ...again } = input;
      prepared = await store.aiGate.prepareSend({ ...again, toolTurnId: turn.turnId });
    }
    const stopped = signal.aborted && toolsRan && !result.incomplete ? 'Stopped during a tool call.' : undefined;
    const reason = result.incompleteReason ?? stopped ?? budgetSpent;
    const stored = await store.ai.appendMessage(request.conversationId, {
      role: 'assistant',
      content: texts.join('\n\n'),
      usage: result.usage,
      incomplete: reason !== undefined,
      ...(reason ? { incompleteReason: reason.slice(0, 500) } : {}),
    });
    return messageView(stored);
  }

  private gateInput(request: SendRequest, settings = providerSettings()) {
    return {
      conversationId: request.conversationId,
      ...(request.text ? { text: request.text } : {}),
      provider: gateProvider(settings),
      context: contextOf(request.text, request.picks),
      pii: piiDetectorOptions(this.services),
    };
  }
}
