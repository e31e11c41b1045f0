// Runs a module exporting run(): Promise<void> inside a real VS Code extension host: code-server serves the
// workbench, Chromium opens it with a payload that loads the extension and names the module as extensionTestsPath,
// and the page reports back through the two automation hooks VS Code calls (codeAutomationLog, codeAutomationExit).
// The module writes what it found to a results file (its path in the environment variable the caller names).
// Everything is shut down at the end, also on a timeout or an interruption.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { launchBrowser, newWorkbenchPage } from './browser';
import type { CodeServer } from './codeServer';
import { developmentPayload, startCodeServer } from './codeServer';
import { repoRoot } from './paths';
import { stopAllOnSignals } from './processes';

export interface HostRunOptions {
  /** The compiled module to run (its run() export). */
  module: string;
  /** Prepares the workspace folder the workbench opens. */
  prepareWorkspace: (folder: string) => Promise<unknown>;
  /** The environment variable through which the module learns where to write its results. */
  resultsVariable: string;
  timeoutMs: number;
  /** Each console line of the workbench and the extension host; default: printed as is. */
  relay?: (type: string, text: string) => void;
  /** Called once the workbench is loading, e.g. to say where. */
  onStart?: (server: CodeServer, workspace: string) => void;
}

export interface HostRunResult<T> {
  /** The exit code the extension host reported; 124 when it gave none within the timeout. */
  code: number;
  /** What the module wrote, or undefined when it wrote nothing (it did not run to the end). */
  results: T | undefined;
}

export async function runInExtensionHost<T>(options: HostRunOptions): Promise<HostRunResult<T>> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'trcaa-host-'));
  const workspace = path.join(scratch, 'workspace');
  const resultsFile = path.join(scratch, 'results.json');
  await options.prepareWorkspace(workspace);

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
      env: { [options.resultsVariable]: resultsFile },
      onOutput: (text) => {
        if (process.env.TRCAA_TEST_VERBOSE) process.stderr.write(`[code-server] ${text}`);
      },
    });
    const browser = await launchBrowser();
    closeBrowser = () => browser.close();
    const page = await newWorkbenchPage(browser);

    let settle!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (settle = resolve));
    const relay = options.relay ?? ((type: string, text: string) => (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`));
    // VS Code forwards console calls as (format, ...values).
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => relay(type, format(...(Array.isArray(args) ? args : [args]))));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));

    options.onStart?.(server, workspace);
    await page.goto(server.workbenchUrl(workspace, developmentPayload(server, repoRoot, options.module)));
    const timer = new Promise<number>((resolve) => setTimeout(() => resolve(124), options.timeoutMs).unref());
    const code = await Promise.race([exited, timer]);
    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as T) : undefined;
    return { code, results };
  } finally {
    await cleanUp();
  }
}
