// What a person sees when reviewing PII: attach a log with an e-mail address and a password, open it from the
// TRCAA sidebar, see the values highlighted, hover one for its type and replacement, approve the redaction from
// the CodeLens and see the tree say so. Screenshots in test-results/pii/.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expand, newIssueFromPalette, runCommand, screenshot, useWorkbench, visibleText } from './workbench';

describe('PII review in the editor (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  const title = 'Deploy leaked credentials';
  const workbench = useWorkbench('pii');
  before(() => (page = workbench()));

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');

  /** The log's row under the issue (level 4: group › issue › Logs › log). */
  const logRow = () => sidebar().locator('.monaco-list-row[aria-level="4"]', { hasText: 'deploy-history.log' }).first();

  it('attach a log with PII → its row counts what was found', async function () {
    await newIssueFromPalette(page, title);

    await runCommand(page, 'View: Show Explorer');
    const explorer = page.locator('.explorer-folders-view');
    await expand(explorer.locator('.monaco-list-row[aria-label="deploy"]'));
    const file = explorer.locator('.monaco-list-row[aria-label="deploy-history.log"]');
    await file.waitFor();
    await file.click({ button: 'right' });
    const menuItem = page.locator('.monaco-menu .action-item', { hasText: 'Attach to Issue…' });
    await menuItem.waitFor();
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
    for (let attempt = 0; ; attempt++) {
      await menuItem.hover();
      await menuItem.click();
      if (await pick.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      if (!(await menuItem.isVisible())) {
        await pick.waitFor();
        break;
      }
      if (attempt >= 2) throw new Error('"Attach to Issue…" did not open the issue picker');
    }
    await pick.click();
    const toast = page.locator('.notifications-toasts', { hasText: 'Attached deploy-history.log' });
    await toast.waitFor();
    assert.match(visibleText(await toast.innerText()), /found .*Email/);

    await page.locator('.activitybar a.action-label[aria-label^="TRCAA"]').click({ force: true });
    await expand(sidebar().locator('.monaco-list-row', { hasText: title }).first());
    await expand(sidebar().locator('.monaco-list-row[aria-level="3"]', { hasText: 'Logs' }).first());
    await logRow().waitFor();
    assert.match(visibleText(await logRow().innerText()), /pending.*Email|Email.*pending/s);
  });

  it('open it → the values are highlighted → the hover names the type and its replacement', async function () {
    await logRow().click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'carol.diaz@example.net' }).waitFor();
    // A decoration with a border and a background is drawn as a div with its generated class in the editor's
    // overlay layer (under the text), one per span on screen: the e-mail and the password here.
    const decorations = editor.locator('.view-overlays .cdr[class*="TextEditorDecorationType"]');
    await page.waitForFunction(() => document.querySelectorAll('.view-overlays .cdr[class*="TextEditorDecorationType"]').length >= 2, undefined, { timeout: 30_000 });
    // The e-mail's line is the lowest one with a decoration; hover the start of its highlight. Measured again on
    // every attempt: the CodeLens arriving above the text moves the lines down.
    const emailHighlight = async () => {
      const boxes = (await Promise.all((await decorations.all()).map((d) => d.boundingBox()))).filter((b) => b !== null);
      return boxes.sort((a, b) => b.y - a.y)[0];
    };
    const hover = page.locator('.monaco-hover', { hasText: '[Email]' }).first();
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(700, 800);
      const box = await emailHighlight();
      assert.ok(box, 'the highlight is on screen');
      await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { steps: 4 });
      if (await hover.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      if (attempt >= 4) throw new Error('the PII hover never appeared');
    }
    const shown = visibleText(await hover.innerText());
    assert.match(shown, /E-mail address/);
    assert.match(shown, /\[Email\]/);
    assert.match(shown, /Keep original/);
    assert.ok(!shown.includes('carol.diaz@example.net'), 'the hover does not repeat the value');
    await page.waitForTimeout(500); // the hover fades in
    await screenshot(page, 'pii', '1-highlighted-log-with-hover');

    // Its links are trusted for our commands: Keep original keeps the value, and the CodeLens counts it.
    await hover.locator('a', { hasText: 'Keep original' }).click();
    await page.locator('.contentWidgets .codelens-decoration', { hasText: '1 kept' }).first().waitFor();
  });

  it('Approve Redaction from the CodeLens → the tree shows the log approved', async function () {
    await page.mouse.move(700, 800);
    await page.keyboard.press('Escape');
    const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Approve Redaction' }).first();
    await lens.waitFor();
    assert.match(visibleText(await page.locator('.contentWidgets .codelens-decoration').first().innerText()), /PII spans? · \d+ pending/);
    await lens.click();
    await page.locator('.contentWidgets .codelens-decoration', { hasText: 'Redaction approved' }).first().waitFor();
    await page.locator('.statusbar', { hasText: '1 span redacted, 1 kept' }).waitFor();
    await sidebar().locator('.monaco-list-row[aria-level="4"]', { hasText: '✓ approved' }).first().waitFor();
    await screenshot(page, 'pii', '2-approved');
  });
});
