// npm run bench:ai (after npm run build): the AI chat's three figures, in VS Code for the Web (code-server +
// Chromium, the extension in Development mode) against the in-repo fake provider (test/support/fakeAiServer.ts):
//   1. the chat panel opens: from the click on "Open AI Chat" to its input on screen (goal ≤ 300 ms; the first
//      open also loads the assistant feature)
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

/** The chat's page: the webview's inner frame (VS Code for the Web nests it in two iframes), once its input is there. */
async function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const input = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('#input');
  await input.waitFor({ timeout: timeoutMs });
  const frame = await (await input.elementHandle())?.ownerFrame();
  if (!frame) throw new Error('the chat panel has no frame');
  return frame;
}

async function openChat(page: Page, row: ReturnType<Page['locator']>): Promise<number> {
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Open AI Chat' }).first();
  await item.waitFor();
  await item.hover();
  const start = Date.now();
  await item.click();
  await chatFrame(page);
  return Date.now() - start;
}

/** Sends a question and returns, per answer, how long after the fake wrote the first chunk the page showed it. */
async function firstTokenLatency(page: Page, fake: FakeAiServer, n: number): Promise<number> {
  const frame = await chatFrame(page);
  const marker = `tok${n}x${Date.now().toString(36)}`;
  // The page's clock when the marker first appears in an answer (a MutationObserver: no polling delay).
  await frame.evaluate((text) => {
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
  const tokens: number[] = [];
  try {
    server = await startWorkbenchServer('bench-ai', { 'trcaa.ai.provider': 'ollama', 'trcaa.ai.baseUrl': fake.baseUrl('ollama'), 'trcaa.ai.model': fake.models[0] });
    const page = await newWorkbenchPage(server.browser, { viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, server.url);
    const row = await newIssueFromPalette(page, 'Checkout 502s (bench)');
    for (let i = 0; i < runs; i++) {
      opens.push(await openChat(page, row));
      tokens.push(await firstTokenLatency(page, fake, i));
      console.log(`[bench:ai] run ${i + 1}/${runs}: panel open ${opens.at(-1)} ms, first token painted ${tokens.at(-1)?.toFixed(1)} ms after it was sent`);
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview.ready').waitFor({ state: 'detached' });
    }
  } finally {
    if (server) await stopWorkbenchServer(server);
    await fake.close();
  }
  const context = benchContext();
  const rows = [
    ['the chat panel opens (click → input on screen), median', `${median(opens)} ms`, '≤ 300 ms', median(opens) <= 300, opens.join(', ')],
    ['first streamed token painted after the provider sent it, median', `${median(tokens).toFixed(1)} ms`, '≤ 50 ms', median(tokens) <= 50, tokens.map((t) => t.toFixed(1)).join(', ')],
    ...(context ? [['context of an incident with a 200 MB approved log (slowest figure)', `${context.ms.toFixed(0)} ms`, '≤ 1000 ms', context.ms <= 1000, 'bench/aiContext.ts']] : []),
  ] as const;
  console.log('\n| figure | value | goal | | runs |\n| --- | --- | --- | --- | --- |');
  for (const [figure, value, goal, met, all] of rows) console.log(`| ${figure} | ${value} | ${goal} | ${met ? 'met' : 'MISSED'} | ${all} |`);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results', 'bench-ai.json'), JSON.stringify({ opens, tokens, contextMs: context?.ms }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
