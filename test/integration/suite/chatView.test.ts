// The AI Chat view in a real extension host: Open AI Chat shows the incident's chat in the view (kept alive while
// hidden), another incident takes the view over, Open AI Chat in Editor moves the chat to a tab of its own, and a
// deleted incident leaves the view saying how to open a chat.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { ASSISTANT_VIEW_TYPE } from '../../../src/views/workbench/viewTypes';
import { until, WEBVIEW_START_MS } from './until';

describe('the AI Chat view (real extension host)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let store: RemoteStore;
  let assistant: Awaited<ReturnType<TestApi['assistant']>>;

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    store = await api.store();
    assistant = await api.assistant();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  const stateShown = (issueId: string) =>
    until(`the view to show the chat of ${issueId}`, () => {
      const surface = assistant.chatView.surface;
      return surface && assistant.panels.ready.has(surface) && assistant.panels.stateOf(surface)?.issue.id === issueId ? surface : undefined;
    }, WEBVIEW_START_MS);

  it('Open AI Chat shows the incident in the view; another incident takes it over; hidden and shown again it is the same page', async () => {
    const first = await store.issues.create({ title: 'Payments 503s', severity: 'high' });
    const second = await store.issues.create({ title: 'Search latency', severity: 'medium' });

    assert.equal(await vscode.commands.executeCommand('trcaa.ai.openChat', first.id), first.id);
    const surface = await stateShown(first.id);
    assert.equal(assistant.panels.panels.get(first.id), surface, 'the chat is the view, not an editor tab');
    assert.equal(surface.title, 'AI Chat — Payments 503s', 'the view names its incident');
    assert.ok(!vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview)), 'no editor tab opened');
    const page = surface.webview.html;
    assert.match(page, /<body data-view="assistant">/);

    // Hidden, then asked for again: the same chat, its page not written again (kept alive while hidden).
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await until('the view hidden', () => (surface.visible ? undefined : true));
    assert.equal(await vscode.commands.executeCommand('trcaa.ai.openChat', first.id), first.id);
    await until('the view shown again', () => (surface.visible ? true : undefined));
    assert.equal(assistant.chatView.surface, surface);
    assert.equal(surface.webview.html, page, 'the page was kept, not reloaded');
    // …and still hears the host: a kept page says no second `ready`, so nothing may wait for one.
    await store.issues.update(first.id, { title: 'Payments 503s (EU)' });
    await until('the renamed incident sent to the kept page', () =>
      assistant.panels.lastMessages.get(surface)?.some((m) => m.type === 'state' && m.state.issue.title === 'Payments 503s (EU)') ? true : undefined);

    // Another incident: the view is lent to it, the first one's chat is closed.
    const closed = new Promise<void>((resolve) => surface.onDidDispose(() => resolve()));
    await vscode.commands.executeCommand('trcaa.ai.openChat', second.id);
    await closed;
    const next = await stateShown(second.id);
    assert.notEqual(next, surface);
    assert.equal(assistant.panels.panels.has(first.id), false, 'the first incident has no chat open any more');
    assert.equal(next.title, 'AI Chat — Search latency');
  });

  it('Open AI Chat in Editor moves the chat the view shows to a tab (same conversation); a deleted incident empties the view', async () => {
    const issue = await store.issues.create({ title: 'Queue backlog', severity: 'low' });
    const conversation = await assistant.backend.createConversation(issue.id, 'Backlog questions');
    await vscode.commands.executeCommand('trcaa.ai.openChat', issue.id);
    const inView = await stateShown(issue.id);
    assert.equal(assistant.panels.stateOf(inView)?.conversationId, conversation.id);

    // From the view's title: no argument, the chat the view shows.
    assert.equal(await vscode.commands.executeCommand('trcaa.ai.openChatInEditor'), issue.id);
    const tab = assistant.panels.panels.get(issue.id) as vscode.WebviewPanel | undefined;
    assert.ok(tab && tab !== inView, 'an editor tab now holds the chat');
    assert.equal(tab.viewType, ASSISTANT_VIEW_TYPE);
    await until('the tab ready', () => (assistant.panels.ready.has(tab) ? true : undefined), WEBVIEW_START_MS);
    await until('the view to let the chat go once the tab started', () => (assistant.chatView.surface === undefined ? true : undefined));
    assert.equal(assistant.panels.stateOf(tab)?.conversationId, conversation.id, 'the same conversation');
    tab.dispose();

    // Back in the view, then the incident is deleted: the view stays and says how to open a chat.
    await vscode.commands.executeCommand('trcaa.ai.openChat', issue.id);
    const again = await stateShown(issue.id);
    const webview = again.webview;
    await store.issues.delete(issue.id);
    await until('the chat closed', () => (assistant.panels.panels.has(issue.id) ? undefined : true));
    await until('the view to say how to open a chat', () => (/No chat open/.test(webview.html) ? true : undefined));
    assert.match(webview.html, /content="default-src 'none'/, 'the empty page keeps the CSP');
  });
});
