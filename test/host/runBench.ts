// Runs a bench module (exporting run(): Promise<void>) inside a real VS Code extension host, the way
// runIntegration.ts runs the suites: code-server serves the workbench, Chromium opens it with a payload naming the
// module as extensionTestsPath, and the page's automation hooks relay the console and the exit code. The module
// writes its figures to TRCAA_BENCH_RESULTS; this returns them. Used by bench/ui/main.ts (npm run bench:ui).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser';
import type { CodeServer } from './codeServer';
import { developmentPayload, startCodeServer } from './codeServer';
import { repoRoot } from './paths';
import { stopAllOnSignals } from './processes';

export async function runInExtensionHost<T>(benchModule: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'trcaa-bench-host-'));
  const workspace = path.join(scratch, 'workspace');
  const resultsFile = path.join(scratch, 'results.json');
  await mkdir(workspace, { recursive: true });

  let server: CodeServer | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  const cleanUp = async () => {
    await closeBrowser?.().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  };
  stopAllOnSignals(cleanUp);

  try {
    server = await startCodeServer({
      env: { ...options.env, TRCAA_BENCH_RESULTS: resultsFile },
      onOutput: (text) => {
        if (process.env.TRCAA_TEST_VERBOSE) process.stderr.write(`[code-server] ${text}`);
      },
    });
    const browser = await launchBrowser();
    closeBrowser = () => browser.close();
    const page = await browser.newPage();

    let settle!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      // Only the bench's own lines: the workbench logs plenty (e.g. the unreachable marketplace) that says nothing
      // about the figures. A failing bench still shows, as the missing results file.
      if (text.includes('[bench:ui]') || process.env.TRCAA_TEST_VERBOSE) (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    await page.goto(server.workbenchUrl(workspace, developmentPayload(server, repoRoot, benchModule)));

    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    const timer = new Promise<number>((resolve) => setTimeout(() => resolve(124), timeoutMs).unref());
    const code = await Promise.race([exited, timer]);
    if (code === 124) throw new Error(`the bench in the extension host gave no result after ${timeoutMs} ms`);
    if (!existsSync(resultsFile)) throw new Error(`the bench in the extension host wrote no results (exit code ${code})`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as T | { error: string };
    if (results && typeof results === 'object' && 'error' in results) throw new Error(`the bench in the extension host failed: ${results.error}`);
    return results;
  } finally {
    await cleanUp();
  }
}
