// Smoke test of `npm start`: the compiled start script (no rebuild) serves the workbench with the TRCAA container,
// prints a URL that works, and Ctrl+C leaves nothing behind: no listener on the port, no code-server process.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../host/browser';
import { freePort } from '../host/codeServer';
import { repoRoot } from '../host/paths';
import { spawnGroup, stopGroup } from '../host/processes';
import { activityBarItem, openWorkbench, screenshot } from './workbench';

/** Command lines of every process on this machine that mentions `needle`. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (commandLine.includes(needle)) found.push(`${pid}: ${commandLine}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

interface Started {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

/** Runs the compiled start script as `npm start` would and waits for the URL it prints. */
async function runStart(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawnGroup(process.execPath, [path.join(repoRoot, 'out', 'scripts', 'start.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^\s*(http:\/\/127\.0\.0\.1:\d+\/\?\S+)$/m.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`start exited early (code ${code}):\n${output}`)));
  });
  return { child, url, port: Number(new URL(url).port), output: () => output };
}

/** What Ctrl+C in the terminal delivers to the script; resolves with its exit code, or fails after 20 s. */
async function ctrlC(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 20_000)));
  const code = await Promise.race([exited, hung]);
  clearTimeout(timer);
  assert.notEqual(code, 'hung', `start did not exit within 20 s of SIGINT:\n${started.output()}`);
  running.delete(started.child);
  return code as number | null;
}

/** Start scripts a failed test left running: the after() hook stops their whole process group. */
const running = new Set<ChildProcess>();

describe('npm start (smoke)', function () {
  let dir: string;
  let browser: Browser | undefined;

  beforeEach(async function () {
    // Its own folder, so that a person's `npm start` in this checkout (<repo>/.demo) is left alone.
    dir = await mkdtemp(path.join(os.tmpdir(), 'trcaa-start-'));
  });

  afterEach(async function () {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    for (const child of running) await stopGroup(child);
    running.clear();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a URL that opens the workbench with TRCAA in the activity bar; Ctrl+C stops everything', async function () {
    const port = await freePort();
    const started = await runStart(['--port', String(port), '--dir', dir]);
    assert.ok(started.url.startsWith(`http://127.0.0.1:${port}/?folder=`), `the URL uses the requested port: ${started.url}`);
    assert.match(decodeURIComponent(started.url), /"extensionDevelopmentPath","vscode-remote:\/\/127\.0\.0\.1:\d+\//);

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, started.url);
    await activityBarItem(page, 'TRCAA').waitFor({ state: 'visible' });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'logs' }).waitFor();
    await screenshot(page, 'start', 'workbench');
    await browser.close();
    browser = undefined;

    // The check after Ctrl+C must be able to see code-server: its command line names the folder.
    assert.ok(processesMentioning(dir).some((line) => line.includes('entry.js')), 'code-server runs with the demo folder');
    assert.equal(await ctrlC(started), 130, `exit code after Ctrl+C:\n${started.output()}`);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'nothing answers on the port any more');
    assert.deepEqual(processesMentioning(dir), [], 'no process uses the demo folder any more');
  });

  it('falls back to a free port when the one in PORT is busy', async function () {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      // PORT also reaches code-server's environment, where it would override --bind-addr: it must not.
      const started = await runStart(['--dir', dir], { PORT: String(busy) });
      assert.match(started.output(), new RegExp(`Port ${busy} is busy: using ${started.port} instead`));
      assert.notEqual(started.port, busy);
      assert.equal((await fetch(`http://127.0.0.1:${started.port}/healthz`)).status, 200);
      assert.equal(await ctrlC(started), 130);
    } finally {
      blocker.close();
    }
  });
});
