// What a person sees publishing an RCA to Confluence: Configure Integration… against the in-repo fake Confluence
// (Data Center: a personal access token), Generate RCA, Publish to Confluence from the document's menu in the
// Documents folder, and the page's link appears under the incident in a Shared folder. Screenshots in
// test-results/integrations/.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FakeConfluence } from '../support/fakeIntegrations';
import { expand, newIssueFromPalette, runCommand, runContextMenu, screenshot, useWorkbench } from './workbench';

describe('Publish to Confluence (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  let confluence: FakeConfluence;
  const token = 'confluence-pat-e2e-0123456789';
  const title = 'Checkout 502s after the deploy';
  before(async () => {
    confluence = await FakeConfluence.start({ flavour: 'datacenter', token, spaces: ['OPS'] });
  });
  const workbench = useWorkbench('integrations');
  before(() => (page = workbench()));
  after(async () => {
    assert.deepEqual(confluence?.violations ?? [], [], 'every request was as Confluence documents it');
    await confluence?.close();
  });

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const quickInput = () => page.locator('.quick-input-widget input.input');
  const notification = (text: string) => page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  /** Answers the open input box (its title names the step) and moves on. */
  async function answer(prompt: string, text: string): Promise<void> {
    await page.locator('.quick-input-widget', { hasText: prompt }).first().waitFor();
    await quickInput().fill(text);
    await page.keyboard.press('Enter');
  }

  it('configures Confluence, publishes the RCA from the Documents folder, and the page shows under the incident', async () => {
    const issueRow = await newIssueFromPalette(page, title);

    await runCommand(page, 'TRCAA: Configure Integration…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Confluence' }).first().click();
    await answer('base URL', confluence.baseUrl);
    await answer('space key', 'OPS');
    await answer('e-mail', '');
    await answer('personal access token', token);
    await notification('Confluence is configured').waitFor({ timeout: 30_000 });

    await runContextMenu(page, issueRow, 'Generate RCA');
    await page.locator('.tabs-container .tab', { hasText: 'RCA —' }).first().waitFor({ timeout: 60_000 });
    await expand(issueRow);
    await expand(sidebar().locator('.monaco-list-row[aria-level="3"]', { hasText: 'Documents' }).first());
    const documentRow = sidebar().locator('.monaco-list-row[aria-level="4"]', { hasText: 'RCA —' }).first();
    await runContextMenu(page, documentRow, 'Publish to Confluence');

    await notification('published to Confluence').waitFor({ timeout: 60_000 });
    assert.equal(confluence.pages.size, 1);
    const [page1] = [...confluence.pages.values()];
    assert.match(page1?.title ?? '', /^RCA — Checkout 502s after the deploy/);
    assert.match(page1?.storage ?? '', /<h2>Root Cause<\/h2>/);

    const shared = sidebar().locator('.monaco-list-row[aria-level="3"]', { hasText: 'Shared (1)' }).first();
    await shared.waitFor({ timeout: 15_000 });
    await expand(shared);
    await sidebar().locator('.monaco-list-row[aria-level="4"]', { hasText: 'Confluence page: RCA —' }).first().waitFor();
    await screenshot(page, 'integrations', '1-published');
  });
});
