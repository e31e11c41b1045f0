// The AI chat panel inside a real VS Code, over a fake ChatBackend (scripted answers streamed with delays): its real
// front end loads under the CSP; a question streams its answer in order, painted at once and then as it comes, and
// the stored reply is what stays; Stop keeps the partial answer marked incomplete; a backend's error is shown in
// its words; HTML in an answer is text; invalid messages change nothing; links open only after a confirmation; the
// panel comes back from its saved state (and says so clearly when it cannot).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AssistantPanels, type ChatSurface } from '../../../src/webview/assistant';
import type { AssistantHostMessage, AssistantState } from '../../../src/webview/assistant/assistantProtocol';
import { ASSISTANT_VIEW_TYPE } from '../../../src/webview/assistant/assistantProtocol';
import type { ChatBackend, ChatMessageView, ContextPick, ConversationSummary, SendRequest } from '../../../src/webview/assistant/chatBackend';
import { renderAnswer } from '../../../src/webview/assistant/chatMarkdown';
import type { Reply } from '../../../src/webview/host/messages';
import type { ChangeEvent } from '../../../src/views/workbench/changeChannel';
import type { UiPort } from '../../../src/views/workbench/ui';
import { until, WEBVIEW_START_MS } from './until';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Script {
  deltas: string[];
  /** Between pieces. */
  delayMs?: number;
  /** Rejects with this message (after the deltas) instead of answering. */
  error?: string;
  tokens?: number;
  estimated?: boolean;
}

/** An in-memory backend: conversations and messages in maps, answers scripted per question. */
class FakeBackend implements ChatBackend {
  readonly conversations = new Map<string, ConversationSummary>();
  readonly stored = new Map<string, ChatMessageView[]>();
  readonly sent: SendRequest[] = [];
  readonly previews: SendRequest[] = [];
  /** Deltas handed to onText, in order, per send. */
  readonly handed: string[][] = [];
  scripts: Script[] = [];
  model: string | undefined = 'Fake · scripted-1';
  titles = new Map<string, string>();
  private next = 1;
  private clock = 0;

  private id(prefix: string) {
    return `${prefix}-${this.next++}`;
  }
  private now() {
    return new Date(Date.UTC(2026, 0, 1, 0, 0, this.clock++)).toISOString();
  }
  async issueTitle(issueId: string) {
    return this.titles.get(issueId);
  }
  async modelLabel() {
    return this.model;
  }
  async listConversations(issueId: string) {
    return [...this.conversations.values()].filter((c) => c.issueId === issueId).map((c) => ({ ...c, messageCount: this.stored.get(c.id)?.length ?? 0 }));
  }
  async createConversation(issueId: string, title?: string) {
    const conversation = { id: this.id('conv'), issueId, title: title ?? 'New conversation', provider: 'fake', model: 'scripted-1', createdAt: this.now(), messageCount: 0 };
    this.conversations.set(conversation.id, conversation);
    this.stored.set(conversation.id, []);
    return conversation;
  }
  async renameConversation(conversationId: string, title: string) {
    const conversation = this.conversations.get(conversationId);
    if (conversation) conversation.title = title;
  }
  async deleteConversation(conversationId: string) {
    this.conversations.delete(conversationId);
    this.stored.delete(conversationId);
  }
  async messages(conversationId: string) {
    return [...(this.stored.get(conversationId) ?? [])];
  }
  async previewContext(request: SendRequest) {
    this.previews.push(request);
    const items = [
      { label: 'Incident fields', tokens: 200 },
      { label: '5 Whys and timeline', tokens: 1000 },
      { label: 'Error lines of app.log', tokens: 5000 },
    ];
    return { items, tokens: 6200, text: `[redacted context for: ${request.text}]\npicks: ${JSON.stringify(request.picks)}` };
  }
  private store(conversationId: string, message: Omit<ChatMessageView, 'id' | 'createdAt'>) {
    const stored = { ...message, id: this.id('msg'), createdAt: this.now() };
    this.stored.get(conversationId)?.push(stored);
    return stored;
  }
  async send(request: SendRequest, onText: (delta: string) => void, signal: AbortSignal) {
    this.sent.push(request);
    this.store(request.conversationId, { role: 'user', content: request.text, tokenCount: 0, estimated: false, incomplete: false });
    const script = this.scripts.shift() ?? { deltas: ['ok'] };
    const handed: string[] = [];
    this.handed.push(handed);
    let text = '';
    for (const delta of script.deltas) {
      if (signal.aborted) break;
      await sleep(script.delayMs ?? 5);
      if (signal.aborted) break;
      handed.push(delta);
      text += delta;
      onText(delta);
    }
    if (script.error && !signal.aborted) throw new Error(script.error);
    return this.store(request.conversationId, {
      role: 'assistant',
      content: text,
      tokenCount: script.tokens ?? 0,
      estimated: script.estimated ?? false,
      incomplete: signal.aborted,
      ...(signal.aborted ? { incompleteReason: 'stopped' } : {}),
    });
  }
}

describe('AI chat panel (webview over a ChatBackend)', function () {
  this.timeout(120_000);
  let backend: FakeBackend;
  let panels: AssistantPanels;
  let log: vscode.LogOutputChannel;
  const prompts: { kind: string; message: string }[] = [];
  let answer: string | undefined;
  let inputAnswer: string | undefined;
  const opened: vscode.Uri[] = [];
  let issueCount = 0;
  const changes = new vscode.EventEmitter<ChangeEvent>();

  const ui = {
    showWarningMessage: (async (message: string) => {
      prompts.push({ kind: 'warning', message });
      return answer;
    }) as unknown as UiPort['showWarningMessage'],
    showInputBox: (async (options?: vscode.InputBoxOptions) => {
      prompts.push({ kind: 'input', message: options?.value ?? '' });
      return inputAnswer;
    }) as unknown as UiPort['showInputBox'],
  };

  before(() => {
    const extension = vscode.extensions.getExtension('trcaa.trcaa');
    assert.ok(extension);
    log = vscode.window.createOutputChannel('TRCAA assistant test', { log: true });
    backend = new FakeBackend();
    panels = new AssistantPanels({
      extensionUri: extension.extensionUri,
      log,
      backend,
      ui,
      changes: { onDidChange: changes.event },
      openExternal: async (uri) => {
        opened.push(uri);
        return true;
      },
    });
  });

  after(async () => {
    panels.dispose();
    changes.dispose();
    log.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const newIssue = (title: string) => {
    const issueId = `issue-${++issueCount}`;
    backend.titles.set(issueId, title);
    return issueId;
  };

  const messages = (panel: ChatSurface) => panels.lastMessages.get(panel) ?? [];
  const lastState = (panel: ChatSurface): AssistantState | undefined =>
    [...messages(panel)].reverse().find((m): m is Extract<AssistantHostMessage, { type: 'state' }> => m.type === 'state')?.state;
  const streamed = (panel: ChatSurface) => messages(panel).filter((m): m is Extract<AssistantHostMessage, { type: 'stream' }> => m.type === 'stream');
  const replyTo = (panel: ChatSurface, id: number) => messages(panel).find((m): m is Reply => m.type === 'reply' && m.id === id);

  /** Opens the incident's chat and waits until its real front end said `ready` and was sent its state. */
  async function openPanel(issueId: string, options?: Parameters<AssistantPanels['open']>[1]) {
    const panel = await panels.open(issueId, options);
    await until('the chat page to say ready (its script loaded under the CSP)', () => (panels.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    await until('the state sent in answer', () => lastState(panel));
    return panel;
  }

  it('opens for an incident, streams an answer in order (first piece painted at once) and shows the stored reply with its tokens', async () => {
    const issueId = newIssue('Checkout 502s');
    const [opened1, opened2] = await Promise.all([panels.open(issueId), panels.open(issueId)]);
    assert.equal(opened1, opened2, 'two opens at once give one panel');
    const panel = await openPanel(issueId);
    assert.equal(panel, opened1);
    assert.equal((panel as vscode.WebviewPanel).viewType, ASSISTANT_VIEW_TYPE, 'an editor tab: no view was given');
    assert.equal(panel.title, 'AI Chat — Checkout 502s');
    assert.match(panel.webview.html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'nonce-[^']+'/);
    assert.match(panel.webview.html, /<body data-view="assistant">/);
    const first = lastState(panel);
    assert.deepEqual([first?.issue, first?.model, first?.conversations, first?.conversationId, first?.messages], [{ id: issueId, title: 'Checkout 502s' }, 'Fake · scripted-1', [], null, []]);
    // The real page drew the state and then asked for the context line of its (empty) input.
    await until('the page to ask for the context line', () => backend.previews.find((p) => p.issueId === issueId && p.text === ''));

    const deltas = ['The gateway **timed', ' out**: see log:abc#L2', ' and the pool', ' graph.'];
    backend.scripts.push({ deltas, delayMs: 60, tokens: 1234 });
    const sending = panels.handleMessage(panel, { type: 'send', text: 'Why did checkout return 502?\nSince 14:02.', id: 7 });
    // The first piece is painted as soon as it arrives: its stream message carries exactly it.
    const firstPaint = await until('the first piece painted', () => streamed(panel)[0]);
    assert.equal(firstPaint.html, renderAnswer(deltas[0] as string));
    const during = lastState(panel);
    assert.equal(during?.streaming?.question, 'Why did checkout return 502?\nSince 14:02.', 'the question shows while the answer comes');
    assert.equal(during?.canRetry, false);
    assert.equal(await sending, true);
    assert.deepEqual(replyTo(panel, 7), { type: 'reply', id: 7, ok: true });

    // Every paint shows the answer so far, in the order the pieces came, ending with the whole answer.
    const paints = streamed(panel).map((m) => m.html);
    assert.deepEqual(backend.handed[0], deltas);
    const prefixes = deltas.map((_, i) => renderAnswer(deltas.slice(0, i + 1).join('')));
    let at = -1;
    for (const html of paints) {
      const index = prefixes.indexOf(html);
      assert.ok(index > at, `paints in order, each the answer so far: ${html}`);
      at = index;
    }
    assert.equal(at, deltas.length - 1, 'the last paint is the whole answer');

    const done = await until('the stored reply shown', () => (lastState(panel)?.streaming === null && lastState(panel)?.messages.length === 2 ? lastState(panel) : undefined));
    const conversation = [...backend.conversations.values()].find((c) => c.issueId === issueId);
    assert.equal(conversation?.title, 'Why did checkout return 502?', 'a new conversation is titled by its first line');
    assert.equal(done.conversationId, conversation?.id);
    assert.deepEqual(done.conversations, [{ id: conversation?.id, title: 'Why did checkout return 502?', messageCount: 2 }]);
    const [question, reply] = done.messages;
    assert.deepEqual([question?.role, question?.text, question?.html], ['user', 'Why did checkout return 502?\nSince 14:02.', '']);
    assert.equal(reply?.role, 'assistant');
    assert.equal(reply?.html, '<p>The gateway <strong>timed out</strong>: see <a href="log:abc#L2" class="log-ref">log:abc#L2</a> and the pool graph.</p>\n');
    assert.equal(reply?.tokens, '1,234 tokens');
    assert.equal(reply?.incomplete, null);
    assert.equal(done.canRetry, true);
    assert.equal(backend.sent[0]?.conversationId, conversation?.id);
    assert.equal(backend.sent[0]?.issueId, issueId);

    // An estimate is flagged.
    backend.scripts.push({ deltas: ['Short.'], tokens: 56, estimated: true });
    assert.equal(await panels.handleMessage(panel, { type: 'send', text: 'And then?' }), true);
    const estimated = await until('the second reply', () => (lastState(panel)?.messages.length === 4 ? lastState(panel) : undefined));
    assert.equal(estimated.messages[3]?.tokens, '~56 tokens');
    assert.equal(backend.sent[1]?.conversationId, conversation?.id, 'the same conversation goes on');

    // Copy puts the stored Markdown on the clipboard.
    assert.equal(await panels.handleMessage(panel, { type: 'copy', messageId: reply?.id }), true);
    assert.equal(await vscode.env.clipboard.readText(), deltas.join(''));
  });

  it('Stop keeps the partial answer, marked incomplete; Retry asks the question again', async () => {
    const issueId = newIssue('Stop me');
    const panel = await openPanel(issueId);
    backend.scripts.push({ deltas: ['First part.', ' Second part.', ' Third part.', ' Fourth part.'], delayMs: 400 });
    const sending = panels.handleMessage(panel, { type: 'send', text: 'Explain slowly' });
    await until('the first piece', () => streamed(panel)[0]);
    assert.equal(lastState(panel)?.streaming !== null, true);
    assert.equal(await panels.handleMessage(panel, { type: 'stop' }), true);
    assert.equal(await sending, true, 'a stopped answer is not an error');
    const stopped = await until('the stopped answer stored', () => (lastState(panel)?.messages.length === 2 ? lastState(panel) : undefined));
    assert.equal(stopped.streaming, null);
    assert.equal(stopped.error, null);
    assert.equal(stopped.messages[1]?.incomplete, 'incomplete: stopped');
    assert.match(stopped.messages[1]?.html ?? '', /First part\./);
    assert.ok(!(stopped.messages[1]?.html ?? '').includes('Fourth'), 'nothing after the stop');
    assert.ok((backend.handed[backend.handed.length - 1]?.length ?? 0) < 4);

    backend.scripts.push({ deltas: ['Whole answer.'] });
    assert.equal(await panels.handleMessage(panel, { type: 'retry' }), true);
    const retried = await until('the retried answer', () => (lastState(panel)?.messages.length === 4 ? lastState(panel) : undefined));
    assert.equal(backend.sent[backend.sent.length - 1]?.text, 'Explain slowly');
    assert.equal(retried.messages[3]?.html, '<p>Whole answer.</p>\n');
    assert.equal(retried.messages[3]?.incomplete, null);
  });

  it('shows the backend\'s error in its words, keeps what is stored and offers Retry', async () => {
    const issueId = newIssue('Errors');
    const panel = await openPanel(issueId);
    const message = 'The AI provider refused the API key (401): set it again with TRCAA: Select AI Model….';
    backend.scripts.push({ deltas: [], error: message });
    assert.equal(await panels.handleMessage(panel, { type: 'send', text: 'Hello?', id: 3 }), false);
    const reply = replyTo(panel, 3);
    assert.deepEqual([reply?.ok, reply?.error], [false, message]);
    const shown = await until('the error shown', () => (lastState(panel)?.error ? lastState(panel) : undefined));
    assert.equal(shown.error, message);
    assert.equal(shown.streaming, null);
    assert.deepEqual(shown.messages.map((m) => m.role), ['user'], 'the question stays, as the backend stored it');
    assert.equal(shown.canRetry, true);

    // A blank question is refused with a sentence, and nothing is sent.
    const sends = backend.sent.length;
    assert.equal(await panels.handleMessage(panel, { type: 'send', text: '  \n ', id: 4 }), false);
    assert.equal(replyTo(panel, 4)?.error, 'Type a question first.');
    assert.equal(backend.sent.length, sends);

    // Retry succeeds and clears the error.
    backend.scripts.push({ deltas: ['Back.'] });
    assert.equal(await panels.handleMessage(panel, { type: 'retry' }), true);
    const recovered = await until('the answer after the retry', () => (lastState(panel)?.messages.length === 3 ? lastState(panel) : undefined));
    assert.equal(recovered.error, null);
  });

  it('shows HTML in an answer as text, while streaming and stored', async () => {
    const issueId = newIssue('<script>alert(1)</script>');
    const panel = await openPanel(issueId);
    assert.equal(panel.title, 'AI Chat — <script>alert(1)</script>', 'the tab title is text');
    assert.equal(lastState(panel)?.issue.title, '<script>alert(1)</script>');
    backend.scripts.push({ deltas: ['Try <img src=x onerror=alert(1)>', ' or <script>alert(2)</script>', ' ![p](https://tracker.example/p.png)'] });
    assert.equal(await panels.handleMessage(panel, { type: 'send', text: '<b>bold?</b>' }), true);
    const state = await until('the reply', () => (lastState(panel)?.messages.length === 2 ? lastState(panel) : undefined));
    const html = state.messages[1]?.html ?? '';
    for (const painted of [...streamed(panel).map((m) => m.html), html]) assert.ok(!/<img|<script/i.test(painted), painted);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.deepEqual([state.messages[0]?.text, state.messages[0]?.html], ['<b>bold?</b>', ''], 'the person\'s text is sent as text, for textContent');
  });

  it('refuses invalid messages and changes nothing', async () => {
    const issueId = newIssue('Invalid');
    const panel = await openPanel(issueId);
    const before = [backend.sent.length, backend.conversations.size];
    for (const bad of [
      { type: 'send' },
      { type: 'send', text: 5 },
      { type: 'send', text: 'x'.repeat(100_001) },
      { type: 'send', text: 'hi', extra: true },
      { type: 'copy', messageId: '' },
      { type: 'removePick', index: -1 },
      { type: 'openLink', href: '' },
      { type: 'drop table' },
      'send',
      null,
    ]) {
      assert.equal(await panels.handleMessage(panel, bad), false, JSON.stringify(bad)?.slice(0, 80));
    }
    assert.equal(await panels.handleMessage(panel, { type: 'send', text: 'secret question', extra: 1, id: 12 }), false);
    const refused = replyTo(panel, 12);
    assert.equal(refused?.ok, false);
    assert.ok(!JSON.stringify(refused).includes('secret question'), 'the refusal does not echo the text');
    assert.equal(await panels.handleMessage(panel, { type: 'copy', messageId: 'msg-none', id: 13 }), false);
    assert.equal(replyTo(panel, 13)?.error, 'That message is no longer shown.');
    assert.deepEqual([backend.sent.length, backend.conversations.size], before);
  });

  it('opens a link only after a confirmation, refuses other schemes, and shows the context that would be sent', async () => {
    const issueId = newIssue('Links and context');
    const picks: ContextPick[] = [{ kind: 'log', logId: 'log-0123456789', startLine: 10, endLine: 20 }];
    const panel = await openPanel(issueId, { picks, draft: 'Why the pool?' });
    assert.deepEqual(lastState(panel)?.picks, [{ pick: picks[0], label: 'log log-0123 L10–20' }]);
    await until('the draft sent to the input', () => messages(panel).find((m) => m.type === 'draft' && m.text === 'Why the pool?'));

    answer = undefined;
    assert.equal(await panels.handleMessage(panel, { type: 'openLink', href: 'https://status.example.com/incidents/1' }), true);
    assert.deepEqual(prompts.pop(), { kind: 'warning', message: 'Open https://status.example.com/incidents/1?' });
    assert.deepEqual(opened, [], 'not opened when the person says no');
    answer = 'Open';
    assert.equal(await panels.handleMessage(panel, { type: 'openLink', href: 'https://status.example.com/incidents/1' }), true);
    assert.deepEqual(opened.map(String), ['https://status.example.com/incidents/1']);
    for (const href of ['javascript:alert(1)', 'command:workbench.action.quit', 'file:///etc/passwd']) {
      assert.equal(await panels.handleMessage(panel, { type: 'openLink', href, id: 21 }), false, href);
    }
    assert.equal(replyTo(panel, 21)?.error, 'Only web and mail links open from the chat.');
    assert.equal(opened.length, 1);
    answer = undefined;

    // The context line: what the backend would send for the text typed, with the picks.
    assert.equal(await panels.handleMessage(panel, { type: 'draft', text: 'Why the pool?' }), true);
    const context = await until('the context line', () => [...messages(panel)].reverse().find((m): m is Extract<AssistantHostMessage, { type: 'context' }> => m.type === 'context'));
    assert.equal(context.context.summary, 'Context: 3 items, ~6,200 tokens');
    const preview = backend.previews[backend.previews.length - 1];
    assert.deepEqual(preview, { issueId, conversationId: '', text: 'Why the pool?', picks });

    // Show what is sent: the exact text, read-only, beside the chat.
    assert.equal(await panels.handleMessage(panel, { type: 'showContext', text: 'Why the pool?' }), true);
    const editor = await until('the context document', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'trcaa-ai-context' ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.getText(), `[redacted context for: Why the pool?]\npicks: ${JSON.stringify(picks)}`);

    // A pick taken out is no longer sent.
    assert.equal(await panels.handleMessage(panel, { type: 'removePick', index: 0 }), true);
    assert.deepEqual(lastState(panel)?.picks, []);
    backend.scripts.push({ deltas: ['ok'] });
    assert.equal(await panels.handleMessage(panel, { type: 'send', text: 'Now?' }), true);
    assert.deepEqual(backend.sent[backend.sent.length - 1]?.picks, []);
  });

  it('keeps several titled conversations: new, switch, rename, delete after a confirmation', async () => {
    const issueId = newIssue('Conversations');
    const panel = await openPanel(issueId);
    backend.scripts.push({ deltas: ['one'] });
    await panels.handleMessage(panel, { type: 'send', text: 'First topic' });
    const firstId = lastState(panel)?.conversationId;
    assert.ok(firstId);
    assert.equal(await panels.handleMessage(panel, { type: 'newConversation' }), true);
    const second = lastState(panel);
    assert.notEqual(second?.conversationId, firstId);
    assert.deepEqual(second?.messages, []);
    assert.equal(second?.conversations.length, 2);

    assert.equal(await panels.handleMessage(panel, { type: 'selectConversation', conversationId: firstId }), true);
    assert.equal(lastState(panel)?.conversationId, firstId);
    assert.equal(lastState(panel)?.messages.length, 2);

    inputAnswer = 'Pool sizing';
    assert.equal(await panels.handleMessage(panel, { type: 'renameConversation' }), true);
    assert.deepEqual(prompts.pop(), { kind: 'input', message: 'First topic' });
    assert.equal(lastState(panel)?.conversations.find((c) => c.id === firstId)?.title, 'Pool sizing');
    assert.equal(backend.conversations.get(firstId)?.title, 'Pool sizing');

    answer = undefined;
    assert.equal(await panels.handleMessage(panel, { type: 'deleteConversation' }), true);
    assert.match(prompts.pop()?.message ?? '', /^Delete the conversation “Pool sizing”\?$/);
    assert.ok(backend.conversations.has(firstId), 'kept when not confirmed');
    answer = 'Delete';
    assert.equal(await panels.handleMessage(panel, { type: 'deleteConversation' }), true);
    assert.ok(!backend.conversations.has(firstId));
    assert.equal(lastState(panel)?.conversations.length, 1);
    assert.equal(lastState(panel)?.conversationId, second?.conversationId, 'the other conversation is shown');
    answer = undefined;
    assert.equal(await panels.handleMessage(panel, { type: 'selectConversation', conversationId: firstId, id: 31 }), false);
    assert.equal(replyTo(panel, 31)?.error, 'That conversation no longer exists.');
  });

  it('comes back from its saved state after a reload, and says clearly when it cannot', async () => {
    const issueId = newIssue('Restored');
    const a = await backend.createConversation(issueId, 'Older');
    const b = await backend.createConversation(issueId, 'Newer');
    await backend.send({ issueId, conversationId: a.id, text: 'Old question', picks: [] }, () => undefined, new AbortController().signal);
    const picks: ContextPick[] = [{ kind: 'log', logId: 'log-9', startLine: 3 }];

    // As VS Code hands back a panel after a reload: a bare panel and the state the page saved.
    const restored = vscode.window.createWebviewPanel(ASSISTANT_VIEW_TYPE, 'AI', vscode.ViewColumn.Active, {});
    await panels.deserializeWebviewPanel(restored, { issueId, conversationId: a.id, picks, draft: 'half a question' });
    assert.equal(panels.panels.get(issueId), restored);
    await until('the restored page ready', () => (panels.ready.has(restored) ? true : undefined), WEBVIEW_START_MS);
    const state = await until('the restored state', () => (lastState(restored)?.messages.length === 2 ? lastState(restored) : undefined));
    assert.equal(restored.title, 'AI Chat — Restored');
    assert.equal(state.conversationId, a.id, 'the conversation it showed, not the latest');
    assert.deepEqual(state.picks.map((p) => p.pick), picks);
    assert.equal(state.messages[0]?.text, 'Old question');
    // Queued for the page until it said ready, and sent after its state.
    await until('the draft sent to the page', () => messages(restored).find((m) => m.type === 'draft' && m.text === 'half a question'));
    // The real page put the draft in its input and asked for that question's context line.
    await until('the page to preview the restored draft', () => backend.previews.find((p) => p.issueId === issueId && p.text === 'half a question' && p.conversationId === a.id));

    // Opening the incident's chat again reveals the restored panel; without a saved conversation, the latest shows.
    assert.equal(await panels.open(issueId), restored);
    restored.dispose();
    const fresh = await openPanel(issueId);
    assert.equal(lastState(fresh)?.conversationId, b.id);
    fresh.dispose();

    // Unreadable state, and an incident that is gone: a clear sentence in the panel, nothing thrown.
    for (const [state, sentence] of [
      [{ conversationId: 'x' }, /could not be restored: its saved state is unreadable/],
      [undefined, /could not be restored: its saved state is unreadable/],
      [{ issueId: 'issue-gone' }, /cannot be restored: its incident no longer exists/],
    ] as const) {
      const broken = vscode.window.createWebviewPanel(ASSISTANT_VIEW_TYPE, 'AI', vscode.ViewColumn.Active, {});
      await panels.deserializeWebviewPanel(broken, state);
      assert.match(broken.webview.html, sentence);
      assert.match(broken.webview.html, /content="default-src 'none'/);
      assert.ok(![...panels.panels.values()].includes(broken));
      broken.dispose();
    }
  });

  it('follows the change channel: the incident renamed, conversations written elsewhere, the incident deleted', async () => {
    const issueId = newIssue('Before');
    const other = newIssue('Untouched');
    const panel = await openPanel(issueId);

    // A change to another incident leaves this one alone (once the page's own context line came).
    await until('the context line', () => messages(panel).find((m) => m.type === 'context'));
    await sleep(400);
    const sent = messages(panel).length;
    changes.fire({ changes: [{ entity: 'step', kind: 'created', ids: ['s1'], issueId: other }], external: false });
    await sleep(300);
    assert.equal(messages(panel).length, sent, 'nothing sent to a panel whose incident did not change');

    backend.titles.set(issueId, 'After');
    changes.fire({ changes: [{ entity: 'issue', kind: 'updated', ids: [issueId] }], external: false });
    await until('the tab to follow the title', () => (panel.title === 'AI Chat — After' ? true : undefined));
    await until('the state to follow the title', () => (lastState(panel)?.issue.title === 'After' ? true : undefined));

    // Another window started a conversation: an external change reloads what is shown.
    const elsewhere = await backend.createConversation(issueId, 'From another window');
    changes.fire({ changes: [], external: true });
    const reloaded = await until('the conversation from elsewhere', () => (lastState(panel)?.conversations.length === 1 ? lastState(panel) : undefined));
    assert.deepEqual(reloaded.conversations[0], { id: elsewhere.id, title: 'From another window', messageCount: 0 });
    assert.equal(reloaded.conversationId, elsewhere.id);

    // The incident deleted: its chat closes.
    backend.titles.delete(issueId);
    const closed = new Promise<void>((resolve) => panel.onDidDispose(() => resolve()));
    changes.fire({ changes: [{ entity: 'issue', kind: 'deleted', ids: [issueId] }], external: false });
    await closed;
    assert.equal(panels.panels.has(issueId), false);
  });
});
