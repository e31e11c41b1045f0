// What a person sees with the AI actions that write: Suggest with AI in the 5 Whys panel shows a proposal, Accept
// stores it and the Issues view shows the why; Draft with AI above an RCA section shows the draft beside the text,
// Accept puts it in the document and Ctrl+S saves it. The provider is the in-repo fake (Ollama's wire format on
// 127.0.0.1) answering scripted JSON. Screenshots (light and dark) in test-results/aiActions/.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { FakeAiServer } from '../support/fakeAiServer';
import { expand, newIssueFromPalette, runCommand, runContextMenu, screenshot, sideBar, useWorkbench, visibleText } from './workbench';

const json = (value: unknown) => ({ chunks: ['```json\n', JSON.stringify(value), '\n```'] });

describe('AI actions (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  let fake: FakeAiServer;
  before(async () => {
    fake = await FakeAiServer.start();
  });
  const workbench = useWorkbench('aiActions', () => ({ 'trcaa.ai.provider': 'ollama', 'trcaa.ai.baseUrl': fake.baseUrl('ollama'), 'trcaa.ai.model': fake.models[0] }));
  before(() => (page = workbench()));
  after(async () => {
    await fake?.close();
  });

  const title = 'Checkout 502s after the pool change';
  const panel = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  it('Suggest with AI in the 5 Whys panel → the proposal → Accept → the tree shows the why', async function () {
    const issueRow = await newIssueFromPalette(page, title);
    await runContextMenu(page, issueRow, 'Open 5 Whys');
    await panel().locator('#issue-title', { hasText: title }).waitFor({ timeout: 60_000 });
    fake.script(json({ question: 'Why did checkout return 502?', answer: 'CONFIRMED: the database pool was exhausted', evidence: [] }));
    await panel().locator('#suggest').click();

    const proposal = panel().locator('#proposal');
    await proposal.locator('#proposal-title', { hasText: 'AI proposal for why 1' }).waitFor({ timeout: 30_000 });
    assert.equal(await proposal.locator('#proposal-answer textarea').inputValue(), 'CONFIRMED: the database pool was exhausted');
    assert.equal(await panel().locator('li.level').count(), 0, 'nothing stored before Accept');
    await screenshot(page, 'aiActions', '1-why-proposal-light');

    await panel().locator('#proposal-accept').click();
    await panel().locator('li.level[data-level="1"] .status', { hasText: 'answered' }).waitFor({ timeout: 15_000 });
    assert.ok(await proposal.isHidden(), 'the proposal is gone once accepted');

    await expand(issueRow);
    await expand(sideBar(page).locator('.monaco-list-row[aria-level="3"]', { hasText: '5 Whys' }).first());
    const whyRow = sideBar(page).locator('.monaco-list-row[aria-level="4"]', { hasText: 'Why 1: Why did checkout return 502?' }).first();
    await whyRow.waitFor();
    assert.match(visibleText(await whyRow.innerText()), /the database pool was exhausted/);
    await screenshot(page, 'aiActions', '3-why-accepted');
  });

  it('Draft with AI above an RCA section → the draft beside the text → Accept → Ctrl+S saves it', async function () {
    await runCommand(page, 'View: Close All Editors');
    const issueRow = sideBar(page).locator('.monaco-list-row[aria-level="2"]', { hasText: title }).first();
    await runContextMenu(page, issueRow, 'Generate RCA');
    const source = page.locator('.editor-instance .monaco-editor[data-uri^="trcaa-doc:"]').first();
    const lens = source.locator('.codelens-decoration a', { hasText: 'Draft with AI' }).first();
    await lens.waitFor({ timeout: 45_000 });
    const drafted = 'Checkout failed for twelve minutes because the database pool was exhausted.';
    fake.script(json({ section: 'Summary', markdown: drafted }));
    await lens.click();

    // The diff of the document against the draft, and the question.
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
    const accept = page.locator('.notification-toast .monaco-button', { hasText: 'Accept' }).first();
    await accept.waitFor({ timeout: 30_000 });
    await screenshot(page, 'aiActions', '4-draft-beside-light');
    await accept.click();

    const tab = page.locator('.tabs-container .tab.dirty', { hasText: 'RCA —' }).first();
    await tab.waitFor({ timeout: 15_000 });
    await source.locator('.view-lines', { hasText: drafted.slice(0, 30) }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+S');
    await tab.waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, 'aiActions', '5-draft-accepted-saved');
  });
});

// A second workbench, started in a dark theme: the proposal as it reads there, and Discard storing nothing.
describe('AI actions in a dark theme (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  let fake: FakeAiServer;
  before(async () => {
    fake = await FakeAiServer.start();
  });
  const workbench = useWorkbench('aiActions-dark', () => ({
    'workbench.colorTheme': 'Default Dark Modern',
    'trcaa.ai.provider': 'ollama',
    'trcaa.ai.baseUrl': fake.baseUrl('ollama'),
    'trcaa.ai.model': fake.models[0],
  }));
  before(() => (page = workbench()));
  after(async () => {
    await fake?.close();
  });
  const panel = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  it('Suggest with AI → the proposal in a dark theme → Discard → nothing stored', async function () {
    const title = 'Queue backlog in dark';
    const issueRow = await newIssueFromPalette(page, title);
    await runContextMenu(page, issueRow, 'Open 5 Whys');
    await panel().locator('body[data-vscode-theme-kind="vscode-dark"] #issue-title', { hasText: title }).waitFor({ timeout: 60_000 });
    fake.script(json({ question: 'Why did the queue back up?', answer: 'ASSUMPTION: consumers were scaled down', evidence: [] }));
    await panel().locator('#suggest').click();
    await panel().locator('#proposal-title', { hasText: 'AI proposal for why 1' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'aiActions', '6-why-proposal-dark');
    await panel().locator('#proposal-discard').click();
    await panel().locator('#proposal').waitFor({ state: 'hidden' });
    assert.equal(await panel().locator('li.level').count(), 0, 'Discard stores nothing');
    await expand(issueRow);
    await sideBar(page).locator('.monaco-list-row[aria-level="3"]', { hasText: '5 Whys (0)' }).first().waitFor();
  });

  it('Cancel on the progress notification stops the request: no proposal, the provider sees the client leave', async function () {
    fake.reset();
    fake.script({ chunks: ['```json\n{"question": '], fault: { type: 'hang', afterChunks: 1 } });
    await panel().locator('#suggest').click();
    await fake.waitForRequests(1);
    // With focus in the panel's webview, the workbench renders the toast again while the first click on it is in
    // progress, and that click is lost (seen in this test: the button detached between mouse-down and mouse-up, the
    // request still open). A click that did not reach the extension within 3 s is therefore repeated, twice at most.
    const cancel = page.locator('.notification-toast.notification-fade-in-done', { hasText: 'suggesting why 1' }).locator('.monaco-button', { hasText: 'Cancel' }).first();
    const enabled = panel().locator('#suggest:not([disabled])');
    for (let click = 0; click < 3; click++) {
      // A repeat finds no toast when the first click landed late: then the wait below decides.
      await (click === 0 ? cancel.click({ timeout: 15_000 }) : cancel.click({ timeout: 2_000 }).catch(() => undefined));
      if (await enabled.waitFor({ timeout: 3_000 }).then(() => true, () => false)) break;
    }
    await enabled.waitFor({ timeout: 15_000 });
    assert.equal(await panel().locator('#ask-error').textContent(), '', 'no error: the user cancelled');
    assert.ok(await panel().locator('#proposal').isHidden(), 'no proposal after Cancel');
    const [request] = fake.chatRequests();
    for (let i = 0; i < 50 && !request?.clientClosed; i++) await page.waitForTimeout(100);
    assert.equal(request?.clientClosed, true, 'the connection was closed');
  });
});
