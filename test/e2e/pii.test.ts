// What a person sees when reviewing PII: attach a log with an e-mail address and a password (the notification
// offers Review PII and Open Log), open it from the TRCAA sidebar, see the values highlighted, hover one for its type
// and replacement, decide on the other with Ctrl+. (the stored copy is read-only), approve the redaction from the
// CodeLens and see the tree say so; in a dark theme the redacted span and its replacement are readable.
// Screenshots in test-results/pii/.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expand, newIssueFromPalette, runCommand, screenshot, showTrcaa, useWorkbench, visibleText } from './workbench';

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
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Attached deploy-history.log' });
    await toast.waitFor();
    assert.match(visibleText(await toast.innerText()), /found .*Email/);
    // Its next steps are buttons: Open Log and Review PII, which opens the stored copy for review.
    await toast.getByRole('button', { name: 'Open Log' }).waitFor();
    await toast.getByRole('button', { name: 'Review PII' }).click();
    await page.locator('.tabs-container .tab', { hasText: 'deploy-history.log' }).first().waitFor();
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'carol.diaz@example.net' }).first().waitFor();

    await showTrcaa(page);
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
      // Redrawn while measured (the CodeLens arriving): measure again.
      if (!box && attempt < 4) {
        await page.waitForTimeout(500);
        continue;
      }
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

  it('cursor on the password → Ctrl+. → Redact this → the span is struck through and counted', async function () {
    await page.mouse.move(700, 800);
    await page.keyboard.press('Escape');
    // A click inside the password's text puts the cursor on its span (the point measured from the text itself).
    const point = await page.evaluate(() => {
      const line = Array.from(document.querySelectorAll('.editor-instance .view-line')).find((l) => l.textContent?.includes('hunter2'));
      const walker = line && document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker?.nextNode(); node; node = walker?.nextNode()) {
        const at = node.textContent?.indexOf('hunter2') ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + 3);
        range.setEnd(node, at + 4);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      return undefined;
    });
    assert.ok(point, 'the password is on screen');
    await page.mouse.click(point.x, point.y);
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Redact this' }).first();
    await fix.waitFor({ timeout: 10_000 });
    await screenshot(page, 'pii', '2-quick-fix');
    await fix.click();
    // Stored: the CodeLens counts nothing pending, and the password is drawn struck through.
    await page.locator('.contentWidgets .codelens-decoration', { hasText: '0 pending' }).first().waitFor();
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('.editor-instance .view-line span')).some((s) => s.textContent?.includes('hunter2') && getComputedStyle(s).textDecorationLine.includes('line-through')),
      undefined,
      { timeout: 10_000 },
    );
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
    await screenshot(page, 'pii', '3-approved');
  });

  it('in a dark theme the redacted span and its replacement are readable, in the theme\'s own colours', async function () {
    await runCommand(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget input.input');
    await input.fill('Dark Modern');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().click();
    await page.locator('.monaco-workbench.vs-dark').waitFor();
    await page.locator('.editor-instance .view-lines', { hasText: 'hunter2' }).first().click();
    await page.waitForTimeout(500);
    await screenshot(page, 'pii', '4-dark-theme');
    const measured = await page.evaluate(() => {
      const rgba = (css: string) => {
        const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
        return { r, g, b, a: css.startsWith('rgba') ? a : 1 };
      };
      const over = (top: ReturnType<typeof rgba>, under: ReturnType<typeof rgba>) => ({
        r: top.r * top.a + under.r * (1 - top.a),
        g: top.g * top.a + under.g * (1 - top.a),
        b: top.b * top.a + under.b * (1 - top.a),
        a: 1,
      });
      const luminance = (c: ReturnType<typeof rgba>) => {
        const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
      };
      const contrast = (a: ReturnType<typeof rgba>, b: ReturnType<typeof rgba>) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
        return (hi + 0.05) / (lo + 0.05);
      };
      const editor = document.querySelector('.editor-instance .monaco-editor') as HTMLElement;
      const editorBackground = rgba(getComputedStyle(editor.querySelector('.monaco-editor-background') ?? editor).backgroundColor);
      const text = Array.from(editor.querySelectorAll('.view-line span')).find((s) => s.textContent?.includes('hunter2') && getComputedStyle(s).textDecorationLine.includes('line-through'));
      if (!text) return undefined;
      const box = text.getBoundingClientRect();
      // The span's background is an overlay under the text, at the same place.
      const overlay = Array.from(editor.querySelectorAll('.view-overlays .cdr')).find((o) => {
        const b = o.getBoundingClientRect();
        return b.top <= box.top + box.height / 2 && b.bottom >= box.top + box.height / 2 && b.left <= box.left + 2 && b.right >= box.right - 2 && getComputedStyle(o).backgroundColor !== 'rgba(0, 0, 0, 0)';
      });
      const background = over(rgba(overlay ? getComputedStyle(overlay).backgroundColor : 'rgba(0, 0, 0, 0)'), editorBackground);
      // The replacement is drawn after the span by a pseudo-element of its own.
      const after = Array.from(editor.querySelectorAll('.view-line span')).find((s) => getComputedStyle(s, '::after').content.includes('['));
      const afterColour = after ? rgba(getComputedStyle(after, '::after').color) : undefined;
      const variable = (name: string) => getComputedStyle(editor).getPropertyValue(name).trim();
      return {
        textContrast: contrast(rgba(getComputedStyle(text).color), background),
        replacementContrast: afterColour ? contrast(afterColour, editorBackground) : 0,
        overlayBackground: overlay ? getComputedStyle(overlay).backgroundColor : '',
        themeBackground: variable('--vscode-trcaa-pii-redactedBackground'),
        textColour: getComputedStyle(text).color,
        themeText: variable('--vscode-trcaa-pii-redactedForeground'),
      };
    });
    assert.ok(measured, 'the redacted password is drawn struck through');
    assert.ok(measured.textContrast >= 4.5, `redacted text contrast ${measured.textContrast.toFixed(2)}:1 is at least 4.5:1`);
    assert.ok(measured.replacementContrast >= 4.5, `replacement contrast ${measured.replacementContrast.toFixed(2)}:1 is at least 4.5:1`);
    // The colours are the theme's (registered colours a theme or colorCustomizations can change), not fixed ones.
    assert.ok(measured.themeBackground && measured.themeText, 'the workbench defines the trcaa.pii colours');
    // A colour as r,g,b,alpha, from CSS (rgb/rgba) or a theme variable (which may also be #rrggbb[aa]).
    const channels = (colour: string) => {
      const hex = /^#([\da-f]{6})([\da-f]{2})?$/i.exec(colour);
      if (hex) return [...(hex[1]?.match(/../g) ?? []).map((h) => parseInt(h, 16)), hex[2] ? Math.round((parseInt(hex[2], 16) / 255) * 100) / 100 : 1];
      const [r, g, b, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
      return [r, g, b, Math.round(a * 100) / 100];
    };
    const same = (a: string, b: string) => channels(a).join() === channels(b).join();
    assert.ok(same(measured.overlayBackground, measured.themeBackground), `${measured.overlayBackground} is ${measured.themeBackground}`);
    assert.ok(same(measured.textColour, measured.themeText), `${measured.textColour} is ${measured.themeText}`);
  });
});
