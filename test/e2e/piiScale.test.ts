// What a reviewer sees on a production-sized access log (100,000 lines, an IP on each, e-mails sprinkled: 105,000
// values): attached and opened for review, the lines on screen are highlighted (and those at the end once scrolled
// there); Review PII by Value… lists the values most frequent first, the busiest IP is kept with one decision, every
// occurrence on screen is then drawn as kept and the CodeLens counts them all; the redaction is approved.
// Screenshots in test-results/pii-scale/.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newWorkbenchPage } from '../host/browser';
import { expand, newIssueFromPalette, openWorkbench, runCommand, screenshot, showTrcaa, startWorkbenchServer, stopWorkbenchServer, visibleText, type WorkbenchServer } from './workbench';

const LINES = 100_000;
/** Every third line's client: the most frequent value. */
const BUSY_IP = '10.20.0.1';
const busyCount = Math.ceil(LINES / 3);
const ipOf = (i: number) => `10.30.${i >> 7}.${(i & 127) + 1}`;

function accessLog(): string {
  const lines: string[] = [];
  for (let n = 0; n < LINES; n++) {
    const ip = n % 3 === 0 ? BUSY_IP : ipOf(n % 20_000);
    const user = n % 20 === 0 ? ` user=shopper${n % 700}@example.com` : '';
    lines.push(`2026-11-28T10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z GET /cart/${n} 200 client=${ip}${user}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('PII review of a 100,000-value log (UI)', function () {
  this.timeout(300_000);
  let started: WorkbenchServer | undefined;
  let page: Page;
  const title = 'Load balancer PII';
  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const editor = () => page.locator('.editor-instance .monaco-editor').first();

  before(async function () {
    started = await startWorkbenchServer('pii-scale');
    writeFileSync(path.join(started.scratch, 'workspace', 'lb-access.log'), accessLog());
    page = await newWorkbenchPage(started.browser, { viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, started.url);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, 'pii-scale', `FAILED ${this.currentTest.title}`).catch(() => undefined);
  });

  after(() => stopWorkbenchServer(started ?? {}));

  /** Overlays of our decorations on screen, with their border style and the text under them. */
  const overlays = () =>
    page.evaluate(() => {
      const editorNode = document.querySelector('.editor-instance .monaco-editor');
      const lines = Array.from(editorNode?.querySelectorAll('.view-line') ?? []);
      return Array.from(editorNode?.querySelectorAll('.view-overlays .cdr[class*="TextEditorDecorationType"]') ?? []).map((o) => {
        const box = o.getBoundingClientRect();
        // The text under the overlay: the characters of its line between its left and right edges.
        const line = lines.find((l) => {
          const b = l.getBoundingClientRect();
          return b.top <= box.top + box.height / 2 && b.bottom >= box.top + box.height / 2;
        });
        let text = '';
        const walker = line && document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker?.nextNode(); node; node = walker?.nextNode()) {
          for (let i = 0; i < (node.textContent?.length ?? 0); i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const c = range.getBoundingClientRect();
            if (c.left + c.width / 2 > box.left && c.left + c.width / 2 < box.right) text += node.textContent?.[i] ?? '';
          }
        }
        return { border: getComputedStyle(o).borderStyle, text: text.replace(/\u00a0/g, ' ') };
      });
    });

  it('attach → Review PII → the lines on screen are highlighted, exactly on the values', async function () {
    await newIssueFromPalette(page, title);
    await runCommand(page, 'View: Show Explorer');
    const file = page.locator('.explorer-folders-view .monaco-list-row[aria-label="lb-access.log"]');
    await file.waitFor();
    await file.click({ button: 'right' });
    const menuItem = page.locator('.monaco-menu .action-item', { hasText: 'Attach to Issue…' });
    await menuItem.waitFor();
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
    for (let attempt = 0; !(await pick.isVisible()); attempt++) {
      if (attempt > 3) throw new Error('"Attach to Issue…" did not open the issue picker');
      if (await menuItem.isVisible()) await menuItem.click().catch(() => undefined);
      await pick.waitFor({ timeout: 5000 }).catch(() => undefined);
    }
    await pick.click();
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Attached lb-access.log' });
    await toast.waitFor({ timeout: 120_000 });
    await toast.getByRole('button', { name: 'Review PII' }).click();
    await editor().locator('.view-lines', { hasText: BUSY_IP }).waitFor();
    // A CodeLens at the top counts every span of the log, from its summary.
    await page.locator('.contentWidgets .codelens-decoration', { hasText: `${(LINES + LINES / 20).toLocaleString('en')} PII spans · ${(LINES + LINES / 20).toLocaleString('en')} pending` }).first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('.view-overlays .cdr[class*="TextEditorDecorationType"]').length >= 20, undefined, { timeout: 30_000 });
    const drawn = await overlays();
    assert.ok(drawn.length >= 20, `${drawn.length} highlights on screen`);
    for (const d of drawn) assert.match(d.text, /^(10\.\d+\.\d+\.\d+|shopper\d+@example\.com)$/, `a highlight lies exactly on a value: "${d.text}"`);
    assert.ok(!drawn.some((d) => d.border === 'dotted'), 'nothing kept yet');
    await screenshot(page, 'pii-scale', '1-highlighted');

    // The end of the log: highlighted once scrolled there (drawn for the visible range, not the whole log).
    await editor().locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await editor().locator('.view-lines', { hasText: `/cart/${LINES - 1} ` }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.view-overlays .cdr[class*="TextEditorDecorationType"]').length >= 20, undefined, { timeout: 30_000 });
    for (const d of await overlays()) assert.match(d.text, /^(10\.\d+\.\d+\.\d+|shopper\d+@example\.com)$/);
    await page.keyboard.press('Control+Home');
    await editor().locator('.view-lines', { hasText: '/cart/0 ' }).waitFor();
  });

  it('Review PII by Value… → IPv4 → the busiest IP (first, with its count) → Keep: every occurrence is drawn as kept', async function () {
    await runCommand(page, 'TRCAA: Review PII by Value…');
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const types = rows.filter({ hasText: 'IPv4 address' }).first();
    await types.waitFor();
    assert.match(visibleText(await types.innerText()), /20,001 values · 100,000 occurrences/);
    await types.click();
    // The values, most frequent first: the busy IP leads with its count.
    const first = rows.filter({ hasText: BUSY_IP }).first();
    await first.waitFor();
    assert.match(visibleText(await first.innerText()), new RegExp(`${BUSY_IP.replace(/\./g, '\\.')}[\\s\\S]*×${busyCount.toLocaleString('en')} — pending`));
    await page.locator('.quick-input-widget .quick-input-title', { hasText: /1–1,000 of 20,001 values/ }).waitFor();
    await page.locator('.quick-input-widget input.input').fill(BUSY_IP);
    await rows.filter({ hasText: BUSY_IP }).first().locator('.monaco-checkbox, input[type="checkbox"]').first().click();
    await screenshot(page, 'pii-scale', '2-values');
    await page.keyboard.press('Enter');
    const keep = rows.filter({ hasText: 'Keep every occurrence' }).first();
    await keep.waitFor();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: `Decide 1 value (${busyCount.toLocaleString('en')} occurrences)` }).waitFor();
    await keep.click();

    await page.locator('.contentWidgets .codelens-decoration', { hasText: `${busyCount.toLocaleString('en')} kept` }).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.view-overlays .cdr[class*="TextEditorDecorationType"]')).some((o) => getComputedStyle(o).borderStyle === 'dotted'), undefined, { timeout: 30_000 });
    const drawn = await overlays();
    const kept = drawn.filter((d) => d.text === BUSY_IP);
    assert.ok(kept.length >= 5, `${kept.length} occurrences of the busy IP on screen`);
    for (const d of kept) assert.equal(d.border, 'dotted', 'every occurrence on screen is drawn as kept');
    for (const d of drawn.filter((x) => x.text !== BUSY_IP)) assert.notEqual(d.border, 'dotted', `${d.text} is not kept`);
    await screenshot(page, 'pii-scale', '3-kept');
  });

  it('Approve Redaction from the CodeLens → approved, the tree says so', async function () {
    const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Approve Redaction' }).first();
    await lens.click();
    await page.locator('.contentWidgets .codelens-decoration', { hasText: 'Redaction approved' }).first().waitFor({ timeout: 30_000 });
    await showTrcaa(page);
    await expand(sidebar().locator('.monaco-list-row', { hasText: title }).first());
    await expand(sidebar().locator('.monaco-list-row[aria-level="3"]', { hasText: 'Logs' }).first());
    await sidebar().locator('.monaco-list-row[aria-level="4"]', { hasText: '✓ approved' }).first().waitFor();
    await screenshot(page, 'pii-scale', '4-approved');
  });
});
