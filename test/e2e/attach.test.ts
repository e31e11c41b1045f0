// What a person does to attach a log: create an incident, right-click a log in the Explorer, "Attach to Issue…",
// pick the incident, and find the log under it in the TRCAA sidebar. Screenshots in test-results/attach/.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, showTrcaa, useWorkbench, visibleText } from './workbench';

describe('attach a log from the Explorer (UI)', function () {
  this.timeout(180_000);
  let page: Page;
  const title = 'Gateway 502s <img src=x onerror=alert(1)>';
  const workbench = useWorkbench('attach');
  before(() => (page = workbench()));

  const quickInput = () => page.locator('.quick-input-widget input.input');

  /** Runs a command from the palette; the extension's commands appear once its contributions are loaded. */
  async function runCommand(name: string) {
    await page.keyboard.press('F1');
    await quickInput().waitFor();
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    for (let attempt = 0; ; attempt++) {
      await quickInput().fill(`>${name}`);
      if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      if (attempt > 10) throw new Error(`no command ${name} in the palette`);
      await quickInput().fill('>');
    }
    await row.click();
  }

  it('click the TRCAA icon → New Issue in the view title → type a title → the tree shows it, as text', async function () {
    const icon = page.locator('.activitybar a.action-label[aria-label^="TRCAA"]');
    const header = page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: 'Issues' }).first();
    const newIssue = page.locator('#workbench\\.parts\\.sidebar .pane-header .action-label[aria-label*="New Issue"]').first();
    // A view's title actions show while its header is hovered or focused; and a click on the icon of a container
    // already shown hides it. So: click, hover the header, and click the icon again if the sidebar went away.
    await icon.click({ force: true });
    for (let attempt = 0; ; attempt++) {
      if (await header.isVisible()) await header.hover();
      if (await newIssue.waitFor({ timeout: 4000 }).then(() => true, () => false)) break;
      if (attempt >= 4) throw new Error('the Issues view never showed its New Issue action');
      if (!(await header.isVisible())) await icon.click({ force: true });
    }
    await newIssue.click();
    // Title, then severity, category and description keep their defaults: each Enter waits for its own step.
    for (let step = 1; step <= 4; step++) {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: `New Issue (${step}/4)` }).waitFor();
      if (step === 1) await quickInput().fill(title);
      await page.keyboard.press('Enter');
    }
    const row = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: 'Gateway 502s' }).first();
    await row.waitFor();
    // The markup in the title is shown as text, never parsed: the row reads it literally and no <img> exists.
    assert.match(visibleText(await row.innerText()), /<img src=x onerror=alert\(1\)>/);
    // The tooltip appears after a hover delay, and a re-render under the pointer can cancel it: move away and
    // hover again until it shows.
    const hover = page.locator('.monaco-hover', { hasText: 'Gateway 502s' }).first();
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(700, 700);
      await row.hover();
      if (await hover.waitFor({ timeout: 4000 }).then(() => true, () => false)) break;
      if (attempt >= 4) throw new Error('the issue tooltip never appeared');
    }
    const shown = visibleText(await hover.innerText());
    assert.match(shown, /<img src=x onerror=alert\(1\)>/);
    assert.match(shown, /Severity: medium/, 'Enter keeps the suggested severity');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the title');
    await screenshot(page, 'attach', '0-new-issue-in-tree');
  });

  it('right-click a log → Attach to Issue… → pick the incident → the log is listed under it', async function () {
    // New Issue reveals the incident in the TRCAA view: let that finish before switching to the Explorer.
    await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: 'Gateway 502s' }).first().waitFor();
    await runCommand('View: Show Explorer');
    const explorer = page.locator('.explorer-folders-view');
    const folder = explorer.locator('.monaco-list-row[aria-label="logs"]');
    await folder.waitFor();
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    const file = explorer.locator('.monaco-list-row[aria-label="api-gateway.log"]');
    await file.waitFor();
    await file.click({ button: 'right' });
    const menuItem = page.locator('.monaco-menu .action-item', { hasText: 'Attach to Issue…' });
    await menuItem.waitFor();
    await screenshot(page, 'attach', '1-explorer-context-menu');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Gateway 502s' });
    // A context menu can swallow a click that lands while it is still opening: click again while it stays open.
    for (let attempt = 0; ; attempt++) {
      await menuItem.hover();
      await menuItem.click();
      if (await pick.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      if (!(await menuItem.isVisible())) {
        await pick.waitFor(); // the click was taken; the picker is just slow
        break;
      }
      if (attempt >= 2) throw new Error('"Attach to Issue…" did not open the issue picker');
    }
    // The title is shown as text, never as markup.
    assert.ok((await pick.textContent())?.includes('<img src=x onerror=alert(1)>'));
    await pick.click();
    await page.locator('.notifications-toasts', { hasText: 'Attached api-gateway.log' }).waitFor();

    // The badge (open incidents) extends the item's aria-label and sits over its icon.
    await showTrcaa(page);
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const issues = sidebar.locator('.monaco-list-row', { hasText: 'Gateway 502s' }).first();
    await issues.waitFor();
    if ((await issues.getAttribute('aria-expanded')) !== 'true') await issues.click();
    const logsFolder = sidebar.locator('.monaco-list-row[aria-level="3"]', { hasText: 'Logs' }).first();
    await logsFolder.waitFor();
    if ((await logsFolder.getAttribute('aria-expanded')) !== 'true') await logsFolder.click();
    // Level 4 = Open › issue › Logs › log: the row under the issue, not the All Attachments view's row (level 2).
    await sidebar.locator('.monaco-list-row[aria-level="4"]', { hasText: 'api-gateway.log' }).first().waitFor();
    await screenshot(page, 'attach', '2-log-under-issue');
  });
});
