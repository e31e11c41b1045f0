// What the UI tests share: reaching the workbench, finding things the way a person does, keeping screenshots.
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Dialog, FrameLocator, Locator, Page } from 'playwright-core';
import { writeSampleWorkspace } from '../../src/core/demo/writeSampleWorkspace';
import { launchBrowser, newWorkbenchPage } from '../host/browser';
import type { CodeServer } from '../host/codeServer';
import { developmentPayload, startCodeServer } from '../host/codeServer';
import { repoRoot } from '../host/paths';

/** Screenshots are test artifacts under the git-ignored test-results/ folder. */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = path.join(repoRoot, 'test-results', folder);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Opens `url` and waits until the workbench has drawn its activity bar. */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('.activitybar', { timeout: 60_000 });
}

/** An activity-bar item, found by its aria-label (the view container's title), as a screen reader would. */
export function activityBarItem(page: Page, title: string) {
  return page.locator(`.activitybar a.action-label[aria-label="${title}"]`);
}

/** Runs a command from the palette; opens it again when something (a tree reveal) took the focus and closed it. */
export async function runCommand(page: Page, name: string): Promise<void> {
  const quickInput = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  for (let attempt = 0; ; attempt++) {
    if (!(await quickInput.isVisible())) {
      await page.keyboard.press('F1');
      await quickInput.waitFor();
    }
    await quickInput.fill(`>${name}`);
    if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      if (await row.click({ timeout: 3000 }).then(() => true, () => false)) return;
    }
    if (attempt > 10) throw new Error(`could not run ${name} from the palette`);
    await quickInput.fill('>').catch(() => undefined);
  }
}

/** The workbench's side bar (the TRCAA views when the TRCAA container is open). */
export const sideBar = (page: Page) => page.locator('#workbench\\.parts\\.sidebar');

/**
 * Shows the TRCAA side bar as a person does, with its activity-bar icon. A click on the icon of a container already
 * shown hides it, and after a window reload the workbench may restore the side bar a moment after the icon appears:
 * so the icon is clicked only while TRCAA's container (its composite, whose id is the container's) is not shown.
 */
export async function showTrcaa(page: Page): Promise<void> {
  const shown = sideBar(page).locator('.composite[id="workbench.view.extension.trcaa"]');
  for (let attempt = 0; !(await shown.isVisible()); attempt++) {
    if (attempt >= 5) throw new Error('the TRCAA side bar never showed');
    await page.locator('.activitybar a.action-label[aria-label^="TRCAA"]').click({ force: true });
    await shown.waitFor({ timeout: 3000 }).catch(() => undefined);
  }
}

/**
 * TRCAA: New Issue… from the palette: the title typed, severity, category and description left as suggested. Waits
 * until the new incident is revealed and selected in the Issues view, and returns its row.
 */
export async function newIssueFromPalette(page: Page, title: string): Promise<Locator> {
  await showTrcaa(page);
  await runCommand(page, 'TRCAA: New Issue…');
  // Each Enter waits for its own step.
  for (let step = 1; step <= 4; step++) {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: `New Issue (${step}/4)` }).waitFor();
    if (step === 1) await page.locator('.quick-input-widget input.input').fill(title);
    await page.keyboard.press('Enter');
  }
  // New Issue reveals and selects the incident: let that finish before anything else takes the focus.
  await sideBar(page).locator('.monaco-list-row[aria-selected="true"]', { hasText: title }).first().waitFor();
  return sideBar(page).locator('.monaco-list-row[aria-level="2"]', { hasText: title }).first();
}

/**
 * Runs `label` from the context menu of `row`. A click that arrives as the menu opens can go unheard: hover it,
 * click, and again while the menu is still there.
 */
export async function runContextMenu(page: Page, row: Locator, label: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: label }).first();
  await item.waitFor();
  for (let attempt = 0; await item.isVisible(); attempt++) {
    if (attempt >= 3) throw new Error(`"${label}" in the context menu did nothing`);
    await item.hover();
    await item.click({ timeout: 3000 }).catch(() => undefined);
    await item.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
  }
}

/**
 * Developer: Reload Window, as a person does (the workbench shuts down and saves its state first), answering the
 * browser's leave-page question when it asks; returns once the new page has drawn its activity bar.
 */
export async function reloadWindow(page: Page): Promise<void> {
  // A flag on the old page: gone once the page really reloaded.
  await page.evaluate(() => Object.assign(window, { trcaaBeforeReload: true }));
  const leave = (dialog: Dialog) => {
    if (dialog.type() === 'beforeunload') void dialog.accept().catch(() => undefined);
  };
  page.on('dialog', leave);
  try {
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForFunction(() => !('trcaaBeforeReload' in window), undefined, { timeout: 30_000 });
  } finally {
    page.off('dialog', leave);
  }
  await page.waitForSelector('.activitybar', { timeout: 60_000 });
}

/**
 * Preferences: Color Theme, then the theme picked by its name, as a person does; waits until `webview` (a webview's
 * page) is drawn in it.
 */
export async function pickColorTheme(page: Page, name: string, kind: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast', webview: FrameLocator): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget .quick-input-list').waitFor();
  await input.fill(name);
  // Typing the whole name leaves that theme first (then "Browse Additional Color Themes…").
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor();
  await row.click();
  await input.waitFor({ state: 'hidden' });
  // The webview gets the theme from the workbench: its body says which kind it is drawn in.
  await webview.locator(`body[data-vscode-theme-name="${name}"][data-vscode-theme-kind="${kind}"]`).waitFor();
}

/** Expands a tree row unless it already is. */
export async function expand(row: Locator): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/** Text as displayed: Monaco and the workbench draw spaces as no-break spaces. */
export function visibleText(text: string | null): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

export interface WorkbenchServer {
  /** The throwaway folder holding the sample workspace. */
  scratch: string;
  server: CodeServer;
  browser: Browser;
  /** The workbench on the sample workspace, with this repository's extension in Development mode. */
  url: string;
}

/** Starts code-server on a fresh sample workspace and Chromium: what every UI test's workbench runs on. */
export async function startWorkbenchServer(folder: string, settings: Record<string, unknown> = {}): Promise<WorkbenchServer> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), `trcaa-${folder}-`));
  const workspace = path.join(scratch, 'workspace');
  await writeSampleWorkspace(workspace);
  const server = await startCodeServer({
    settings,
    onOutput: (text) => {
      if (process.env.TRCAA_TEST_VERBOSE) process.stderr.write(`[code-server] ${text}`);
    },
  });
  const browser = await launchBrowser();
  return { scratch, server, browser, url: server.workbenchUrl(workspace, developmentPayload(server, repoRoot)) };
}

/** Stops what startWorkbenchServer started (whatever of it did start) and removes the workspace. */
export async function stopWorkbenchServer(started: Partial<WorkbenchServer>): Promise<void> {
  await started.browser?.close().catch(() => undefined);
  await started.server?.stop();
  if (started.scratch) await rm(started.scratch, { recursive: true, force: true });
}

/**
 * For a describe block: VS Code for the Web on a fresh sample workspace with the extension loaded from this
 * checkout, one Chromium page for all its tests, a screenshot of any failing step under test-results/<folder>/,
 * and everything stopped afterwards; `settings` (read when it starts) are written to its user settings. Returns the page
 * (valid once `before` has run).
 */
export function useWorkbench(folder: string, settings: () => Record<string, unknown> = () => ({})): () => Page {
  let scratch: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  before(async function () {
    const started = await startWorkbenchServer(folder, settings());
    ({ scratch, server, browser } = started);
    page = await newWorkbenchPage(started.browser, { viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, started.url);
  });

  afterEach(async function () {
    // A failing step leaves a picture of what was on screen at that moment.
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, folder, `FAILED ${this.currentTest.title}`).catch(() => undefined);
  });

  after(() => stopWorkbenchServer({ scratch, server, browser }));

  return () => {
    if (!page) throw new Error('the workbench is not open yet');
    return page;
  };
}
