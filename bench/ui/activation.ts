// The packaged extension's activation time as the workbench reports it: `npm run package`, the .vsix installed into
// code-server (`--install-extension`), the workbench opened in Chromium, the TRCAA container opened (which activates
// the extension), then Developer: Show Running Extensions, whose TRCAA row reads "Activation: N ms" (VS Code's
// codeLoadingTime + activateCallTime). One fresh window (a new extension host) per run.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser, newWorkbenchPage } from '../../test/host/browser';
import { ensureCodeServer, startCodeServer } from '../../test/host/codeServer';
import { repoRoot } from '../../test/host/paths';

const run = promisify(execFile);

export interface ActivationResult {
  runs: number[];
  medianMs: number;
}

/** The ms figure of TRCAA's row in Running Extensions, read off the page as a person reads it. */
async function readActivation(page: Page): Promise<number> {
  await page.locator('.activitybar a.action-label[aria-label^="TRCAA"]').click();
  // The view's title appears at once; the Issues view asks its provider, which needs the activated extension.
  await page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: 'Issues' }).first().waitFor();
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'TRCAA' }).first();
  const time = row.locator('.activation-time');
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('>Developer: Show Running Extensions');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().click();
    const text = await time.textContent({ timeout: 15_000 }).catch(() => null);
    const match = /Activation:\s*([\d.]+)\s*ms/i.exec(text ?? '');
    if (match) return Number(match[1]);
    if (attempt >= 5) throw new Error(`no "Activation: N ms" for TRCAA in Running Extensions (read: ${JSON.stringify(text)})`);
    await page.waitForTimeout(1000); // not activated yet: ask again
  }
}

/** Packages this checkout, unless `vsix` names a package to measure instead (e.g. an earlier build's). */
export async function benchActivation(runs: number, vsix?: string): Promise<ActivationResult> {
  if (!vsix) {
    console.log('[bench:ui] activation: npm run package…');
    await run('npm', ['run', '-s', 'package'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'trcaa-bench-activation-'));
  const userDataDir = path.join(scratch, 'user-data');
  const workspace = path.join(scratch, 'workspace');
  await mkdir(workspace, { recursive: true });
  const install = await ensureCodeServer();
  await run(process.execPath, [
    path.join(install, 'out', 'node', 'entry.js'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', path.join(userDataDir, 'extensions'),
    '--install-extension', path.resolve(vsix ?? path.join(repoRoot, 'trcaa.vsix')),
  ], { cwd: install, maxBuffer: 16 * 1024 * 1024 });
  const server = await startCodeServer({ userDataDir });
  const browser = await launchBrowser();
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await newWorkbenchPage(browser, { viewport: { width: 1400, height: 900 } });
      await page.goto(server.workbenchUrl(workspace));
      await page.waitForSelector('.activitybar', { timeout: 60_000 });
      // Let the workbench's own start-up work (built-in extensions activating) finish first: the figure includes a
      // round trip through the extension host's event loop, which that work would lengthen.
      await page.waitForTimeout(5000);
      const ms = await readActivation(page);
      console.log(`[bench:ui] activation run ${i + 1}/${runs}: ${ms} ms`);
      times.push(ms);
      await page.close();
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { runs: times, medianMs };
}
