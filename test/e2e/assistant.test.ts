// What a person sees asking the AI about an incident: Open AI Chat from its context menu (the AI Chat view), ask,
// the answer streams in as the (fake, local) model writes it, the view hidden and shown again is the same page,
// Stop keeps what arrived, and after a window reload the conversation is back. The provider is the in-repo fake speaking Ollama's wire format on 127.0.0.1 (test/support/fakeAiServer.ts).
// Screenshots in test-results/assistant/.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { FakeAiServer } from '../support/fakeAiServer';
import { newIssueFromPalette, pickColorTheme, reloadWindow, runCommand, runContextMenu, screenshot, useWorkbench } from './workbench';

describe('AI chat (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  let fake: FakeAiServer;
  before(async () => {
    fake = await FakeAiServer.start();
  });
  const workbench = useWorkbench('assistant', () => ({ 'trcaa.ai.provider': 'ollama', 'trcaa.ai.baseUrl': fake.baseUrl('ollama'), 'trcaa.ai.model': fake.models[0] }));
  before(() => (page = workbench()));
  after(async () => {
    await fake?.close();
  });

  const title = 'Checkout 502s after the deploy';
  /** The panel's page: VS Code for the Web nests a webview's content in an iframe inside an iframe. */
  const panel = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const answers = () => panel().locator('#messages li.message.assistant');
  let issueRow: Locator;

  it('Open AI Chat from the incident → ask → the answer streams in, with the tokens the model reported', async function () {
    issueRow = await newIssueFromPalette(page, title);
    await runContextMenu(page, issueRow, 'Open AI Chat');
    await panel().locator('#input').waitFor({ timeout: 60_000 });
    fake.script({ chunks: ['The deploy ', { text: 'shrank the ', delayMs: 700 }, { text: '**connection pool**.', delayMs: 700 }], usage: { promptTokens: 812, completionTokens: 9 } });
    await panel().locator('#input').fill('What changed at 10:00?');
    await panel().locator('#input').press('Enter');

    // The first words are on screen while the model is still writing.
    await answers().first().locator('.body', { hasText: 'The deploy' }).waitFor({ timeout: 30_000 });
    assert.ok(!(await answers().first().innerText()).includes('connection pool'), 'painted before the answer was complete');
    await answers().first().locator('.body strong', { hasText: 'connection pool' }).waitFor({ timeout: 30_000 });
    await answers().first().locator('.tokens', { hasText: '9' }).waitFor();
    const [request] = fake.chatRequests();
    assert.ok(request?.bodyText.includes('What changed at 10:00?'), 'the question was sent');
    await screenshot(page, 'assistant', '1-answer-streamed');
  });

  it('hidden and opened again, the chat is the same page and still answers; Stop keeps the part that arrived, marked incomplete', async function () {
    // The AI Chat view keeps its page while hidden: shown again it is at once the same conversation, and it talks.
    await panel().locator('#input').fill('a draft kept while hidden');
    await runCommand(page, 'View: Hide Panel');
    await page.locator('.part.panel').waitFor({ state: 'hidden' });
    await runContextMenu(page, issueRow, 'Open AI Chat');
    assert.equal(await panel().locator('#input').inputValue({ timeout: 15_000 }), 'a draft kept while hidden', 'the same page, not a new one');
    fake.script({ chunks: ['Probably the pool, ', 'but'], fault: { type: 'hang', afterChunks: 1 } });
    await panel().locator('#input').fill('Are you sure?');
    await panel().locator('#input').press('Enter');
    const second = answers().nth(1);
    await second.locator('.body', { hasText: 'Probably the pool' }).waitFor({ timeout: 30_000 });
    await panel().locator('#stop').click();
    await second.locator('.incomplete').waitFor({ timeout: 15_000 });
    assert.match(await second.locator('.body').innerText(), /Probably the pool/);
    await screenshot(page, 'assistant', '2-stopped');
  });

  it('after Reload Window the conversation is back, and it reads in a dark theme', async function () {
    await reloadWindow(page);
    await answers().nth(1).locator('.incomplete').waitFor({ timeout: 60_000 });
    assert.match(await answers().first().locator('.body').innerText(), /connection pool/);
    assert.equal(await panel().locator('#messages li.message.user').count(), 2);
    // What the next message would carry is measured before anything is typed (the incident, the conversation…).
    await panel().locator('#context-summary', { hasText: /Context: \d+ items?, ~[\d,]+ tokens/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'assistant', '3-restored-light');
    const start = (await panel().locator('body').getAttribute('data-vscode-theme-name')) ?? 'Light Modern';
    await pickColorTheme(page, 'Dark Modern', 'vscode-dark', panel());
    await screenshot(page, 'assistant', '4-restored-dark');
    await pickColorTheme(page, start, start.startsWith('Dark') ? 'vscode-dark' : 'vscode-light', panel());
  });
});
