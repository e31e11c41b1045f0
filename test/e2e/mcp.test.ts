// What a person sees importing MCP servers from the workspace: a `.vscode/mcp.json` whose server is the reference
// MCP server (run with node, no network), TRCAA: Import MCP Servers from Workspace, a modal that lists the exact
// command from the repository, Import and Run, discovery, and the server's tools in the MCP Servers view.
// Screenshots in test-results/mcp/.
import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newWorkbenchPage } from '../host/browser';
import { openWorkbench, runCommand, screenshot, showTrcaa, sideBar, startWorkbenchServer, stopWorkbenchServer, type WorkbenchServer } from './workbench';

describe('MCP servers: import .vscode/mcp.json (UI)', function () {
  this.timeout(240_000);
  let started: WorkbenchServer | undefined;
  let page: Page;
  const server = { command: process.execPath, args: [createRequire(__filename).resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] };

  before(async () => {
    started = await startWorkbenchServer('mcp');
    const file = path.join(started.scratch, 'workspace', '.vscode', 'mcp.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ servers: { 'repo-tools': { type: 'stdio', command: server.command, args: server.args } } }, null, 2));
    page = await newWorkbenchPage(started.browser, { viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, started.url);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, 'mcp', `FAILED ${this.currentTest.title}`).catch(() => undefined);
  });
  after(() => stopWorkbenchServer(started ?? {}));

  it('imports after the confirmation that names the command, discovers, and shows the tools under the server', async () => {
    await showTrcaa(page);
    const header = sideBar(page).locator('.pane-header', { hasText: 'MCP Servers' }).first();
    await header.waitFor({ timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await sideBar(page).getByText('No MCP servers yet').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'mcp', '1-empty');

    await runCommand(page, 'TRCAA: Import MCP Servers from Workspace');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, /Import 1 MCP server\(s\) from \.vscode\/mcp\.json/);
    assert.match(text, /come from the repository/);
    assert.ok(text.includes(`repo-tools: ${server.command} ${server.args.join(' ')}`), `the exact command line in: ${text}`);
    await screenshot(page, 'mcp', '2-confirmation');
    await dialog.getByRole('button', { name: 'Import and Run' }).click();

    await page.locator('.notifications-toasts .notification-toast', { hasText: 'Imported 1 MCP server(s)' }).first().waitFor({ timeout: 60_000 });
    const serverRow = sideBar(page).locator('.monaco-list-row[aria-level="1"]', { hasText: 'repo-tools' }).first();
    await serverRow.waitFor({ timeout: 15_000 });
    await serverRow.locator('.codicon-pass').waitFor({ timeout: 15_000 });
    assert.match(await serverRow.innerText(), /connected · local command/);
    if ((await serverRow.getAttribute('aria-expanded')) !== 'true') await serverRow.click();
    const echo = sideBar(page).locator('.monaco-list-row[aria-level="2"]', { hasText: 'echo' }).first();
    await echo.waitFor({ timeout: 15_000 });
    assert.match(await echo.innerText(), /read-only/);
    await screenshot(page, 'mcp', '3-tools');
  });
});
