// The AI chat: shown in the AI Chat view (chatView.ts, one incident at a time, kept alive while hidden) or in an
// editor tab per incident; either is restored after a window reload from its tiny state ({issueId,
// conversationId, picks, draft}). The panel is a view over a ChatBackend (conversations, messages, the context that
// would be sent, a streamed answer): the backend stores and sends, the panel shows. An answer streams in as HTML
// rendered here (markdown-it, raw HTML off), posted as it arrives; links in it are opened only after a confirmation.
import * as vscode from 'vscode';
import type { UiPort } from '../../views/workbench/ui';
import { changedIssueIds, type ChangeEvent } from '../../views/workbench/changeChannel';
import { errorText, type Reply } from '../host/messages';
import { newNonce, webviewPage } from '../host/webviewPage';
import { WebviewChannel } from '../host/webviewChannel';
import { parseLogRefs } from '../../core/whys/logRefs';
import type { ChatBackend, ChatMessageView, ContextPick, ConversationSummary, ToolApproval, ToolApprovalRequest, ToolCallView, ToolHooks } from './chatBackend';
import { externalLink, renderAnswer } from './chatMarkdown';
import { ASSISTANT_BODY } from './assistantBody';
import { StreamPainter } from './streamPainter';
import type { ChatSurface, ChatView } from './chatView';
import {
  ASSISTANT_VIEW_TYPE,
  assistantViewStateSchema,
  assistantWebviewMessageSchema,
  type AssistantHostMessage,
  type AssistantState,
  type AssistantWebviewMessage,
  type ContextLine,
  type MessageItem,
  type PickItem,
  type ToolCallItem,
} from './assistantProtocol';

export interface AssistantDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  backend: ChatBackend;
  /** Read at each prompt, so a test that swaps the UI port (services.ui) is heard: pass a getter or the services. */
  readonly ui: Pick<UiPort, 'showWarningMessage' | 'showInputBox'>;
  /** The change channel: an open panel's title follows its incident; another window's writes reload it. */
  changes?: { onDidChange: vscode.Event<ChangeEvent> };
  /** vscode.env.openExternal unless a test watches. */
  openExternal?: (uri: vscode.Uri) => Thenable<boolean>;
  /** The AI Chat view, where chats open unless asked for an editor tab (without it, every chat is a tab). */
  view?: ChatView;
}

export interface OpenOptions {
  /** The conversation to show (the incident's latest otherwise). */
  conversationId?: string;
  /** A question to put in the input, not sent. */
  draft?: string;
  /** Log lines to add to the context. */
  picks?: ContextPick[];
  /** An editor tab of its own rather than the AI Chat view. */
  inEditor?: boolean;
}

interface OpenPanel {
  issueId: string;
  title: string;
  conversationId: string | null;
  conversations: ConversationSummary[];
  messages: ChatMessageView[];
  picks: ContextPick[];
  model: string | null;
  streaming?: {
    question: string;
    html: string;
    controller: AbortController;
    tools: ToolCallItem[];
    /** The call waiting for the user, and how to answer it. */
    approval?: { request: ToolApprovalRequest; answer: (decision: ToolApproval) => void };
  };
  error: string | null;
  channel: WebviewChannel<AssistantWebviewMessage, AssistantHostMessage>;
  /** Context previews answer in order: an older one arriving late is dropped. */
  previewSeq: number;
}

const CONTEXT_SCHEME = 'trcaa-ai-context';
const MAX_PICKS = 100;

export class AssistantPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  /** Issue id → where its chat is open (an editor tab, or the view lent to it). */
  readonly panels = new Map<string, ChatSurface>();
  /** Chats whose front end said `ready`. */
  readonly ready = new WeakSet<ChatSurface>();
  private readonly open_ = new WeakMap<ChatSurface, OpenPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** "Show what is sent" documents: uri → text (read-only, served by the content provider). */
  private readonly shown = new Map<string, string>();
  private shownCount = 0;
  /** Chats being opened: a second open meanwhile gets the same one. */
  private readonly opening = new Map<string, Promise<ChatSurface>>();

  constructor(private readonly deps: AssistantDeps) {
    if (deps.changes) this.subscriptions.push(deps.changes.onDidChange((event) => this.onChange(event)));
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(CONTEXT_SCHEME, { provideTextDocumentContent: (uri) => this.shown.get(uri.toString()) }),
      vscode.workspace.onDidCloseTextDocument((document) => this.shown.delete(document.uri.toString())),
    );
  }

  /** The messages last posted to a panel, for tests (the webview's DOM is out of the host's reach). */
  readonly lastMessages = { get: (panel: ChatSurface): (AssistantHostMessage | Reply)[] | undefined => this.open_.get(panel)?.channel.sent };

  /** The state a panel shows now, for tests. */
  stateOf(panel: ChatSurface): AssistantState | undefined {
    const open = this.open_.get(panel);
    return open && this.state(open);
  }

  /** Opens (or reveals) the incident's chat: in the AI Chat view unless `inEditor` (or no view was given). */
  async open(issueId: string, options: OpenOptions = {}): Promise<ChatSurface> {
    let existing = this.panels.get(issueId);
    // Moved from the AI Chat view to a tab: the tab opens first, and the view lets the chat go once the tab's page
    // has started (a page reloading in the view meanwhile would compete for the webviews' service worker).
    const moving = options.inEditor && existing && existing === this.deps.view?.surface ? existing : undefined;
    if (moving) existing = undefined;
    const open = existing && this.open_.get(existing);
    if (existing && open) {
      existing.reveal();
      if (options.picks?.length) this.addPicks(open, options.picks);
      if (options.conversationId && options.conversationId !== open.conversationId) await this.select(open, options.conversationId);
      else await this.sendState(open);
      if (options.draft) await open.channel.post({ type: 'draft', text: options.draft });
      return existing;
    }
    const pending = this.opening.get(issueId);
    if (pending) return pending.then(() => this.open(issueId, options));
    const opening = (async () => {
      const title = await this.deps.backend.issueTitle(issueId);
      if (title === undefined) throw new Error('That incident no longer exists: it may have been deleted.');
      const { view } = this.deps;
      const panel =
        view && !options.inEditor
          ? await view.show()
          : // Scripts and resource roots from the start, rather than set on the new panel (which reloads it).
            vscode.window.createWebviewPanel(ASSISTANT_VIEW_TYPE, titleOf(title), vscode.ViewColumn.Active, { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false });
      if (!panel.webview.options.enableScripts) panel.webview.options = this.webviewOptions();
      await this.attach(panel, issueId, title, options);
      if (moving) void this.whenReady(panel, 15_000).then(() => moving.dispose());
      return panel;
    })();
    this.opening.set(issueId, opening);
    try {
      return await opening;
    } finally {
      this.opening.delete(issueId);
    }
  }

  /** Resolves once the chat's page said ready, or after `ms` (whichever comes first). */
  private whenReady(panel: ChatSurface, ms: number): Promise<void> {
    const end = Date.now() + ms;
    return new Promise((resolve) => {
      const check = () => (this.ready.has(panel) || Date.now() > end ? resolve() : setTimeout(check, 50));
      check();
    });
  }

  /** After a window reload VS Code hands back the panel with the state its page last saved. Never throws. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return this.restore(panel, state);
  }

  /** The AI Chat view's page, empty: how to open a chat. */
  showEmpty(webview: vscode.Webview): void {
    if (!webview.options.enableScripts) webview.options = this.webviewOptions();
    webview.html = webviewPage(webview, this.assets, newNonce(), {
      view: 'notice',
      title: 'AI Chat',
      body: '<main class="assistant-notice"><p><span class="codicon codicon-comment-discussion" aria-hidden="true"></span> No chat open. Right-click an incident in the Issues view and choose <strong>Open AI Chat</strong>, or run <strong>TRCAA: Open AI Chat</strong>.</p></main>',
    });
  }

  /** A chat shown again from the state its page saved (an editor tab, or the AI Chat view). Never throws. */
  async restore(panel: ChatSurface, state: unknown): Promise<void> {
    try {
      const parsed = assistantViewStateSchema.safeParse(state);
      if (!parsed.success) {
        this.deps.log.warn('[assistant] an AI chat panel came back without a readable state');
        return this.notice(panel, 'This AI chat could not be restored: its saved state is unreadable. Close it and open the chat again from the incident.');
      }
      const { issueId, conversationId, picks, draft } = parsed.data;
      if (this.panels.has(issueId)) {
        panel.dispose(); // the incident's chat is already open
        return;
      }
      const title = await this.deps.backend.issueTitle(issueId);
      if (title === undefined) return this.notice(panel, 'This AI chat cannot be restored: its incident no longer exists.');
      // A restored panel keeps the options it was created with; one without them is given them here.
      if (!panel.webview.options.enableScripts) panel.webview.options = this.webviewOptions();
      await this.attach(panel, issueId, title, { ...(conversationId ? { conversationId } : {}), ...(picks ? { picks } : {}), ...(draft ? { draft } : {}) });
    } catch (error) {
      this.deps.log.warn(`[assistant] could not restore an AI chat panel: ${errorText(error)}`);
      this.notice(panel, `This AI chat could not be restored: ${errorText(error)}`);
    }
  }

  /** One raw message as if from the panel's page (tests stand in for the webview): whether it was carried out. */
  async handleMessage(panel: ChatSurface, raw: unknown): Promise<boolean> {
    const open = this.open_.get(panel);
    if (!open) {
      this.deps.log.warn('[assistant] ignored a message for a panel that is not open');
      return false;
    }
    return open.channel.receive(raw);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const panel of this.panels.values()) panel.dispose();
  }

  /** dist/webview: the front end's bundle, the only thing the page may load. */
  private get assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.assets] };
  }

  /** A page with one sentence (ours, static) instead of the chat. */
  private notice(panel: ChatSurface, sentence: string): void {
    panel.title = 'AI Chat';
    if (!panel.webview.options.enableScripts) panel.webview.options = this.webviewOptions();
    panel.webview.html = webviewPage(panel.webview, this.assets, newNonce(), {
      view: 'notice',
      title: 'AI Chat',
      body: `<main class="assistant-notice"><p><span class="codicon codicon-warning" aria-hidden="true"></span> ${escapeText(sentence)}</p></main>`,
    });
  }

  private async attach(panel: ChatSurface, issueId: string, title: string, options: OpenOptions): Promise<void> {
    const open: OpenPanel = {
      issueId,
      title,
      conversationId: null,
      conversations: [],
      messages: [],
      picks: [],
      model: null,
      error: null,
      previewSeq: 0,
      channel: new WebviewChannel<AssistantWebviewMessage, AssistantHostMessage>(
        panel.webview,
        assistantWebviewMessageSchema,
        {
          onReady: async () => {
            this.ready.add(panel);
            open.model = (await this.deps.backend.modelLabel().catch(() => undefined)) ?? null;
            await this.sendState(open);
          },
          onMessage: (message) => this.apply(open, message),
        },
        this.deps.log,
        'assistant',
        new Set(['state', 'stream', 'context']),
      ),
    };
    this.open_.set(panel, open);
    this.panels.set(issueId, panel);
    panel.title = titleOf(title);
    if (options.picks) this.addPicks(open, options.picks);
    panel.onDidDispose(() => {
      open.streaming?.controller.abort();
      open.channel.dispose();
      visibility.dispose();
      if (this.panels.get(issueId) === panel) this.panels.delete(issueId);
    });
    const visibility = panel.onDidChangeViewState(() => {
      if (!panel.visible && !panel.keepsPageWhenHidden) open.channel.pageHidden();
    });
    panel.webview.html = webviewPage(panel.webview, this.assets, newNonce(), { view: 'assistant', title: 'AI Chat', body: ASSISTANT_BODY });
    if (options.draft) void open.channel.post({ type: 'draft', text: options.draft });
    try {
      await this.loadConversations(open, options.conversationId);
    } catch (error) {
      open.error = `The conversations could not be read: ${errorText(error)}`;
    }
    await this.sendState(open); // a page that said ready meanwhile was sent an empty list
  }

  /** Reads the incident's conversations and shows `wanted` (when it still exists), else the one shown, else the latest. */
  private async loadConversations(open: OpenPanel, wanted?: string): Promise<void> {
    open.conversations = await this.deps.backend.listConversations(open.issueId);
    const exists = (id: string | null | undefined) => !!id && open.conversations.some((c) => c.id === id);
    const latest = [...open.conversations].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    open.conversationId = exists(wanted) ? (wanted as string) : exists(open.conversationId) ? open.conversationId : (latest?.id ?? null);
    open.messages = open.conversationId ? await this.deps.backend.messages(open.conversationId) : [];
  }

  private async select(open: OpenPanel, conversationId: string): Promise<void> {
    if (open.streaming) throw new Error('An answer is still coming: stop it before switching conversations.');
    if (!open.conversations.some((c) => c.id === conversationId)) await this.loadConversations(open);
    if (!open.conversations.some((c) => c.id === conversationId)) throw new Error('That conversation no longer exists.');
    open.conversationId = conversationId;
    open.messages = await this.deps.backend.messages(conversationId);
    open.error = null;
    await this.sendState(open);
  }

  private addPicks(open: OpenPanel, picks: ContextPick[]): void {
    const key = (pick: ContextPick) => `${pick.logId}#${pick.startLine ?? ''}-${pick.endLine ?? ''}`;
    const have = new Set(open.picks.map(key));
    for (const pick of picks) {
      if (have.has(key(pick)) || open.picks.length >= MAX_PICKS) continue;
      have.add(key(pick));
      open.picks.push(pick);
    }
  }

  /** One valid request from the page; what it throws is the reply's error. */
  private async apply(open: OpenPanel, message: AssistantWebviewMessage): Promise<unknown> {
    const { backend } = this.deps;
    switch (message.type) {
      case 'send':
        return this.send(open, message.text);
      case 'retry': {
        const question = [...open.messages].reverse().find((m) => m.role === 'user');
        if (!question) throw new Error('There is no question to ask again.');
        return this.send(open, question.content);
      }
      case 'stop':
        open.streaming?.controller.abort();
        return;
      case 'approveTool': {
        const waiting = open.streaming?.approval;
        if (!waiting || waiting.request.callId !== message.callId) throw new Error('That tool call is no longer waiting for an answer.');
        waiting.answer(message.decision);
        return;
      }
      case 'copy': {
        const copied = open.messages.find((m) => m.id === message.messageId);
        if (!copied) throw new Error('That message is no longer shown.');
        await vscode.env.clipboard.writeText(copied.content);
        return;
      }
      case 'newConversation': {
        if (open.streaming) throw new Error('An answer is still coming: stop it before starting a new conversation.');
        const created = await backend.createConversation(open.issueId);
        await this.loadConversations(open, created.id);
        open.error = null;
        await this.sendState(open);
        return;
      }
      case 'selectConversation':
        return this.select(open, message.conversationId);
      case 'renameConversation': {
        const current = open.conversations.find((c) => c.id === open.conversationId);
        if (!current) throw new Error('There is no conversation to rename yet.');
        const title = await this.deps.ui.showInputBox({
          title: 'Rename Conversation',
          prompt: 'The conversation’s title',
          value: current.title,
          validateInput: (value) => (!value.trim() ? 'Give the conversation a title.' : value.length > 200 ? 'At most 200 characters.' : undefined),
        });
        if (title === undefined || !title.trim()) return;
        await backend.renameConversation(current.id, title.trim());
        await this.loadConversations(open);
        await this.sendState(open);
        return;
      }
      case 'deleteConversation': {
        const current = open.conversations.find((c) => c.id === open.conversationId);
        if (!current) throw new Error('There is no conversation to delete.');
        if (open.streaming) throw new Error('An answer is still coming: stop it before deleting the conversation.');
        const answer = await this.deps.ui.showWarningMessage(
          `Delete the conversation “${current.title}”?`,
          { modal: true, detail: current.messageCount === 1 ? 'Its message is deleted from the database.' : `Its ${current.messageCount} messages are deleted from the database.` },
          'Delete',
        );
        if (answer !== 'Delete') return;
        await backend.deleteConversation(current.id);
        open.conversationId = null;
        await this.loadConversations(open);
        open.error = null;
        await this.sendState(open);
        return;
      }
      case 'draft':
        await this.sendContext(open, message.text);
        return;
      case 'showContext': {
        const preview = await backend.previewContext(this.request(open, message.text));
        const uri = vscode.Uri.from({ scheme: CONTEXT_SCHEME, path: `/What is sent — ${open.title.replace(/[/\\]/g, '-')}.md`, query: String(++this.shownCount) });
        this.shown.set(uri.toString(), preview.text);
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        return;
      }
      case 'removePick':
        if (message.index >= open.picks.length) throw new Error('That context item is no longer there.');
        open.picks.splice(message.index, 1);
        await this.sendState(open);
        return;
      case 'openLink':
        return this.openLink(message.href);
      case 'selectModel':
        await vscode.commands.executeCommand('trcaa.ai.selectModel');
        open.model = (await backend.modelLabel().catch(() => undefined)) ?? null;
        await this.sendState(open);
        return;
    }
  }

  private request(open: OpenPanel, text: string) {
    return { issueId: open.issueId, conversationId: open.conversationId ?? '', text, picks: [...open.picks] };
  }

  /** Asks the backend, streaming the answer into the page; resolves once the answer (or the error) is shown. */
  private async send(open: OpenPanel, text: string): Promise<void> {
    if (!text.trim()) throw new Error('Type a question first.');
    if (open.streaming) throw new Error('An answer is still coming: stop it or wait for it.');
    const controller = new AbortController();
    open.streaming = { question: text, html: '', controller, tools: [] };
    open.error = null;
    await this.sendState(open);
    const conversationId = open.conversationId;
    const painter = new StreamPainter((sofar) => {
      if (!open.streaming) return;
      open.streaming.html = renderAnswer(sofar);
      void open.channel.post({ type: 'stream', conversationId: conversationId ?? '', html: open.streaming.html });
    });
    let failure: unknown;
    try {
      if (!open.conversationId) {
        const created = await this.deps.backend.createConversation(open.issueId, titleFrom(text));
        open.conversationId = created.id;
        open.conversations = [...open.conversations, created];
      }
      await this.deps.backend.send(this.request(open, text), (delta) => painter.push(delta), controller.signal, this.toolHooks(open));
    } catch (error) {
      failure = error;
      open.error = controller.signal.aborted ? null : errorText(error);
    } finally {
      painter.finish();
      open.streaming = undefined;
    }
    // The stored messages are the truth: the question, and the answer (whole, or what arrived, marked incomplete).
    await this.loadConversations(open).catch((error: unknown) => (open.error ??= `The conversation could not be read: ${errorText(error)}`));
    await this.sendState(open);
    if (failure !== undefined && !controller.signal.aborted) throw failure;
  }

  /** The tool loop's side of the panel: an approval shown in the chat until answered (or Stop), each call as it is stored. */
  private toolHooks(open: OpenPanel): ToolHooks {
    return {
      approve: (request, signal) =>
        new Promise<ToolApproval>((resolve) => {
          const streaming = open.streaming;
          if (!streaming || signal.aborted) return resolve('deny');
          const answer = (decision: ToolApproval) => {
            signal.removeEventListener('abort', onAbort);
            if (streaming.approval?.request === request) streaming.approval = undefined;
            resolve(decision);
            void this.sendState(open);
          };
          const onAbort = () => answer('deny');
          signal.addEventListener('abort', onAbort);
          streaming.approval = { request, answer };
          void this.sendState(open);
        }),
      onToolCall: (call) => {
        open.streaming?.tools.push(toolCallItem(call));
        void this.sendState(open);
      },
    };
  }

  private async openLink(href: string): Promise<void> {
    const [ref] = parseLogRefs(href);
    if (ref && ref.start === 0 && ref.end === href.length) {
      await vscode.commands.executeCommand('trcaa.openLogLines', { logFileId: ref.logFileId, startLine: ref.startLine, endLine: ref.endLine });
      return;
    }
    const url = externalLink(href);
    if (!url) throw new Error('Only web and mail links open from the chat.');
    const answer = await this.deps.ui.showWarningMessage(`Open ${url.href}?`, { modal: true, detail: 'The link is from the AI’s answer: check where it goes.' }, 'Open');
    if (answer !== 'Open') return;
    await (this.deps.openExternal ?? vscode.env.openExternal)(vscode.Uri.parse(url.href, true));
  }

  private async sendContext(open: OpenPanel, text: string): Promise<void> {
    const seq = ++open.previewSeq;
    let context: ContextLine;
    try {
      const preview = await this.deps.backend.previewContext(this.request(open, text));
      context = { ok: true, summary: contextSummary(preview.items.length, preview.tokens), items: preview.items };
    } catch (error) {
      context = { ok: false, summary: `Context: ${errorText(error)}`, items: [] };
    }
    if (seq === open.previewSeq) await open.channel.post({ type: 'context', context });
  }

  private state(open: OpenPanel): AssistantState {
    const last = open.messages[open.messages.length - 1];
    return {
      issue: { id: open.issueId, title: open.title },
      model: open.model,
      conversations: open.conversations.map((c) => ({ id: c.id, title: c.title, messageCount: c.messageCount })),
      conversationId: open.conversationId,
      messages: open.messages.map(messageItem),
      picks: open.picks.map(pickItem),
      streaming: open.streaming
        ? { question: open.streaming.question, html: open.streaming.html, tools: [...open.streaming.tools], approval: open.streaming.approval ? { ...open.streaming.approval.request } : null }
        : null,
      error: open.error,
      canRetry: !open.streaming && !!last && (last.role === 'assistant' || open.error !== null) && open.messages.some((m) => m.role === 'user'),
    };
  }

  private async sendState(open: OpenPanel): Promise<void> {
    if (!open.channel.isReady) return; // sent on ready
    await open.channel.post({ type: 'state', state: this.state(open) });
  }

  /** A write to an incident with an open chat (its title, its conversations written elsewhere) or from another window. */
  private onChange(event: ChangeEvent): void {
    const issues = changedIssueIds(event);
    for (const [issueId, panel] of this.panels) {
      const open = this.open_.get(panel);
      if (!open || (!event.external && !issues.has(issueId))) continue;
      void (async () => {
        const title = await this.deps.backend.issueTitle(issueId);
        if (title === undefined) return panel.dispose(); // the incident was deleted
        open.title = title;
        panel.title = titleOf(title);
        // Mid-answer the stored messages are read once it ends.
        if (!open.streaming) await this.loadConversations(open);
        await this.sendState(open);
      })().catch((error: unknown) => this.deps.log.warn(`[assistant] could not refresh a chat panel: ${errorText(error)}`));
    }
  }
}

const titleOf = (issueTitle: string) => `AI Chat — ${issueTitle.length > 60 ? `${issueTitle.slice(0, 59)}…` : issueTitle}`;

/** A new conversation is titled by its first question (the person can rename it). */
export const titleFrom = (question: string): string => {
  const line = question.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || 'Conversation';
};

const count = (n: number) => n.toLocaleString('en-US');

export const contextSummary = (items: number, tokens: number): string => `Context: ${count(items)} item${items === 1 ? '' : 's'}, ~${count(tokens)} tokens`;

export function messageItem(message: ChatMessageView): MessageItem {
  const tokens = message.tokenCount > 0 ? `${message.estimated ? '~' : ''}${count(message.tokenCount)} token${message.tokenCount === 1 ? '' : 's'}` : '';
  return {
    id: message.id,
    role: message.role,
    text: message.role === 'user' ? message.content : '',
    html: message.role === 'assistant' ? renderAnswer(message.content) : '',
    tokens,
    incomplete: message.incomplete ? `incomplete: ${message.incompleteReason || 'the answer was cut'}` : null,
    tools: (message.toolCalls ?? []).map(toolCallItem),
  };
}

const OUTCOME_WORDS: Record<ToolCallView['outcome'], string> = { ok: 'ok', error: 'the tool reported an error', denied: 'denied', failed: 'failed', cancelled: 'stopped' };

export function toolCallItem(call: ToolCallView): ToolCallItem {
  const ran = call.outcome === 'ok' || call.outcome === 'error' || call.outcome === 'failed';
  return {
    label: `${call.tool} · ${call.server}`,
    status: `${OUTCOME_WORDS[call.outcome]}${ran ? `, ${count(call.durationMs)} ms` : ''}`,
    outcome: call.outcome,
    arguments: call.arguments,
    result: call.result,
  };
}

function pickItem(pick: ContextPick): PickItem {
  const lines = pick.startLine === undefined ? '' : pick.endLine === undefined || pick.endLine === pick.startLine ? ` L${pick.startLine}` : ` L${pick.startLine}–${pick.endLine}`;
  return { pick, label: `log ${pick.logId.slice(0, 8)}${lines}` };
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
