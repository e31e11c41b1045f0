// The AI chat's front end in Chromium: the real page bundle (dist/webview/main.js + main.css) with the panel's real
// markup, VS Code's webview API stood in for (messages recorded, host messages posted to the window) and VS Code's
// own link listener on the window imitated. Until the panel is wired to a command (then the workbench UI tests
// drive it), this is what shows the page: Enter sends and Shift+Enter does not, the answer streams into the last
// message, Stop and Escape stop, HTML from the model is text, no click on a link reaches VS Code's opener (the host
// confirms it first), and the light and dark screenshots.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../host/browser';
import { repoRoot } from '../host/paths';
import { ASSISTANT_BODY } from '../../src/webview/assistant/assistantBody';
import type { AssistantHostMessage, AssistantState } from '../../src/webview/assistant/assistantProtocol';
import { renderAnswer } from '../../src/webview/assistant/chatMarkdown';

/** A few of VS Code's theme variables, as Dark Modern and Light Modern set them. */
const THEMES = {
  dark: {
    'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', descriptionForeground: '#9d9d9d', 'input-background': '#313131', 'input-foreground': '#cccccc',
    'input-border': '#3c3c3c', 'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    'editorWidget-background': '#202020', 'editorWidget-border': '#313131', 'panel-border': '#2b2b2b', 'textLink-foreground': '#4daafc', 'textCodeBlock-background': '#2b2b2b',
    'editorWarning-foreground': '#cca700', errorForeground: '#f85149', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'icon-foreground': '#cccccc', focusBorder: '#0078d4',
  },
  light: {
    'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', descriptionForeground: '#3b3b3b', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b',
    'input-border': '#cecece', 'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#e5e5e5', 'panel-border': '#e5e5e5', 'textLink-foreground': '#005fb8', 'textCodeBlock-background': '#f8f8f8',
    'editorWarning-foreground': '#bf8803', errorForeground: '#f85149', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'icon-foreground': '#3b3b3b', focusBorder: '#005fb8',
  },
};

const ANSWER = 'The gateway **timed out** after 30 s: see log:abc123#L2-L3 and [the runbook](https://runbooks.example.com/pay).\n\n```\nGET /pay 502 upstream timeout\n```\n\nTry <img src=x onerror="window.__pwned=1"> or <script>window.__pwned=2</script>';

function conversation(): AssistantState {
  return {
    issue: { id: 'issue-1', title: 'Checkout 502s' },
    model: 'Ollama · llama3.1:8b',
    conversations: [
      { id: 'c1', title: 'Why did checkout return 502?', messageCount: 4 },
      { id: 'c2', title: 'Pool sizing', messageCount: 0 },
    ],
    conversationId: 'c1',
    messages: [
      { id: 'm1', role: 'user', text: 'Why did checkout return 502?\n<b>since 14:02</b>', html: '', tokens: '', incomplete: null },
      { id: 'm2', role: 'assistant', text: '', html: renderAnswer(ANSWER), tokens: '1,234 tokens', incomplete: null },
      { id: 'm3', role: 'user', text: 'And the pool?', html: '', tokens: '', incomplete: null },
      { id: 'm4', role: 'assistant', text: '', html: renderAnswer('The pool was sized for'), tokens: '~56 tokens', incomplete: 'incomplete: stopped' },
    ],
    picks: [{ pick: { kind: 'log', logId: 'abc123', startLine: 10, endLine: 20 }, label: 'log abc123 L10–20' }],
    streaming: null,
    error: null,
    canRetry: true,
  };
}

describe('AI chat page (front end in Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: string;
  const shots = path.join(repoRoot, 'test-results', 'assistant-page');

  before(async () => {
    browser = await launchBrowser();
    dir = await mkdtemp(path.join(tmpdir(), 'trcaa-assistant-page-'));
    await mkdir(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The page as a webview loads it, in a theme; what it posts is in window.__posted. */
  async function openPage(theme: keyof typeof THEMES, saved?: unknown): Promise<Page> {
    const assets = pathToFileURL(path.join(repoRoot, 'dist', 'webview')).href;
    const variables = Object.entries(THEMES[theme]).map(([name, value]) => `--vscode-${name}: ${value};`).join(' ');
    const file = path.join(dir, `${theme}.html`);
    await writeFile(
      file,
      `<!DOCTYPE html><html><head><meta charset="UTF-8"><link rel="stylesheet" href="${assets}/main.css">
<style>:root { ${variables} --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px; }</style>
<script>
  window.__posted = []; window.__state = ${JSON.stringify(saved ?? null)} ?? undefined; window.__opened = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => (window.__state = s) });
  // VS Code's webview opens any clicked link from the window, whether the page prevented the default or not.
  window.addEventListener('click', (event) => {
    for (const node of event.composedPath()) if (node.tagName === 'A' && node.href) { window.__opened.push(node.getAttribute('href')); event.preventDefault(); return; }
  });
</script></head>
<body data-view="assistant">${ASSISTANT_BODY}<script src="${assets}/main.js"></script></body></html>`,
    );
    const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    (page as Page & { errors?: string[] }).errors = errors;
    return page;
  }

  const host = (page: Page, message: AssistantHostMessage) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: Record<string, unknown>[] }).__posted);
  const postedOf = async (page: Page, type: string) => (await posted(page)).filter((m) => m.type === type);

  for (const theme of ['dark', 'light'] as const) {
    it(`shows a conversation, HTML as text, the context line and the picks (${theme})`, async () => {
      const page = await openPage(theme);
      await host(page, { type: 'state', state: conversation() });
      await host(page, { type: 'context', context: { ok: true, summary: 'Context: 3 items, ~6,200 tokens', items: [{ label: 'Incident fields', tokens: 200 }] } });
      await page.locator('li.message.assistant .body strong', { hasText: 'timed out' }).waitFor();
      assert.equal(await page.locator('#messages img, #messages script').count(), 0, 'no element from the model\'s HTML');
      assert.match((await page.locator('li.message.assistant').first().textContent()) ?? '', /Try <img src=x onerror="window.__pwned=1"> or <script>/);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.equal(await page.locator('li.message.user .body').first().innerText(), 'Why did checkout return 502?\n<b>since 14:02</b>', 'the person\'s text as text');
      assert.deepEqual(await page.locator('li.message .tokens').allTextContents(), ['1,234 tokens', '~56 tokens']);
      assert.equal(await page.locator('li.message.assistant .incomplete').textContent(), ' incomplete: stopped');
      assert.equal(await page.locator('#context-summary').textContent(), 'Context: 3 items, ~6,200 tokens');
      assert.equal(await page.locator('#model').textContent(), 'Ollama · llama3.1:8b');
      assert.deepEqual(await page.locator('.pick').allTextContents(), [' log abc123 L10–20 ']);
      assert.equal(await page.locator('li.message.assistant').last().locator('button[title="Retry"]').count(), 1, 'Retry on the last answer');
      assert.equal(await page.locator('li.message.assistant').first().locator('button[title="Retry"]').count(), 0);
      await page.screenshot({ path: path.join(shots, `${theme}-conversation.png`) });
      assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
      await page.close();
    });
  }

  it('Enter sends, Shift+Enter is a new line; the answer streams into the last message; Stop and Escape stop', async () => {
    const page = await openPage('dark');
    await host(page, { type: 'state', state: conversation() });
    const input = page.locator('#input');
    await input.fill('line one');
    await input.press('Shift+Enter');
    await input.pressSequentially('line two');
    assert.deepEqual(await postedOf(page, 'send'), [], 'Shift+Enter does not send');
    await input.press('Enter');
    assert.deepEqual((await postedOf(page, 'send')).map((m) => m.text), ['line one\nline two']);
    assert.equal(await input.inputValue(), '', 'the input is cleared once sent');
    // Refused before any answer (here: too long for the host): the reason is shown, the question back in the input.
    const [sent] = await postedOf(page, 'send');
    await host(page, { type: 'reply', id: Number(sent?.id), ok: false, error: 'The panel sent a message the extension does not accept.' } as unknown as AssistantHostMessage);
    await page.locator('#error', { hasText: 'does not accept' }).waitFor();
    assert.equal(await input.inputValue(), 'line one\nline two');
    await input.fill('');

    const streaming: AssistantState = { ...conversation(), streaming: { question: 'line one\nline two', html: '' }, canRetry: false };
    await host(page, { type: 'state', state: streaming });
    await page.locator('#stop').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#send').isVisible(), false);
    assert.equal(await page.locator('#messages').getAttribute('aria-busy'), 'true');
    await host(page, { type: 'stream', conversationId: 'c1', html: renderAnswer('Check the **pool**') });
    await page.locator('li.streaming.assistant .body strong', { hasText: 'pool' }).waitFor();
    await host(page, { type: 'stream', conversationId: 'c1', html: renderAnswer('Check the **pool** <img src=x>') });
    await page.locator('li.streaming.assistant .body', { hasText: '<img src=x>' }).waitFor();
    assert.equal(await page.locator('li.streaming.user .body').innerText(), 'line one\nline two', 'the question shows while the answer comes');
    await page.screenshot({ path: path.join(shots, 'dark-streaming.png') });

    await page.locator('#stop').click();
    await input.press('Escape');
    assert.equal((await postedOf(page, 'stop')).length, 2);
    await page.close();
  });

  it('an MCP tool call waits for approval in the chat (Allow once / Always for this tool / Deny); calls show collapsed, as text', async () => {
    const page = await openPage('dark');
    const tools = [
      { label: 'echo · Everything', status: 'ok, 12 ms', outcome: 'ok' as const, arguments: '{"message":"<b>hi</b>"}', result: 'Echo: <img src=x onerror="window.__pwned=3">' },
      { label: 'get-env · Everything', status: 'denied', outcome: 'denied' as const, arguments: '{}', result: 'The user did not allow this call.' },
    ];
    const approval = { callId: 'call_7', tool: 'gzip-file-as-resource', server: 'Everything', arguments: '{"name":"<script>x</script>"}' };
    const waiting: AssistantState = { ...conversation(), streaming: { question: 'Compress it', html: renderAnswer('Let me check.'), tools, approval }, canRetry: false };
    await host(page, { type: 'state', state: waiting });
    const box = page.locator('.tool-approval');
    await box.waitFor();
    assert.match((await box.innerText()).replace(/\s+/g, ' '), /wants to call gzip-file-as-resource on the MCP server Everything: Arguments \{"name":"<script>x<\/script>"\}/);
    // The calls so far: collapsed, their arguments and results as text (a tool's HTML is never markup).
    const calls = page.locator('li.message.tools details.tool-call');
    assert.equal(await calls.count(), 2);
    assert.deepEqual((await calls.locator('summary').allInnerTexts()).map((t) => t.trim()), ['echo · Everything (ok, 12 ms)', 'get-env · Everything (denied)']);
    assert.equal(await calls.first().locator('pre').first().isVisible(), false, 'collapsed');
    await calls.first().locator('summary').click();
    assert.deepEqual(await calls.first().locator('pre').allInnerTexts(), ['{"message":"<b>hi</b>"}', 'Echo: <img src=x onerror="window.__pwned=3">']);
    assert.equal(await page.locator('#messages img, #messages script, #messages b').count(), 0, 'no element from a tool\'s text');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.screenshot({ path: path.join(shots, 'dark-tool-approval.png') });

    for (const [label, decision] of [['Allow once', 'once'], ['Always for this tool', 'always'], ['Deny', 'deny']] as const) {
      await host(page, { type: 'state', state: waiting });
      await box.getByRole('button', { name: label }).click();
      assert.deepEqual((await postedOf(page, 'approveTool')).at(-1), { type: 'approveTool', callId: 'call_7', decision, id: (await postedOf(page, 'approveTool')).at(-1)?.id });
      assert.equal(await box.getByRole('button', { name: 'Deny' }).isDisabled(), true, 'answered once');
    }
    // Stored: the calls show under the question they answered, after a reload too (the state says so).
    const stored = conversation();
    stored.messages[0] = { ...(stored.messages[0] as AssistantState['messages'][number]), tools };
    await host(page, { type: 'state', state: stored });
    await page.locator('li.message.user').first().locator('details.tool-call').first().waitFor();
    assert.equal(await page.locator('.tool-approval').count(), 0);
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
    await page.close();
  });

  it('no link click reaches VS Code\'s opener: the host is asked (and confirms) instead', async () => {
    const page = await openPage('light');
    await host(page, { type: 'state', state: { ...conversation(), model: null } });
    assert.equal(await page.locator('#select-model').textContent(), 'Select AI Model…');
    await page.locator('a.log-ref').click();
    await page.locator('a', { hasText: 'the runbook' }).click();
    await page.locator('#select-model').click();
    await page.locator('#show-context').click();
    await page.locator('li.message.assistant').first().locator('button[title="Copy"]').click();
    assert.deepEqual(
      (await posted(page)).filter((m) => m.type !== 'ready' && m.type !== 'draft').map(({ id: _id, ...m }) => m),
      [
        { type: 'openLink', href: 'log:abc123#L2-L3' },
        { type: 'openLink', href: 'https://runbooks.example.com/pay' },
        { type: 'selectModel' },
        { type: 'showContext', text: '' },
        { type: 'copy', messageId: 'm2' },
      ],
    );
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened), [], 'VS Code opened nothing itself');
    await page.screenshot({ path: path.join(shots, 'light-no-model.png') });
    await page.close();
  });

  it('keeps the draft, the conversation and the picks in the webview state, and takes the draft back after a reload', async () => {
    const page = await openPage('dark', { issueId: 'issue-1', conversationId: 'c1', draft: 'half a question' });
    assert.equal(await page.locator('#input').inputValue(), 'half a question');
    await host(page, { type: 'state', state: conversation() });
    await page.locator('#input').pressSequentially(' and more');
    const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(saved, { issueId: 'issue-1', conversationId: 'c1', picks: [{ kind: 'log', logId: 'abc123', startLine: 10, endLine: 20 }], draft: 'half a question and more' });
    // The context line follows the typing, debounced: one preview for the burst.
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string; text?: string }[] }).__posted.some((m) => m.type === 'draft' && m.text === 'half a question and more'));
    assert.equal((await postedOf(page, 'draft')).filter((m) => String(m.text).startsWith('half a question a')).length, 1);
    await page.close();
  });
});
