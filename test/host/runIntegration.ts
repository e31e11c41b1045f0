// Runs the integration suites inside a real VS Code extension host: code-server serves the workbench, Chromium
// opens it with a payload that loads the extension and its tests, and the page reports back through the two
// automation hooks VS Code calls (codeAutomationLog, codeAutomationExit). Everything is shut down at the end,
// also when a test hangs (TRCAA_TEST_TIMEOUT_MS) or the run is interrupted.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { writeSampleWorkspace } from '../../src/core/demo/writeSampleWorkspace';
import type { IntegrationSummary } from '../integration/index';
import { launchBrowser } from './browser';
import type { CodeServer } from './codeServer';
import { developmentPayload, startCodeServer } from './codeServer';
import { repoRoot } from './paths';
import { stopAllOnSignals } from './processes';

const timeoutMs = Number(process.env.TRCAA_TEST_TIMEOUT_MS ?? 15 * 60_000);

async function main(): Promise<number> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'trcaa-it-'));
  const workspace = path.join(scratch, 'workspace');
  const resultsFile = path.join(scratch, 'results.json');
  await writeSampleWorkspace(workspace);

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
      env: { TRCAA_TEST_RESULTS: resultsFile },
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
      // VS Code forwards console calls as (format, ...values).
      const text = format(...(Array.isArray(args) ? args : [args]));
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));

    const payload = developmentPayload(server, repoRoot, path.join(repoRoot, 'out', 'test', 'integration', 'index.js'));
    console.log(`[integration] VS Code for the Web on ${server.origin}, workspace ${workspace}`);
    await page.goto(server.workbenchUrl(workspace, payload));

    const timer = new Promise<number>((resolve) => setTimeout(() => {
      console.error(`[integration] no result after ${timeoutMs} ms: giving up`);
      resolve(124);
    }, timeoutMs).unref());
    const code = await Promise.race([exited, timer]);

    const summary: IntegrationSummary | undefined = existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as IntegrationSummary)
      : undefined;
    if (!summary) {
      console.error('[integration] the extension host wrote no results: the tests did not run to the end');
      if (code === 0) return 1;
    } else {
      for (const failure of summary.failures) console.error(`[integration] FAILED ${failure.title}\n${failure.error}`);
      // The summary in mocha's own words, so the aggregate counter reads every layer the same way.
      console.log(`\n  ${summary.passed} passing`);
      if (summary.pending) console.log(`  ${summary.pending} pending`);
      if (summary.failed) console.log(`  ${summary.failed} failing`);
      if (summary.failed > 0 && code === 0) return 1;
    }
    return code;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[integration] the test host failed:', error);
    process.exit(1);
  },
);
