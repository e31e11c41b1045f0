// What a person sees and clicks: the TRCAA container in the activity bar, its empty state, and the Show Diagnostics
// command run from the command palette, in VS Code 1.100.3 for the Web with the extension loaded from this checkout.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { activityBarItem, screenshot, useWorkbench, visibleText } from './workbench';

describe('TRCAA in the workbench (UI)', function () {
  let page: Page;
  const workbench = useWorkbench('ui');
  before(() => (page = workbench()));

  it('shows the TRCAA container in the activity bar, with the empty state when it is opened', async function () {
    const item = activityBarItem(page, 'TRCAA');
    await item.click();
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.locator('.composite.title', { hasText: 'TRCAA' }).waitFor();
    const welcome = sidebar.locator('.welcome-view-content', { hasText: 'No incidents yet' });
    await welcome.waitFor({ state: 'visible' });
    assert.ok(await welcome.isVisible(), 'the welcome text is visible');
    // Development mode (this page) keeps the database plain, and the text says so (test/e2e/firstRun.test.ts).
    assert.match(visibleText(await welcome.textContent()), /database on this machine/);
    await screenshot(page, 'ui', '1-trcaa-sidebar');
  });

  it('runs "TRCAA: Show Diagnostics" from the command palette and shows the SQLite engine in the TRCAA output', async function () {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>TRCAA: Show Diagnostics');
    // Enter only once the command is the highlighted row, or it would run whatever was there before.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'TRCAA: Show Diagnostics' }).waitFor();
    await screenshot(page, 'ui', '2-command-palette');
    await page.keyboard.press('Enter');

    const panel = page.locator('#workbench\\.parts\\.panel');
    const engineLine = panel.locator('.view-line', { hasText: /SQLite\s3\.\d+\.\d+\s\(WASM\),\sFTS5\savailable/ });
    await engineLine.waitFor({ state: 'visible', timeout: 60_000 });
    const line = visibleText(await engineLine.textContent());
    assert.match(line, /\[diagnostics\] SQLite 3\.(5[4-9]|[6-9]\d)\.\d+ \(WASM\), FTS5 available/);
    // The channel on show is ours, not another one that happens to hold similar text.
    const channel = await panel.locator('select.monaco-select-box:visible').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);
    assert.equal(channel, 'TRCAA');
    const versionLine = panel.locator('.view-line', { hasText: /TRCAA\s\d+\.\d+\.\d+\son\sVS\sCode\s1\.100\.3\s\(Development\smode\)/ });
    assert.equal(await versionLine.count(), 1, 'the versions line is shown once');
    await screenshot(page, 'ui', '3-diagnostics-output');
  });
});
