// npm run bench:ai (after npm run build): the AI chat's three figures, in VS Code for the Web (code-server +
// Chromium, the extension in Development mode) against the in-repo fake provider (test/support/fakeAiServer.ts):
//   1. the chat opens: from the click on "Open AI Chat" to its input on screen, the AI Chat view hidden before
//      (View: Hide Panel), goal ≤ 300 ms. The first open in a window, which creates the view's webview and loads
//      the assistant feature, is printed apart; so is the 5 Whys editor panel by the same measure, a new webview
//      each time, for comparison.
//   2. the first streamed token painted: from the fake provider writing it to the panel's DOM showing it, both
//      clocks epoch-based on this machine (goal ≤ 50 ms)
//   3. the context of an incident with a 200 MB approved log (bench/aiContext.ts, run as it is; goal ≤ 1 s)
// Options: --runs N (default 5), --skip-context. Also writes test-results/bench-ai.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { newWorkbenchPage } from '../test/host/browser';
import { repoRoot } from '../test/host/paths';
import { newIssueFromPalette, openWorkbench, runCommand, startWorkbenchServer, stopWorkbenchServer, type WorkbenchServer } from '../test/e2e/workbench';
import { FakeAiServer } from '../test/support/fakeAiServer';

const arg = (name: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 5);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The AI Chat view's webview, and an editor panel's (VS Code for the Web nests a page in two iframes). */
const CHAT_VIEW_FRAME = 'iframe.webview.ready[src*="purpose=webviewView"]';
const EDITOR_PANEL_FRAME = 'iframe.webview.ready:not([src*="purpose=webviewView"])';

/** The chat's page: the view's inner frame, once its input is there. */
async function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const input = page.frameLocator(CHAT_VIEW_FRAME).frameLocator('#active-frame').locator('#input');
  await input.waitFor({ timeout: timeoutMs });
  const frame = await (await input.elementHandle())?.ownerFrame();
  if (!frame) throw new Error('the chat panel has no frame');
  return frame;
}

/** From the click on a context-menu item to `selector` on screen in the webview (`frame`) it opens or shows. */
async function openPanel(page: Page, row: ReturnType<Page['locator']>, label: string, frame: string, selector: string): Promise<number> {
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: label }).first();
  await item.waitFor();
  await item.hover();
  const start = Date.now();
  await item.click();
  await page.frameLocator(frame).frameLocator('#active-frame').locator(selector).waitFor({ state: 'visible', timeout: 60_000 });
  return Date.now() - start;
}

async function closeEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator(EDITOR_PANEL_FRAME).waitFor({ state: 'detached' });
}

/** Hides the panel area, and with it the AI Chat view (its page is kept alive). */
async function hideChat(page: Page): Promise<void> {
  await runCommand(page, 'View: Hide Panel');
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
}

/** Sends a question and returns, per answer, how long after the fake wrote the first chunk the page showed it. */
async function firstTokenLatency(page: Page, fake: FakeAiServer, n: number): Promise<number> {
  const frame = await chatFrame(page);
  const marker = `tok${n}x${Date.now().toString(36)}`;
  // The page's clock when the marker first appears in an answer (a MutationObserver: no polling delay).
  await frame.evaluate((text) => {
    (window as unknown as { trcaaPainted?: number }).trcaaPainted = undefined; // the view's page lives on between runs
    const target = document.getElementById('messages') as HTMLElement;
    const seen = new MutationObserver(() => {
      if (target.querySelector('li.message.assistant:last-child')?.textContent?.includes(text)) {
        (window as unknown as { trcaaPainted: number }).trcaaPainted = performance.timeOrigin + performance.now();
        seen.disconnect();
      }
    });
    seen.observe(target, { childList: true, subtree: true, characterData: true });
  }, marker);
  const before = fake.writes.length;
  // The first chunk comes 300 ms after the request (the panel is idle by then), the rest later.
  fake.script({ chunks: [{ text: `${marker} `, delayMs: 300 }, { text: 'and the rest.', delayMs: 400 }] });
  await frame.locator('#input').fill(`Question ${n}`);
  await frame.locator('#input').press('Enter');
  const painted = await frame.waitForFunction(() => (window as unknown as { trcaaPainted?: number }).trcaaPainted, undefined, { timeout: 30_000 });
  const written = fake.writes.slice(before).find((w) => w.text.includes(marker));
  if (!written) throw new Error('the fake wrote no first chunk');
  await frame.locator('li.message.assistant:last-child', { hasText: 'and the rest.' }).waitFor();
  return Number(await painted.jsonValue()) - written.at;
}

function benchContext(): { ms: number; output: string } | undefined {
  if (process.argv.includes('--skip-context')) return undefined;
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'bench', 'aiContext.js')], { encoding: 'utf8', maxBuffer: 1 << 22 });
  process.stdout.write(run.stdout.replace(/^(?=.)/gm, '[ai-context] '));
  const figures = [...run.stdout.matchAll(/context[^\n]*?([\d.]+) (ms|s)\b/gi)].map((m) => Number(m[1]) * (m[2] === 's' ? 1000 : 1));
  return figures.length ? { ms: Math.max(...figures), output: run.stdout } : undefined;
}

async function main(): Promise<void> {
  const fake = await FakeAiServer.start();
  let server: WorkbenchServer | undefined;
  const opens: number[] = [];
  let firstOpen = 0;
  const tokens: number[] = [];
  /** The 5 Whys panel by the same measure: what any webview panel costs here. */
  const whysOpens: number[] = [];
  try {
    server = await startWorkbenchServer('bench-ai', { 'trcaa.ai.provider': 'ollama', 'trcaa.ai.baseUrl': fake.baseUrl('ollama'), 'trcaa.ai.model': fake.models[0] });
    const page = await newWorkbenchPage(server.browser, { viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, server.url);
    const row = await newIssueFromPalette(page, 'Checkout 502s (bench)');
    firstOpen = await openPanel(page, row, 'Open AI Chat', CHAT_VIEW_FRAME, '#input');
    console.log(`[bench:ai] the first open in this window (the view's webview created, the assistant loaded): ${firstOpen} ms`);
    await hideChat(page);
    for (let i = 0; i < runs; i++) {
      opens.push(await openPanel(page, row, 'Open AI Chat', CHAT_VIEW_FRAME, '#input'));
      tokens.push(await firstTokenLatency(page, fake, i));
      await hideChat(page);
      whysOpens.push(await openPanel(page, row, 'Open 5 Whys', EDITOR_PANEL_FRAME, '#next-question input'));
      await closeEditors(page);
      console.log(`[bench:ai] run ${i + 1}/${runs}: chat panel open ${opens.at(-1)} ms (5 Whys panel ${whysOpens.at(-1)} ms), first token painted ${tokens.at(-1)?.toFixed(1)} ms after it was sent`);
    }
  } finally {
    if (server) await stopWorkbenchServer(server);
    await fake.close();
  }
  const context = benchContext();
  const rows = [
    ['the AI chat opens (click → input on screen, the view hidden before), median', `${median(opens)} ms`, '≤ 300 ms', median(opens) <= 300, opens.join(', ')],
    ['(apart) the first open in a window: the view\'s webview created, the assistant loaded', `${firstOpen} ms`, '', true, ''],
    ['(for comparison) the 5 Whys editor panel opens, same measure, median', `${median(whysOpens)} ms`, '', true, whysOpens.join(', ')],
    ['first streamed token painted after the provider sent it, median', `${median(tokens).toFixed(1)} ms`, '≤ 50 ms', median(tokens) <= 50, tokens.map((t) => t.toFixed(1)).join(', ')],
    ...(context ? [['context of an incident with a 200 MB approved log (slowest figure)', `${context.ms.toFixed(0)} ms`, '≤ 1000 ms', context.ms <= 1000, 'bench/aiContext.ts']] : []),
  ] as const;
  console.log('\n| figure | value | goal | | runs |\n| --- | --- | --- | --- | --- |');
  for (const [figure, value, goal, met, all] of rows) console.log(`| ${figure} | ${value} | ${goal} | ${goal ? (met ? 'met' : 'MISSED') : ''} | ${all} |`);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results', 'bench-ai.json'), JSON.stringify({ opens, firstOpen, whysOpens, tokens, contextMs: context?.ms }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
