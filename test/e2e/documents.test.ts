// What a person sees with an RCA: generate it for an issue titled <script>alert(1)</script>: its Markdown opens in
// VS Code's own text editor with the rendered preview beside it; type, save, reload the window and find the text
// still there; the title stays text in the preview and in the exported PDF; user text is not over-escaped.
// Screenshots of the editor in a light and a dark theme in test-results/documents/.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { expand, newIssueFromPalette, pickColorTheme, reloadWindow, runCommand, runContextMenu, screenshot, useWorkbench, visibleText } from './workbench';

describe('RCA document editor (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  const title = '<script>alert(1)</script>';
  const docTitle = `RCA — ${title}`;
  const marker = `Typed in the UI ${Date.now().toString(36)}`;
  const dialogs: string[] = [];
  let scratch: string;
  let startTheme = 'Light Modern';
  const workbench = useWorkbench('documents');
  before(async () => {
    page = workbench();
    // An alert() from the title running anywhere (workbench or webview) would show up here. Reload Window asks
    // the browser's leave-page question first: answered yes, or the reload would not happen.
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'beforeunload') return void dialog.accept().catch(() => undefined);
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'trcaa-documents-export-'));
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const quickInput = () => page.locator('.quick-input-widget input.input');
  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const tab = () => page.locator('.tabs-container .tab', { hasText: 'RCA —' }).first();
  /** VS Code's text editor (Monaco) showing the document's Markdown source. */
  const sourceEditor = () => page.locator('.editor-instance .monaco-editor[data-uri^="trcaa-doc:"]').first();
  // The webview: VS Code's host frame (class "ready" once set up), and inside it the extension's page.
  const webview = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const preview = () => webview().locator('#preview');

  const colorTheme = (name: string, kind: 'vscode-light' | 'vscode-dark') => pickColorTheme(page, name, kind, webview());

  /** The document's row in the sidebar: issue › Documents › the RCA, its folders expanded. */
  async function documentRow() {
    await expand(sidebar().locator('.monaco-list-row[aria-level="2"]', { hasText: title }).first());
    await expand(sidebar().locator('.monaco-list-row[aria-level="3"]', { hasText: 'Documents' }).first());
    const row = sidebar().locator('.monaco-list-row[aria-level="4"]', { hasText: docTitle }).first();
    await row.waitFor();
    return row;
  }

  /** Waits until the text editor and the preview beside it show the stored document with `text` (a webview may take up to 30 s to start: see WEBVIEW_START_MS in the integration suite). */
  async function editorShows(text: string, where: 'Home' | 'End') {
    await preview().locator('h1', { hasText: docTitle }).waitFor({ timeout: 45_000 });
    await webview().locator('#preview', { hasText: text }).waitFor();
    // Monaco draws only the lines in view: the start or the end of the document is brought into view first.
    await sourceEditor().locator('.view-lines').click();
    await page.keyboard.press(`Control+${where}`);
    await sourceEditor().locator('.view-lines', { hasText: text.slice(0, 20) }).waitFor();
  }

  it('New Issue titled <script>alert(1)</script> → right-click → Generate RCA → the Markdown in the text editor, the preview beside it showing the title as text', async function () {
    const issueRow = await newIssueFromPalette(page, title);
    await runContextMenu(page, issueRow, 'Generate RCA');
    await tab().waitFor();
    await preview().locator('h1', { hasText: docTitle }).waitFor({ timeout: 45_000 });
    // The source is VS Code's own text editor (Markdown highlighting, find, undo), in the group left of the preview.
    await sourceEditor().locator('.view-lines', { hasText: `# RCA — \\<script>alert(1)\\</script>` }).waitFor();
    const editorBox = await sourceEditor().boundingBox();
    const previewBox = await page.locator('iframe.webview.ready').boundingBox();
    assert.ok(editorBox && previewBox && editorBox.x + editorBox.width <= previewBox.x + 1, 'the preview is beside the source, to its right');
    assert.ok((await sourceEditor().locator('.view-lines span[class*="mtk"]').count()) > 0, 'the source is tokenized (highlighted) by VS Code');
    const heading = await preview().locator('h1').first().textContent();
    assert.equal(heading, docTitle, 'the heading is the title, character for character');
    const titleCell = preview().locator('tr', { has: page.locator('td:text-is("Title")') }).locator('td').nth(1);
    assert.equal(await titleCell.textContent(), title, 'the summary table shows the title as text');
    assert.equal(await preview().locator('script').count(), 0, 'the preview holds no <script> element');
    assert.equal(await webview().locator('script:not([nonce]):not(#_vscodeApiScript)').count(), 0, 'no script but ours and VS Code\'s in the page');
    assert.deepEqual(dialogs, [], 'no alert was shown');
    startTheme = (await webview().locator('body').getAttribute('data-vscode-theme-name')) ?? 'Light Modern';
    await runCommand(page, 'View: Close All Editors');
    await tab().waitFor({ state: 'detached' });
  });

  it('Generate RCA for "Raise max_connections (~8% of requests failed)" → the Markdown reads it as typed, no backslashes', async function () {
    const plain = 'Raise max_connections (~8% of requests failed)';
    const issueRow = await newIssueFromPalette(page, plain);
    await runContextMenu(page, issueRow, 'Generate RCA');
    await preview().locator('h1', { hasText: `RCA — ${plain}` }).waitFor({ timeout: 45_000 });
    await sourceEditor().locator('.view-lines', { hasText: `# RCA — ${plain}` }).waitFor();
    assert.equal(await sourceEditor().locator('.view-lines', { hasText: 'max\\_connections' }).count(), 0, 'no max\\_connections');
    assert.equal(await sourceEditor().locator('.view-lines', { hasText: '\\~8%' }).count(), 0, 'no \\~8%');
    await screenshot(page, 'documents', '0-not-over-escaped');
    await runCommand(page, 'View: Close All Editors');
    await tab().waitFor({ state: 'detached' });
  });

  it('open it from the tree → type → Ctrl+S → saved, in a light and a dark theme', async function () {
    const docRow = await documentRow();
    assert.match(visibleText(await docRow.innerText()), /RCA · now/);
    await docRow.click();
    await editorShows('Generated by TRCAA', 'Home');

    await sourceEditor().locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n\n${marker} with max_connections at ~8%\n`);
    // VS Code's editor holds the edit: the tab is dirty and the host-rendered preview has the new paragraph.
    await page.locator('.tabs-container .tab.dirty', { hasText: 'RCA —' }).waitFor();
    await preview().locator('p', { hasText: marker }).waitFor();
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab:not(.dirty)', { hasText: 'RCA —' }).waitFor();

    await colorTheme('Light Modern', 'vscode-light');
    await preview().locator('p', { hasText: marker }).scrollIntoViewIfNeeded();
    await screenshot(page, 'documents', '1-rca-editor-light');
    await colorTheme('Dark Modern', 'vscode-dark');
    await screenshot(page, 'documents', '2-rca-editor-dark');
  });

  it('Developer: Reload Window → the typed text is still there, and the tab is not dirty', async function () {
    await reloadWindow(page);
    // VS Code restores the editor; if it did not, the person opens it again from the tree.
    if (!(await tab().waitFor({ timeout: 15_000 }).then(() => true, () => false))) await (await documentRow()).click();
    await editorShows(marker, 'End');
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0, 'nothing is left unsaved');
    await screenshot(page, 'documents', '3-after-reload');
  });

  it('Export as PDF… → the save dialog → the PDF has the title as text', async function () {
    // Into the editor first, and wait until the webview has the focus: focus arriving there later would close the
    // save dialog (a quick input), and the export would end as if cancelled.
    await sourceEditor().locator('.view-lines').click();
    const file = path.join(scratch, 'rca.pdf');
    const dialogTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: `Export ${docTitle} as PDF` });
    for (let attempt = 0; ; attempt++) {
      await runCommand(page, 'TRCAA: Export as PDF…');
      if (await dialogTitle.waitFor({ timeout: 10_000 }).then(() => true, () => false)) break;
      if (attempt >= 2) throw new Error('Export as PDF… showed no save dialog');
    }
    // VS Code for the Web's save dialog: a path in a quick input. It puts the suggested path there once it has
    // read the folder; typing before that would be overwritten.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value.endsWith('.pdf'));
    await quickInput().fill(file);
    await page.waitForFunction((wanted) => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value === wanted, file);
    await screenshot(page, 'documents', '4-export-save-dialog');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: `exported to ${file}` }).waitFor({ timeout: 30_000 });
    assert.ok(existsSync(file), 'the PDF was written where the dialog said');
    const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', file, '-']);
    assert.ok(stdout.includes(title), 'the PDF shows the title as text');
    assert.ok(stdout.includes(marker), 'the PDF holds what was typed and saved');
    assert.deepEqual(dialogs, [], 'no alert was shown');
  });

  it('back to the theme it started with', async function () {
    await colorTheme(startTheme, startTheme.startsWith('Dark') ? 'vscode-dark' : 'vscode-light');
  });
});
